// Importers of ONNX constants and data-movement ops: folded when their inputs are
// constants (torch.onnx.export's shape arithmetic), tensor / linalg ops otherwise.
#include "compiler/Frontends/ONNX/ConstantFolding.h"
#include "compiler/Frontends/ONNX/Ops.h"
#include "compiler/Frontends/ONNX/ShapeInference.h"

#include "dialect/RNNOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <limits>
#include <numeric>

using namespace mlir;

namespace rnnc::onnximport {

namespace {

/// The axes of Squeeze / Unsqueeze: an attribute before opset 13, an input since.
FailureOr<std::optional<std::vector<int64_t>>> axesOf(NodeContext &n) {
  if (n.opset() < 13)
    return n.getInts("axes");
  if (!n.hasInput(1))
    return std::optional<std::vector<int64_t>>();
  FailureOr<std::vector<int64_t>> axes = n.knownInts(1, "axes");
  if (failed(axes))
    return failure();
  return std::optional<std::vector<int64_t>>(*axes);
}

/// Reshapes a constant or run-time tensor.
Tensor reshapeAny(NodeContext &n, const Tensor &t, const Shape &shape) {
  if (t.isConstant() && (t.splat || isStatic(shape)))
    return reshapeConstant(t, shape);
  if (t.isConstant())
    return n.e.reshape(Tensor::runtime(n.e.materialize(t), t.type, t.shape), shape);
  return n.e.reshape(t, shape);
}

/// The index value `i` of a dim: negative counts from its end (computed at run time
/// for a dynamic dim).
OpFoldResult indexInDim(NodeContext &n, int64_t i, const Dim &dim) {
  if (i >= 0)
    return n.e.b.getIndexAttr(i);
  if (dim.isStatic())
    return n.e.b.getIndexAttr(i + dim.size);
  return n.e.b.create<arith::AddIOp>(n.loc, n.e.dimValue(dim), n.e.dimValue(Dim::fixed(i)))
      .getResult();
}

} // namespace

LogicalResult importConstant(NodeContext &n) {
  if (failed(n.checkAttributes({{"value", AttrType::Tensor},
                                {"value_float", AttrType::Float},
                                {"value_floats", AttrType::Floats},
                                {"value_int", AttrType::Int},
                                {"value_ints", AttrType::Ints}})) ||
      failed(n.checkInputs(0, 0)))
    return failure();
  if (const onnx::TensorProto *proto = n.getTensor("value")) {
    llvm::Expected<Tensor> t = decodeTensorProto(*proto);
    if (!t)
      return n.fail("attribute 'value': " + llvm::toString(t.takeError()));
    n.setOutput(0, std::move(*t));
    return success();
  }
  if (n.hasAttr("value_float")) {
    n.setOutput(0,
                Tensor::constantFloats(dtype::Float, {},
                                       {roundToType(dtype::Float, n.getFloat("value_float", 0))}));
    return success();
  }
  if (n.hasAttr("value_floats")) {
    std::vector<float> v = n.getFloats("value_floats");
    n.setOutput(0,
                Tensor::constantFloats(dtype::Float, {Dim::fixed(static_cast<int64_t>(v.size()))},
                                       std::vector<double>(v.begin(), v.end())));
    return success();
  }
  if (n.hasAttr("value_int")) {
    n.setOutput(0, Tensor::constantInts(dtype::Int64, {}, {n.getInt("value_int", 0)}));
    return success();
  }
  if (n.hasAttr("value_ints")) {
    std::vector<int64_t> v = *n.getInts("value_ints");
    n.setOutput(
        0, Tensor::constantInts(dtype::Int64, {Dim::fixed(static_cast<int64_t>(v.size()))}, v));
    return success();
  }
  return n.fail("needs one of the attributes value, value_float, value_floats, "
                "value_int, value_ints");
}

LogicalResult importShape(NodeContext &n) {
  if (failed(n.checkAttributes({{"start", AttrType::Int}, {"end", AttrType::Int}})) ||
      failed(n.checkInputs(1, 1)))
    return failure();
  const Tensor &x = n.input(0);
  int64_t rank = x.rank();
  auto clampIndex = [&](int64_t i) {
    if (i < 0)
      i += rank;
    return std::clamp<int64_t>(i, 0, rank);
  };
  int64_t start = clampIndex(n.getInt("start", 0));
  int64_t end = clampIndex(n.getInt("end", rank));
  Tensor out;
  out.type = dtype::Int64;
  bool anySym = false;
  for (int64_t d = start; d < end; ++d) {
    out.ints.push_back(x.shape[d].isStatic() ? x.shape[d].size : 0);
    out.intSyms.push_back(x.shape[d].sym);
    anySym |= !x.shape[d].isStatic();
  }
  if (!anySym)
    out.intSyms.clear();
  out.shape = {Dim::fixed(static_cast<int64_t>(out.ints.size()))};
  n.setOutput(0, std::move(out));
  return success();
}

LogicalResult importConstantOfShape(NodeContext &n) {
  if (failed(n.checkAttributes({{"value", AttrType::Tensor}})) || failed(n.checkInputs(1, 1)))
    return failure();
  const Tensor &shape = n.input(0);
  if (!shape.isConstant() || !isIntegerType(shape.type) || shape.rank() != 1 ||
      !shape.shape[0].isStatic())
    return n.fail("the shape must be a 1-D integer tensor known at compile time "
                  "(dims may be run-time sizes of other tensors)");
  DataType type = dtype::Float;
  double value = 0.0;
  if (const onnx::TensorProto *proto = n.getTensor("value")) {
    llvm::Expected<Tensor> v = decodeTensorProto(*proto);
    if (!v)
      return n.fail("attribute 'value': " + llvm::toString(v.takeError()));
    if (numElements(v->shape) != 1)
      return n.fail("attribute 'value' must hold one element");
    type = v->type;
    value = v->valueAt(0);
  }
  Shape out;
  for (int64_t k = 0; k < shape.shape[0].size; ++k) {
    if (shape.symAt(k) >= 0) {
      out.push_back(Dim::symbol(shape.symAt(k)));
    } else if (shape.intAt(k) < 0) {
      return n.fail("dim " + Twine(k) + " of the shape is negative (" + Twine(shape.intAt(k)) +
                    ")");
    } else {
      out.push_back(Dim::fixed(shape.intAt(k)));
    }
  }
  n.setOutput(0, Tensor::splatOf(type, out, value));
  return success();
}

LogicalResult importIdentity(NodeContext &n) {
  if (failed(n.checkAttributes({})) || failed(n.checkInputs(1, 1)))
    return failure();
  n.setOutput(0, n.input(0));
  return success();
}

LogicalResult importDropout(NodeContext &n) {
  if (failed(n.checkAttributes(
          {{"ratio", AttrType::Float}, {"is_test", AttrType::Int}, {"seed", AttrType::Int}})) ||
      failed(n.checkInputs(1, 3)))
    return failure();
  if (n.hasInput(2)) {
    const Tensor &training = n.input(2);
    if (!training.isKnown() || training.intAt(0) != 0)
      return n.fail("training_mode must be false (rnnc compiles inference)");
  }
  if (n.outputUsed(1))
    return n.fail("the mask output is not supported (rnnc compiles inference)");
  n.setOutput(0, n.input(0));
  return success();
}

LogicalResult importCast(NodeContext &n) {
  if (failed(n.checkAttributes({{"to", AttrType::Int}})) || failed(n.checkInputs(1, 1)))
    return failure();
  DataType to = static_cast<DataType>(n.getInt("to", 0));
  const Tensor &x = n.input(0);
  if (x.isConstant()) {
    if (!isFloatType(to) && !isIntegerType(to))
      return n.unsupportedAttribute("to", dataTypeName(to));
    llvm::Expected<Tensor> out = castConstant(x, to);
    if (!out)
      return n.fail(llvm::toString(out.takeError()));
    n.setOutput(0, std::move(*out));
    return success();
  }
  if (to != dtype::Float && to != dtype::Double && to != dtype::Int32 && to != dtype::Int64)
    return n.unsupportedAttribute("to", dataTypeName(to),
                                  "run-time casts produce float, double, int32 or int64");
  // Element-wise, so in the value's own layout.
  Shape phys = n.e.physicalShape(x);
  DataType from = x.type;
  Emitter &e = n.e;
  Value v =
      e.elementwise({{x.value, phys}}, phys, to, [&](OpBuilder &b, Location l, ValueRange args) {
        return e.convertScalar(b, l, args[0], from, to);
      });
  Tensor out = x;
  out.type = to;
  out.value = v;
  // Positions survive only a cast that keeps every value (dims reach 2^40).
  if (to != dtype::Int64 || !isIntegerType(from))
    out.positionsOf.reset();
  n.setOutput(0, std::move(out));
  return success();
}

LogicalResult importReshape(NodeContext &n) {
  if (failed(n.checkAttributes({{"allowzero", AttrType::Int}})) || failed(n.checkInputs(2, 2)))
    return failure();
  const Tensor &x = n.input(0);
  llvm::Expected<Shape> shape =
      reshapeTarget(x.shape, n.input(1), n.getInt("allowzero", 0) != 0, n.symbols);
  if (!shape)
    return n.fail(llvm::toString(shape.takeError()));
  n.setOutput(0, reshapeAny(n, x, *shape));
  return success();
}

LogicalResult importSqueeze(NodeContext &n) {
  if (failed(n.checkAttributes({{"axes", AttrType::Ints}})) ||
      failed(n.checkInputs(1, n.opset() < 13 ? 1 : 2)))
    return failure();
  const Tensor &x = n.input(0);
  FailureOr<std::optional<std::vector<int64_t>>> axes = axesOf(n);
  if (failed(axes))
    return failure();
  std::vector<bool> drop(x.rank(), false);
  if (*axes) {
    for (int64_t a : **axes) {
      FailureOr<int64_t> axis = n.axis(a, x.rank(), "axis");
      if (failed(axis))
        return failure();
      if (!x.shape[*axis].isStatic(1))
        return n.fail("dim " + Twine(*axis) +
                      " is not statically 1 and cannot be "
                      "squeezed");
      drop[*axis] = true;
    }
  } else {
    // Without axes every dim of size 1 goes; run-time dims are taken to be larger.
    for (int64_t d = 0; d < x.rank(); ++d)
      drop[d] = x.shape[d].isStatic(1);
  }
  Shape shape;
  for (int64_t d = 0; d < x.rank(); ++d)
    if (!drop[d])
      shape.push_back(x.shape[d]);
  n.setOutput(0, reshapeAny(n, x, shape));
  return success();
}

LogicalResult importUnsqueeze(NodeContext &n) {
  if (failed(n.checkAttributes({{"axes", AttrType::Ints}})) ||
      failed(n.checkInputs(n.opset() < 13 ? 1 : 2, n.opset() < 13 ? 1 : 2)))
    return failure();
  const Tensor &x = n.input(0);
  FailureOr<std::optional<std::vector<int64_t>>> axes = axesOf(n);
  if (failed(axes))
    return failure();
  if (!*axes)
    return n.fail("needs axes");
  int64_t rank = x.rank() + static_cast<int64_t>((*axes)->size());
  std::vector<bool> inserted(rank, false);
  for (int64_t a : **axes) {
    FailureOr<int64_t> axis = n.axis(a, rank, "axis");
    if (failed(axis))
      return failure();
    if (inserted[*axis])
      return n.fail("axis " + Twine(a) + " is repeated");
    inserted[*axis] = true;
  }
  Shape shape;
  for (int64_t d = 0, k = 0; d < rank; ++d)
    shape.push_back(inserted[d] ? Dim::fixed(1) : x.shape[k++]);
  n.setOutput(0, reshapeAny(n, x, shape));
  return success();
}

LogicalResult importFlatten(NodeContext &n) {
  if (failed(n.checkAttributes({{"axis", AttrType::Int}})) || failed(n.checkInputs(1, 1)))
    return failure();
  const Tensor &x = n.input(0);
  int64_t axis = n.getInt("axis", 1);
  if (axis < -x.rank() || axis > x.rank())
    return n.fail("axis = " + Twine(axis) + " is out of range for rank " + Twine(x.rank()));
  if (axis < 0)
    axis += x.rank();
  Shape head(x.shape.begin(), x.shape.begin() + axis);
  Shape tail(x.shape.begin() + axis, x.shape.end());
  std::optional<Dim> rows = n.symbols.product(head), cols = n.symbols.product(tail);
  if (!rows || !cols)
    return n.fail("the input's element count overflows int64");
  Shape shape = {*rows, *cols};
  n.setOutput(0, reshapeAny(n, x, shape));
  return success();
}

LogicalResult importTranspose(NodeContext &n) {
  if (failed(n.checkAttributes({{"perm", AttrType::Ints}})) || failed(n.checkInputs(1, 1)))
    return failure();
  const Tensor &x = n.input(0);
  std::vector<int64_t> perm(x.rank());
  std::iota(perm.rbegin(), perm.rend(), 0);
  if (std::optional<std::vector<int64_t>> p = n.getInts("perm"))
    perm = *p;
  std::vector<int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i)
    if (sorted[i] != static_cast<int64_t>(i) || sorted.size() != x.shape.size())
      return n.fail("perm is not a permutation of the " + Twine(x.rank()) + " dims");
  if (x.isConstant())
    n.setOutput(0, transposeConstant(x, perm));
  else
    n.setOutput(0, n.e.transpose(x, perm));
  return success();
}

