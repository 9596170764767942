// Importers of the ONNX ops that compute or use positions: ArgMax / ArgMin, TopK, Range,
// ScatterElements, and Gather at run-time positions. A position is only ever read with
// when it is known to lie in its dim (Tensor::positionsOf), or checked before the run.
#include "compiler/Frontends/ONNX/ConstantFolding.h"
#include "compiler/Frontends/ONNX/Ops.h"
#include "compiler/Frontends/ONNX/Reduction.h"

#include "dialect/RNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

#include <onnx/onnx_pb.h>

using namespace mlir;

namespace rnnc::onnximport {

namespace {

LogicalResult checkSortable(NodeContext &n, size_t i) {
  const Tensor &x = n.input(i);
  if (!isFloatType(x.type) && x.type != dtype::Int32 && x.type != dtype::Int64)
    return n.fail("input " + Twine(i) + " ('" + n.node.input(i) +
                  "') must be float, double, int32 or int64, got " + dataTypeName(x.type));
  return success();
}

/// Iteration dim `d` of a loop nest body as an i64.
Value indexI64(OpBuilder &b, Location loc, unsigned d) {
  Value i = b.create<linalg::IndexOp>(loc, d);
  return b.create<arith::IndexCastOp>(loc, b.getI64Type(), i);
}

/// The input dims of a loop nest over `rank` dims plus one more, reading dim `axis` from
/// the extra one.
SmallVector<unsigned> withAxisFromLast(int64_t rank, int64_t axis) {
  SmallVector<unsigned> dims = allDims(rank);
  dims[axis] = static_cast<unsigned>(rank);
  return dims;
}

} // namespace

LogicalResult importArgMax(NodeContext &n) {
  bool largest = n.opType() == "ArgMax";
  if (failed(n.checkAttributes({{"axis", AttrType::Int},
                                {"keepdims", AttrType::Int},
                                {"select_last_index", AttrType::Int}})) ||
      failed(n.checkInputs(1, 1)) || failed(checkSortable(n, 0)))
    return failure();
  const Tensor &x = n.input(0);
  FailureOr<int64_t> axis = n.axis(n.getInt("axis", 0), x.rank(), "axis");
  FailureOr<bool> keepDims = n.getFlag("keepdims", 1);
  FailureOr<bool> last = n.getFlag("select_last_index", 0);
  if (failed(axis) || failed(keepDims) || failed(last))
    return failure();
  const Dim &dim = x.shape[*axis];
  StringRef what = largest ? "largest" : "smallest";
  if (dim.isStatic(0))
    return n.fail("axis " + Twine(*axis) + " is empty: it has no " + what + " element");
  Emitter &e = n.e;
  n.requireInRange(e.b.getIndexAttr(0), e.b.getIndexAttr(1), dim,
                   "the " + what + " element of axis " + Twine(*axis));

  Tensor in = e.asRuntime(x);
  SmallVector<bool> reduced(x.rank(), false);
  reduced[*axis] = true;
  Shape phys = e.physicalShape(in);
  SmallVector<bool> physical = physicalFlags(in, reduced);
  unsigned pa = static_cast<unsigned>(in.perm[*axis]);
  bool selectLast = *last;
  Value start = largest ? lowestValue(e, x.type) : highestValue(e, x.type);
  SmallVector<Value> r = loopNest(
      e, phys, physical, {{in.value, allDims(phys.size())}},
      {{x.type, start}, {dtype::Int64, e.scalar(dtype::Int64, 0)}},
      [&](OpBuilder &b, Location l, ValueRange args) {
        Value v = args[0], best = args[1], index = args[2];
        // numpy's order: the first NaN wins, else the first (or last) extreme.
        Value better = ordersBefore(b, l, v, best, largest, /*nanFirst=*/true);
        if (selectLast)
          better = b.create<arith::OrIOp>(l, better, sameValue(b, l, v, best));
        return SmallVector<Value>{b.create<arith::SelectOp>(l, better, v, best),
                                  b.create<arith::SelectOp>(l, better, indexI64(b, l, pa), index)};
      });
  Tensor out = keptTensor(in, reduced, r[1], dtype::Int64);
  if (*keepDims)
    out = keepReducedDims(e, x.shape, reduced, out);
  out.positionsOf = dim;
  n.setOutput(0, std::move(out));
  return success();
}

LogicalResult importTopK(NodeContext &n) {
  bool kInput = n.opset() >= 10;
  if (kInput
          ? failed(n.checkAttributes(
                {{"axis", AttrType::Int}, {"largest", AttrType::Int}, {"sorted", AttrType::Int}}))
          : failed(n.checkAttributes({{"axis", AttrType::Int}, {"k", AttrType::Int}})))
    return failure();
  if (failed(n.checkInputs(kInput ? 2 : 1, kInput ? 2 : 1)) || failed(checkSortable(n, 0)))
    return failure();
  const Tensor &x = n.input(0);
  FailureOr<int64_t> axis = n.axis(n.getInt("axis", -1), x.rank(), "axis");
  FailureOr<bool> largestFlag = n.getFlag("largest", 1);
  // sorted = 0 leaves the order to the implementation: sorted is one.
  FailureOr<bool> sortedFlag = n.getFlag("sorted", 1);
  if (failed(axis) || failed(largestFlag) || failed(sortedFlag))
    return failure();
  const Dim &dim = x.shape[*axis];

  // K: a number, or the axis' own run-time size (a full sort, as torch's sort exports).
  Dim k;
  if (kInput) {
    const Tensor &kt = n.input(1);
    if (!kt.isConstant() || !isIntegerType(kt.type) || kt.rank() > 1 || numElements(kt.shape) != 1)
      return n.fail("K (input 1) must be a 1-element integer tensor known at compile "
                    "time (or the size of a dim)");
    k = kt.symAt(0) >= 0 ? Dim::symbol(kt.symAt(0)) : Dim::fixed(kt.intAt(0));
  } else {
    if (!n.hasAttr("k"))
      return n.fail("needs attribute 'k'");
    k = Dim::fixed(n.getInt("k", 0));
  }
  if (k.isStatic() && k.size < 0)
    return n.fail("K = " + Twine(k.size) + " is negative");
  if (!k.isStatic() && k != dim)
    return n.fail("K is a run-time size other than that of axis " + Twine(*axis) +
                  "; rnnc takes K known at compile time or the whole axis");
  if (k.isStatic() && dim.isStatic() && k.size > dim.size)
    return n.fail("K = " + Twine(k.size) + " is larger than axis " + Twine(*axis) + " (" +
                  Twine(dim.size) + ")");
  Emitter &e = n.e;
  if (k.isStatic())
    n.requireInRange(e.b.getIndexAttr(0), e.b.getIndexAttr(k.size), dim,
                     "the first K = " + Twine(k.size) + " elements of axis " + Twine(*axis));

  // Each element's rank in the order (ties by index, lower first: a strict total order,
  // so the ranks are a permutation); output k is the element of rank k. O(n^2) per row,
  // which sorting a batch's lengths does not notice.
  bool largest = *largestFlag;
  Value xv = e.materialize(x);
  int64_t rank = x.rank();
  Shape space = x.shape;
  space.push_back(dim);
  SmallVector<bool> lastReduced(rank + 1, false);
  lastReduced[rank] = true;
  unsigned a = static_cast<unsigned>(*axis), j = static_cast<unsigned>(rank);
  Value ranks = loopNest(
      e, space, lastReduced, {{xv, allDims(rank)}, {xv, withAxisFromLast(rank, *axis)}},
      {{dtype::Int64, e.scalar(dtype::Int64, 0)}}, [&](OpBuilder &b, Location l, ValueRange args) {
        Value xi = args[0], xj = args[1], count = args[2];
        Value i64i = indexI64(b, l, a), i64j = indexI64(b, l, j);
        Value earlier = b.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, i64j, i64i);
        Value before =
            b.create<arith::OrIOp>(l, ordersBefore(b, l, xj, xi, largest, /*nanFirst=*/largest),
                                   b.create<arith::AndIOp>(l, sameValue(b, l, xj, xi), earlier));
        Value one = b.create<arith::ExtUIOp>(l, b.getI64Type(), before);
        return SmallVector<Value>{b.create<arith::AddIOp>(l, count, one).getResult()};
      })[0];
  Shape outShape = x.shape;
  outShape[*axis] = k;
  Shape selectSpace = outShape;
  selectSpace.push_back(dim);
  SmallVector<Value> r = loopNest(
      e, selectSpace, lastReduced,
      {{xv, withAxisFromLast(rank, *axis)}, {ranks, withAxisFromLast(rank, *axis)}},
      {{x.type, e.scalar(x.type, 0)}, {dtype::Int64, e.scalar(dtype::Int64, 0)}},
      [&](OpBuilder &b, Location l, ValueRange args) {
        Value hit =
            b.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq, args[1], indexI64(b, l, a));
        return SmallVector<Value>{b.create<arith::SelectOp>(l, hit, args[0], args[2]),
                                  b.create<arith::SelectOp>(l, hit, indexI64(b, l, j), args[3])};
      });
  n.setOutput(0, Tensor::runtime(r[0], x.type, outShape));
  Tensor indices = Tensor::runtime(r[1], dtype::Int64, outShape);
  indices.positionsOf = dim;
  n.setOutput(1, std::move(indices));
  return success();
}

