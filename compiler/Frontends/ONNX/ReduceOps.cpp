// Importers of the ONNX reductions (ReduceSum / Mean / Max / Min / Prod) and LogSoftmax:
// linalg.generic folds over the reduced dims, in the input's own layout, so pooling over
// a run-time time dim needs no transpose.
#include "compiler/Frontends/ONNX/Ops.h"
#include "compiler/Frontends/ONNX/Reduction.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include "llvm/ADT/StringSwitch.h"

#include <onnx/onnx_pb.h>

using namespace mlir;

namespace rnnc::onnximport {

namespace {

enum class ReduceKind { Sum, Mean, Max, Min, Prod };

ReduceKind reduceKind(StringRef op) {
  return llvm::StringSwitch<ReduceKind>(op)
      .Case("ReduceSum", ReduceKind::Sum)
      .Case("ReduceMean", ReduceKind::Mean)
      .Case("ReduceMax", ReduceKind::Max)
      .Case("ReduceMin", ReduceKind::Min)
      .Default(ReduceKind::Prod);
}

/// The element count of the reduced dims, as a scalar of `type`.
Value countOf(NodeContext &n, const Tensor &x, ArrayRef<bool> reduced, DataType type) {
  Shape dims;
  for (size_t d = 0; d < reduced.size(); ++d)
    if (reduced[d])
      dims.push_back(x.shape[d]);
  // The dims are those of a tensor, so their product fits in the index type.
  Value count = n.e.dimValue(n.symbols.product(dims).value_or(Dim::fixed(0)));
  OpBuilder &b = n.e.b;
  Type elt = n.e.elementType(type);
  Value asInt = b.create<arith::IndexCastOp>(n.loc, b.getI64Type(), count);
  if (llvm::isa<FloatType>(elt))
    return b.create<arith::SIToFPOp>(n.loc, elt, asInt); // 0 / 0 is NaN, as in numpy
  // An integer division by zero would trap: the mean of nothing is 0 / 1.
  asInt = b.create<arith::MaxSIOp>(n.loc, asInt, b.create<arith::ConstantIntOp>(n.loc, 1, 64));
  if (elt == asInt.getType())
    return asInt;
  return b.create<arith::TruncIOp>(n.loc, elt, asInt).getResult();
}

} // namespace

LogicalResult importReduce(NodeContext &n) {
  ReduceKind kind = reduceKind(n.opType());
  // Axes became an input in opset 13 for ReduceSum, in opset 18 for the others.
  bool axesInput = n.opset() >= (kind == ReduceKind::Sum ? 13 : 18);
  if (axesInput
          ? failed(n.checkAttributes(
                {{"keepdims", AttrType::Int}, {"noop_with_empty_axes", AttrType::Int}}))
          : failed(n.checkAttributes({{"keepdims", AttrType::Int}, {"axes", AttrType::Ints}})))
    return failure();
  if (failed(n.checkInputs(1, axesInput ? 2 : 1)))
    return failure();
  const Tensor &x = n.input(0);
  if (!isFloatType(x.type) && x.type != dtype::Int32 && x.type != dtype::Int64)
    return n.fail("input 0 ('" + n.node.input(0) +
                  "') must be float, double, int32 or "
                  "int64, got " +
                  dataTypeName(x.type));
  FailureOr<bool> keepDims = n.getFlag("keepdims", 1);
  FailureOr<bool> noop = n.getFlag("noop_with_empty_axes", 0);
  if (failed(keepDims) || failed(noop))
    return failure();
  std::vector<int64_t> axes;
  if (axesInput && n.hasInput(1)) {
    FailureOr<std::vector<int64_t>> known = n.knownInts(1, "axes");
    if (failed(known))
      return failure();
    axes = *known;
  } else if (!axesInput) {
    axes = n.getInts("axes").value_or(std::vector<int64_t>());
  }
  if (axes.empty() && *noop) {
    n.setOutput(0, x);
    return success();
  }
  SmallVector<bool> reduced(x.rank(), axes.empty());
  for (int64_t a : axes) {
    FailureOr<int64_t> axis = n.axis(a, x.rank(), "axis");
    if (failed(axis))
      return failure();
    if (reduced[*axis])
      return n.fail("axis " + Twine(a) + " is repeated");
    reduced[*axis] = true;
  }

  Emitter &e = n.e;
  Tensor in = e.asRuntime(x);
  bool isFloat = isFloatType(x.type);
  Value init;
  std::function<Value(OpBuilder &, Location, Value, Value)> fold;
  switch (kind) {
  case ReduceKind::Sum:
  case ReduceKind::Mean:
    init = e.scalar(x.type, 0);
    fold = [isFloat](OpBuilder &b, Location l, Value v, Value acc) -> Value {
      return isFloat ? b.create<arith::AddFOp>(l, acc, v).getResult()
                     : b.create<arith::AddIOp>(l, acc, v).getResult();
    };
    break;
  case ReduceKind::Prod:
    init = e.scalar(x.type, 1);
    fold = [isFloat](OpBuilder &b, Location l, Value v, Value acc) -> Value {
      return isFloat ? b.create<arith::MulFOp>(l, acc, v).getResult()
                     : b.create<arith::MulIOp>(l, acc, v).getResult();
    };
    break;
  case ReduceKind::Max:
    // An empty reduction gives the lowest value (-inf), as ONNX defines it.
    init = lowestValue(e, x.type);
    fold = [isFloat](OpBuilder &b, Location l, Value v, Value acc) -> Value {
      // maximumf propagates NaN, as numpy's max does.
      return isFloat ? b.create<arith::MaximumFOp>(l, acc, v).getResult()
                     : b.create<arith::MaxSIOp>(l, acc, v).getResult();
    };
    break;
  case ReduceKind::Min:
    init = highestValue(e, x.type);
    fold = [isFloat](OpBuilder &b, Location l, Value v, Value acc) -> Value {
      return isFloat ? b.create<arith::MinimumFOp>(l, acc, v).getResult()
                     : b.create<arith::MinSIOp>(l, acc, v).getResult();
    };
    break;
  }
  Tensor r = reduceTensor(e, in, reduced, x.type, init, fold).tensor;
  if (kind == ReduceKind::Mean) {
    Value count = countOf(n, x, reduced, x.type);
    Shape phys = e.physicalShape(r);
    r.value = e.elementwise(
        {{r.value, phys}}, phys, x.type, [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          return isFloat ? b.create<arith::DivFOp>(l, args[0], count).getResult()
                         : b.create<arith::DivSIOp>(l, args[0], count).getResult();
        });
  }
  n.setOutput(0, *keepDims ? keepReducedDims(e, x.shape, reduced, r) : r);
  return success();
}

LogicalResult importLogSoftmax(NodeContext &n) {
  if (failed(n.checkAttributes({{"axis", AttrType::Int}})) || failed(n.checkInputs(1, 1)) ||
      failed(n.checkFloat(0)))
    return failure();
  const Tensor &x = n.input(0);
  bool legacy = n.opset() < 13; // LogSoftmax-1/11: over all dims from `axis` on
  FailureOr<int64_t> axis = n.axis(n.getInt("axis", legacy ? 1 : -1), x.rank(), "axis");
  if (failed(axis))
    return failure();
  SmallVector<bool> reduced(x.rank(), false);
  for (int64_t d = *axis; d < (legacy ? x.rank() : *axis + 1); ++d)
    reduced[d] = true;

  // y = x - max - log(sum(exp(x - max))): no exp overflows and no log of 0.
  Emitter &e = n.e;
  Tensor in = e.asRuntime(x);
  Reduced max = reduceTensor(e, in, reduced, x.type, lowestValue(e, x.type),
                             [](OpBuilder &b, Location l, Value v, Value acc) {
                               return b.create<arith::MaximumFOp>(l, acc, v).getResult();
                             });
  Shape phys = e.physicalShape(in);
  SmallVector<bool> flags = max.physical;
  SmallVector<unsigned> all = allDims(phys.size()), kept = keptDims(flags);
  Value sum =
      loopNest(e, phys, flags, {{in.value, all}, {max.tensor.value, kept}},
               {{x.type, e.scalar(x.type, 0)}}, [](OpBuilder &b, Location l, ValueRange args) {
                 Value shifted = b.create<arith::SubFOp>(l, args[0], args[1]);
                 Value exp = b.create<math::ExpOp>(l, shifted);
                 return SmallVector<Value>{b.create<arith::AddFOp>(l, args[2], exp).getResult()};
               })[0];
  SmallVector<bool> none(phys.size(), false);
  Value y =
      loopNest(e, phys, none, {{in.value, all}, {max.tensor.value, kept}, {sum, kept}},
               {{x.type, Value()}}, [](OpBuilder &b, Location l, ValueRange args) {
                 Value shifted = b.create<arith::SubFOp>(l, args[0], args[1]);
                 Value log = b.create<math::LogOp>(l, args[2]);
                 return SmallVector<Value>{b.create<arith::SubFOp>(l, shifted, log).getResult()};
               })[0];
  Tensor out = in;
  out.value = y;
  n.setOutput(0, std::move(out));
  return success();
}

} // namespace rnnc::onnximport