LogicalResult importConcat(NodeContext &n) {
  if (failed(n.checkAttributes({{"axis", AttrType::Int}})) ||
      failed(n.checkInputs(1, std::numeric_limits<size_t>::max())))
    return failure();
  if (!n.hasAttr("axis"))
    return n.fail("needs attribute 'axis'");
  std::vector<const Tensor *> parts;
  for (size_t i = 0; i < n.numInputs(); ++i) {
    if (!n.hasInput(i))
      return n.fail("input " + Twine(i) + " is missing");
    parts.push_back(&n.input(i));
  }
  const Tensor &first = *parts.front();
  FailureOr<int64_t> axis = n.axis(n.getInt("axis", 0), first.rank(), "axis");
  if (failed(axis))
    return failure();
  for (const Tensor *p : parts)
    if (p->rank() != first.rank() || p->type != first.type)
      return n.fail("inputs must have the same rank and element type");
  bool allConstant = std::all_of(parts.begin(), parts.end(), [](const Tensor *p) {
    return p->isConstant() && isStatic(p->shape);
  });
  int64_t total = 0;
  for (const Tensor *p : parts)
    total += allConstant ? std::min(numElements(p->shape), kMaxFoldedElements + 1) : 0;
  if (allConstant && total <= kMaxFoldedElements) {
    n.setOutput(0, concatConstant(parts, *axis));
    return success();
  }
  // Skip empty parts (torch concatenates empty shape lists); the rest at run time.
  SmallVector<Value> values;
  const Tensor *model = nullptr;
  for (const Tensor *p : parts) {
    if (p->shape[*axis].isStatic(0))
      continue;
    values.push_back(n.e.materialize(*p));
    if (!model || (model->isConstant() && p->isRuntime()))
      model = p;
  }
  if (values.size() == 1) {
    n.setOutput(0, Tensor::runtime(values.front(), first.type, model->shape));
    return success();
  }
  auto concat = n.e.b.create<tensor::ConcatOp>(n.loc, *axis, values);
  auto type = llvm::cast<RankedTensorType>(concat.getType());
  Shape shape;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (!type.isDynamicDim(d))
      shape.push_back(Dim::fixed(type.getDimSize(d)));
    else if (d != *axis)
      shape.push_back(model->shape[d]);
    else
      shape.push_back(Dim::symbol(n.symbols.fromValueDim(concat, d)));
  }
  n.setOutput(0, Tensor::runtime(concat, first.type, shape));
  return success();
}