LogicalResult importRange(NodeContext &n) {
  if (failed(n.checkAttributes({})) || failed(n.checkInputs(3, 3)))
    return failure();
  const Tensor &start = n.input(0), &limit = n.input(1), &delta = n.input(2);
  for (size_t i = 0; i < 3; ++i) {
    const Tensor &t = n.input(i);
    if (!t.isConstant() || numElements(t.shape) != 1 || t.rank() != 0)
      return n.fail("start, limit and delta must be scalars known at compile time (the "
                    "limit may be the run-time size of a dim)");
    if (t.type != start.type)
      return n.fail("start, limit and delta must have the same element type");
  }
  if (!isFloatType(start.type) && !isIntegerType(start.type))
    return n.fail("input 0 ('" + n.node.input(0) + "') must be a number, got " +
                  dataTypeName(start.type));
  if (start.symAt(0) >= 0 || delta.symAt(0) >= 0)
    return n.fail("start and delta must be known at compile time");
  if (limit.symAt(0) >= 0) {
    // 0, 1, ..., n - 1 for a run-time dim n: positions in that dim.
    if (!isIntegerType(start.type) || start.intAt(0) != 0 || delta.intAt(0) != 1)
      return n.fail("a run-time limit is supported with start 0 and delta 1");
    Dim size = Dim::symbol(limit.symAt(0));
    DataType type = start.type;
    Value v = loopNest(n.e, {size}, {false}, {}, {{type, Value()}},
                       [&](OpBuilder &b, Location l, ValueRange) {
                         Value i = indexI64(b, l, 0);
                         return SmallVector<Value>{n.e.convertScalar(b, l, i, dtype::Int64, type)};
                       })[0];
    Tensor out = Tensor::runtime(v, type, {size});
    out.positionsOf = size;
    n.setOutput(0, std::move(out));
    return success();
  }
  double s = start.valueAt(0), lim = limit.valueAt(0), d = delta.valueAt(0);
  if (d == 0 || !std::isfinite(s) || !std::isfinite(lim) || !std::isfinite(d))
    return n.fail("delta must be non-zero and start, limit and delta finite");
  double count = std::max(std::ceil((lim - s) / d), 0.0);
  if (count > kMaxFoldedElements)
    return n.fail("the range has " + NodeContext::number(count) +
                  " elements; constants are limited to 2^24");
  int64_t size = static_cast<int64_t>(count);
  if (isFloatType(start.type)) {
    std::vector<double> values;
    for (int64_t i = 0; i < size; ++i)
      values.push_back(roundToType(start.type, s + i * d));
    n.setOutput(0, Tensor::constantFloats(start.type, {Dim::fixed(size)}, values));
  } else {
    std::vector<int64_t> values;
    for (int64_t i = 0; i < size; ++i)
      values.push_back(wrapToType(start.type, start.intAt(0) + i * delta.intAt(0)));
    n.setOutput(0, Tensor::constantInts(start.type, {Dim::fixed(size)}, values));
  }
  return success();
}