LogicalResult importGather(NodeContext &n) {
  if (failed(n.checkAttributes({{"axis", AttrType::Int}})) || failed(n.checkInputs(2, 2)))
    return failure();
  const Tensor &data = n.input(0), &indices = n.input(1);
  if (!isIntegerType(indices.type))
    return n.fail("indices must be integers, got " + dataTypeName(indices.type));
  FailureOr<int64_t> axis = n.axis(n.getInt("axis", 0), data.rank(), "axis");
  if (failed(axis))
    return failure();

  // Both known: fold (shape arithmetic, constant tables).
  if (data.isConstant() && indices.isKnown() && (isStatic(data.shape) || data.splat)) {
    if (!data.shape[*axis].isStatic())
      return n.fail("cannot gather along a run-time dim of a constant");
    llvm::Expected<Tensor> out = gatherConstant(data, indices, *axis);
    if (!out)
      return n.fail(llvm::toString(out.takeError()));
    n.setOutput(0, std::move(*out));
    return success();
  }

  // Positions rnnc computed (TopK, ArgMax, ...): bounded by their dim, not by a check of
  // the model's inputs as embedding ids are.
  if (indices.isRuntime() && indices.positionsOf)
    return gatherAtPositions(n, data, indices, *axis);

  // A constant table looked up by run-time ids: an embedding.
  if (data.isConstant() && indices.isRuntime()) {
    if (*axis != 0 || data.rank() != 2 || !isFloatType(data.type) || !data.isKnown())
      return n.fail("run-time indices are supported into a constant 2-D float "
                    "table along axis 0 (an embedding)");
    Value table = n.e.constant(data, "embedding_table");
    Shape phys = n.e.physicalShape(indices);
    phys.push_back(data.shape[1]);
    Value r = n.e.b.create<rnn::EmbeddingOp>(n.loc, n.e.tensorType(phys, data.type), indices.value,
                                             table);
    Tensor out = Tensor::runtime(r, data.type, indices.shape);
    out.shape.push_back(data.shape[1]);
    out.perm = indices.perm;
    out.perm.push_back(indices.rank());
    n.setOutput(0, std::move(out));
    return success();
  }

  // Run-time data at many known positions, or a table of them: one gather.
  if (data.isRuntime() && indices.isKnown() && indices.intSyms.empty() &&
      (indices.rank() > 1 || numElements(indices.shape) > kMaxSlicedPositions))
    return gatherAtKnownPositions(n, data, indices, *axis);

  // Run-time data at a few known positions (y[:, -1]): slices.
  if (data.isRuntime() && indices.isKnown() && indices.rank() <= 1) {
    const Dim &dim = data.shape[*axis];
    std::vector<int64_t> idx;
    for (int64_t k = 0, e = numElements(indices.shape); k < e; ++k) {
      int64_t i = indices.intAt(k);
      if (dim.isStatic() && (i < -dim.size || i >= dim.size))
        return n.fail("index " + Twine(i) + " is out of range for a dim of size " +
                      Twine(dim.size));
      idx.push_back(i);
    }
    SmallVector<OpFoldResult> offsets;
    for (int64_t i : idx) {
      offsets.push_back(indexInDim(n, i, dim));
      n.requireInRange(offsets.back(), n.e.b.getIndexAttr(1), dim,
                       "index " + Twine(i) + " of axis " + Twine(*axis));
    }
    if (indices.rank() == 0) {
      n.setOutput(0, n.e.takeIndex(data, *axis, offsets[0]));
      return success();
    }
    SmallVector<Value> pieces;
    Tensor piece;
    for (OpFoldResult offset : offsets) {
      piece = n.e.slice(data, *axis, offset, Dim::fixed(1));
      pieces.push_back(n.e.materialize(piece));
    }
    if (pieces.size() == 1) {
      n.setOutput(0, piece);
      return success();
    }
    Value r = n.e.b.create<tensor::ConcatOp>(n.loc, *axis, pieces);
    Shape shape = data.shape;
    shape[*axis] = Dim::fixed(static_cast<int64_t>(idx.size()));
    n.setOutput(0, Tensor::runtime(r, data.type, shape));
    return success();
  }
  if (data.isRuntime() && indices.isRuntime())
    return gatherAtPositions(n, data, indices, *axis);
  return n.fail("gathering from a run-time tensor needs 0-D or 1-D indices known at "
                "compile time");
}

LogicalResult importSlice(NodeContext &n) {
  bool fromAttrs = n.opset() < 10;
  if (fromAttrs) {
    if (failed(n.checkAttributes(
            {{"starts", AttrType::Ints}, {"ends", AttrType::Ints}, {"axes", AttrType::Ints}})) ||
        failed(n.checkInputs(1, 1)))
      return failure();
  } else if (failed(n.checkAttributes({})) || failed(n.checkInputs(3, 5))) {
    return failure();
  }
  const Tensor &x = n.input(0);
  std::vector<int64_t> starts, ends, axes, steps;
  std::vector<int> endSyms;
  if (fromAttrs) {
    if (!n.getInts("starts") || !n.getInts("ends"))
      return n.fail("needs attributes 'starts' and 'ends'");
    starts = *n.getInts("starts");
    ends = *n.getInts("ends");
    endSyms.assign(ends.size(), -1);
    if (std::optional<std::vector<int64_t>> a = n.getInts("axes"))
      axes = *a;
  } else {
    FailureOr<std::vector<int64_t>> s = n.knownInts(1, "starts");
    if (failed(s))
      return failure();
    starts = *s;
    // Ends may be a run-time dim (x[:, :y.shape[1]]).
    const Tensor &e = n.input(2);
    if (!e.isConstant() || !isIntegerType(e.type) || e.rank() != 1 || !isStatic(e.shape))
      return n.fail("ends (input 2) must be a 1-D integer tensor known at compile time");
    for (int64_t k = 0; k < e.shape[0].size; ++k) {
      ends.push_back(e.intAt(k));
      endSyms.push_back(e.symAt(k));
    }
    if (n.hasInput(3)) {
      FailureOr<std::vector<int64_t>> a = n.knownInts(3, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
    if (n.hasInput(4)) {
      FailureOr<std::vector<int64_t>> st = n.knownInts(4, "steps");
      if (failed(st))
        return failure();
      steps = *st;
    }
  }
  if (axes.empty())
    for (size_t k = 0; k < starts.size(); ++k)
      axes.push_back(static_cast<int64_t>(k));
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
    return n.fail("starts, ends, axes and steps must have the same length");

  constexpr int64_t kBig = std::numeric_limits<int64_t>::max() / 2;
  // Per dim: first element, step and size (a Dim; an unset size means a run-time one).
  int64_t rank = x.rank();
  std::vector<int64_t> first(rank, 0), step(rank, 1);
  Shape outShape = x.shape;
  std::vector<bool> sliced(rank, false);
  std::vector<std::pair<int64_t, int64_t>> dynamicRange(rank); // (start, end), raw
  std::vector<bool> runtimeSize(rank, false);
  for (size_t k = 0; k < starts.size(); ++k) {
    FailureOr<int64_t> axis = n.axis(axes[k], rank, "axis");
    if (failed(axis))
      return failure();
    if (sliced[*axis])
      return n.fail("axis " + Twine(*axis) + " is repeated");
    sliced[*axis] = true;
    if (steps[k] == 0)
      return n.fail("steps must not be 0");
    const Dim &dim = x.shape[*axis];
    if (endSyms[k] >= 0) {
      if (endSyms[k] != dim.sym || starts[k] < 0 || steps[k] != 1)
        return n.fail("an end given by a run-time dim must be that of the sliced dim");
      ends[k] = kBig;
    }
    if (dim.isStatic()) {
      int64_t size = dim.size, s = starts[k], e = ends[k], st = steps[k];
      if (s < 0)
        s += size;
      if (e < 0)
        e += size;
      int64_t count;
      if (st > 0) {
        s = std::clamp<int64_t>(s, 0, size);
        e = std::clamp<int64_t>(e, 0, size);
        count = e > s ? (e - s + st - 1) / st : 0;
      } else {
        s = std::clamp<int64_t>(s, 0, size - 1);
        e = std::clamp<int64_t>(e, -1, size - 1);
        count = s > e ? (s - e + (-st) - 1) / (-st) : 0;
      }
      first[*axis] = s;
      step[*axis] = st;
      outShape[*axis] = Dim::fixed(count);
      continue;
    }
    if (steps[k] != 1)
      return n.fail("steps other than 1 along a run-time dim are not supported");
    dynamicRange[*axis] = {starts[k], ends[k]};
    int64_t s = starts[k], e = ends[k];
    if (s == 0 && e >= kBig)
      continue; // the whole dim
    if ((s >= 0 && e >= 0 && e < kBig) || (s < 0 && e < 0))
      outShape[*axis] = Dim::fixed(std::max<int64_t>(e - s, 0));
    else if (s < 0 && e >= kBig)
      outShape[*axis] = Dim::fixed(-s);
    else
      runtimeSize[*axis] = true; // end - start, computed at run time
  }

  bool dynamicSlice = false;
  for (int64_t d = 0; d < rank; ++d)
    dynamicSlice |=
        sliced[d] && !x.shape[d].isStatic() && (runtimeSize[d] || outShape[d] != x.shape[d]);
  if (x.isConstant() && (isStatic(x.shape) || (x.splat && !dynamicSlice))) {
    n.setOutput(0, sliceConstant(x, first, step, outShape));
    return success();
  }
  for (int64_t d = 0; d < rank; ++d)
    if (sliced[d] && step[d] != 1)
      return n.fail("steps other than 1 on a run-time tensor are not supported");

  Tensor t = x.isRuntime() ? x : Tensor::runtime(n.e.materialize(x), x.type, x.shape);
  for (int64_t d = 0; d < rank; ++d) {
    if (!sliced[d] || (!runtimeSize[d] && outShape[d] == x.shape[d]))
      continue;
    const Dim &dim = x.shape[d];
    if (dim.isStatic()) {
      t = n.e.slice(t, d, n.e.b.getIndexAttr(first[d]), outShape[d]);
      continue;
    }
    auto [s, e] = dynamicRange[d];
    OpFoldResult offset = indexInDim(n, s, dim);
    std::string range = "elements [" + std::to_string(s) + ":" +
                        (e >= kBig ? std::string() : std::to_string(e)) + "] of axis " +
                        std::to_string(d);
    if (!runtimeSize[d]) {
      n.requireInRange(offset, n.e.b.getIndexAttr(outShape[d].size), dim, range);
      t = n.e.slice(t, d, offset, outShape[d]);
      continue;
    }
    // size = end - start, both as run-time indices.
    OpBuilder &b = n.e.b;
    auto asValue = [&](OpFoldResult v) {
      if (auto attr = llvm::dyn_cast<Attribute>(v))
        return n.e.dimValue(Dim::fixed(llvm::cast<IntegerAttr>(attr).getInt()));
      return llvm::cast<Value>(v);
    };
    Value endValue = e >= kBig ? n.e.dimValue(dim) : asValue(indexInDim(n, e, dim));
    Value size = b.create<arith::SubIOp>(n.loc, endValue, asValue(offset));
    n.requireInRange(offset, size, dim, range);
    t = n.e.sliceDynamic(t, d, offset, size);
  }
  n.setOutput(0, std::move(t));
  return success();
}

LogicalResult importExpand(NodeContext &n) {
  if (failed(n.checkAttributes({})) || failed(n.checkInputs(2, 2)))
    return failure();
  const Tensor &x = n.input(0), &shapeInput = n.input(1);
  if (!shapeInput.isConstant() || !isIntegerType(shapeInput.type) || shapeInput.rank() != 1 ||
      !isStatic(shapeInput.shape))
    return n.fail("the shape must be a 1-D integer tensor known at compile time");
  Shape target;
  for (int64_t k = 0; k < shapeInput.shape[0].size; ++k) {
    if (shapeInput.symAt(k) >= 0)
      target.push_back(Dim::symbol(shapeInput.symAt(k)));
    else if (shapeInput.intAt(k) < 0)
      return n.fail("dim " + Twine(k) + " of the shape is negative");
    else
      target.push_back(Dim::fixed(shapeInput.intAt(k)));
  }
  std::optional<Shape> out = broadcastShapes(x.shape, target);
  if (!out)
    return n.fail("cannot broadcast the input to the shape");
  if (x.isConstant() && (x.splat || numElements(x.shape) == 1 || isFoldableShape(*out))) {
    n.setOutput(0, expandConstant(x, *out));
    return success();
  }
  Value v = n.e.materialize(x);
  Value r = n.e.elementwise({{v, x.shape}}, *out, x.type,
                            [](OpBuilder &, Location, ValueRange args) { return args[0]; });
  n.setOutput(0, Tensor::runtime(r, x.type, *out));
  return success();
}

} // namespace rnnc::onnximport