LogicalResult importScatterElements(NodeContext &n) {
  if (failed(n.checkAttributes({{"axis", AttrType::Int}, {"reduction", AttrType::String}})) ||
      failed(n.checkInputs(3, 3)))
    return failure();
  std::string reduction = n.getString("reduction", "none");
  if (reduction != "none")
    return n.unsupportedAttribute("reduction", "'" + reduction + "'", "expected 'none'");
  const Tensor &data = n.input(0), &indices = n.input(1), &updates = n.input(2);
  if (!isIntegerType(indices.type))
    return n.fail("indices must be integers, got " + dataTypeName(indices.type));
  if (data.type != updates.type)
    return n.fail("data and updates have different element types (" + dataTypeName(data.type) +
                  " and " + dataTypeName(updates.type) + ")");
  FailureOr<int64_t> axis = n.axis(n.getInt("axis", 0), data.rank(), "axis");
  if (failed(axis))
    return failure();
  if (indices.shape != updates.shape || indices.rank() != data.rank())
    return n.fail("indices and updates must have the same shape and data's rank");
  for (int64_t d = 0; d < data.rank(); ++d)
    if (d != *axis && indices.shape[d] != data.shape[d])
      return n.fail("indices must have data's size on every dim but axis " + Twine(*axis) +
                    " (dim " + Twine(d) + ")");

  // As a gather: out[.., j, ..] = the update whose index is j, else data. An index
  // outside the dim matches no j: nothing is ever written outside the tensor.
  Emitter &e = n.e;
  int64_t rank = data.rank();
  Shape space = data.shape;
  space.push_back(indices.shape[*axis]);
  SmallVector<bool> lastReduced(rank + 1, false);
  lastReduced[rank] = true;
  unsigned a = static_cast<unsigned>(*axis);
  Value size =
      e.b.create<arith::IndexCastOp>(n.loc, e.b.getI64Type(), e.dimValue(data.shape[*axis]));
  Value r = loopNest(
      e, space, lastReduced,
      {{e.materialize(indices), withAxisFromLast(rank, *axis)},
       {e.materialize(updates), withAxisFromLast(rank, *axis)}},
      {{data.type, Value(), e.materialize(data)}}, [&](OpBuilder &b, Location l, ValueRange args) {
        Value index = args[0];
        if (index.getType() != b.getI64Type())
          index = b.create<arith::ExtSIOp>(l, b.getI64Type(), index);
        Value zero = b.create<arith::ConstantIntOp>(l, 0, 64);
        Value negative = b.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, index, zero);
        index =
            b.create<arith::SelectOp>(l, negative, b.create<arith::AddIOp>(l, index, size), index);
        Value hit = b.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq, index, indexI64(b, l, a));
        return SmallVector<Value>{b.create<arith::SelectOp>(l, hit, args[1], args[2])};
      })[0];
  Tensor out = Tensor::runtime(r, data.type, data.shape);
  // Positions scattered over zeros of their own dim's size stay positions (the inverse
  // permutation torch writes with ScatterElements(zeros, perm, Range)).
  bool zeros = data.isConstant() && data.splat && data.symAt(0) < 0 && isIntegerType(data.type) &&
               data.intAt(0) == 0;
  if (updates.positionsOf && (data.positionsOf == updates.positionsOf ||
                              (zeros && data.shape[*axis] == *updates.positionsOf)))
    out.positionsOf = updates.positionsOf;
  n.setOutput(0, std::move(out));
  return success();
}

LogicalResult gatherAtKnownPositions(NodeContext &n, const Tensor &data, const Tensor &indices,
                                     int64_t axis) {
  const Dim &dim = data.shape[axis];
  int64_t count = indices.splat ? 1 : numElements(indices.shape);
  std::vector<int64_t> positions;
  int64_t bound = 0;
  for (int64_t k = 0; k < count; ++k) {
    int64_t v = indices.intAt(k);
    if (v < 0 && !dim.isStatic())
      return n.fail("index " + Twine(v) + " counts from the end of a run-time dim, which "
                    "only short lists of indices (up to " + Twine(kMaxSlicedPositions) +
                    ") may do");
    int64_t p = v < 0 ? v + dim.size : v;
    if (p < 0 || (dim.isStatic() && p >= dim.size))
      return n.fail("index " + Twine(v) + " is out of range for a dim of size " +
                    Twine(dim.size));
    positions.push_back(p);
    bound = std::max(bound, p + 1);
  }
  Tensor at = indices.splat ? Tensor::splatOf(dtype::Int64, indices.shape, positions.front())
                            : Tensor::constantInts(dtype::Int64, indices.shape, positions);
  at.positionsOf = Dim::fixed(bound);
  return gatherAtPositions(n, data, at, axis);
}

LogicalResult gatherAtPositions(NodeContext &n, const Tensor &data, const Tensor &indices,
                                int64_t axis) {
  const Dim &dim = data.shape[axis];
  if (!indices.positionsOf)
    return n.fail("gathering at run-time indices needs indices known to lie in the "
                  "dim (those of TopK, ArgMax, ArgMin or Range); other indices could "
                  "read outside the tensor");
  const Dim &bound = *indices.positionsOf;
  Emitter &e = n.e;
  std::string what = (bound.isStatic() ? "positions below " + std::to_string(bound.size)
                                       : std::string("positions of another run-time dim")) +
                     " in axis " + std::to_string(axis);
  if (bound != dim) {
    if (bound.isStatic() && dim.isStatic()) {
      if (bound.size > dim.size)
        return n.fail("indices are positions in a dim of size " + Twine(bound.size) +
                      ", larger than axis " + Twine(axis) + " (" + Twine(dim.size) + ")");
    } else if (!dim.isStatic()) {
      n.requireInRange(e.b.getIndexAttr(0), e.dimSize(bound), dim, what);
    } else {
      Value ok = e.b.create<arith::CmpIOp>(n.loc, arith::CmpIPredicate::sle, e.dimValue(bound),
                                           e.dimValue(dim));
      e.b.create<rnn::RequireOp>(n.loc, ok, e.b.getStringAttr(n.describe() + " takes " + what));
    }
  }
  Value dataValue = e.materialize(data);
  Value indexValue = e.materialize(indices);
  int64_t rank = data.rank(), ir = indices.rank();
  Shape outShape(data.shape.begin(), data.shape.begin() + axis);
  outShape.insert(outShape.end(), indices.shape.begin(), indices.shape.end());
  outShape.insert(outShape.end(), data.shape.begin() + axis + 1, data.shape.end());
  SmallVector<unsigned> indexDims;
  for (int64_t d = 0; d < ir; ++d)
    indexDims.push_back(static_cast<unsigned>(axis + d));
  SmallVector<bool> none(outShape.size(), false);
  Value r = loopNest(e, outShape, none, {{indexValue, indexDims}}, {{data.type, Value()}},
                     [&](OpBuilder &b, Location l, ValueRange args) {
                       SmallVector<Value> at;
                       for (int64_t d = 0; d < rank; ++d) {
                         if (d < axis)
                           at.push_back(b.create<linalg::IndexOp>(l, d));
                         else if (d == axis)
                           at.push_back(b.create<arith::IndexCastOp>(l, b.getIndexType(), args[0]));
                         else
                           at.push_back(b.create<linalg::IndexOp>(l, d - 1 + ir));
                       }
                       return SmallVector<Value>{
                           b.create<tensor::ExtractOp>(l, dataValue, at).getResult()};
                     })[0];
  Tensor out = Tensor::runtime(r, data.type, outShape);
  out.positionsOf = data.positionsOf;
  n.setOutput(0, std::move(out));
  return success();
}

} // namespace rnnc::onnximport
