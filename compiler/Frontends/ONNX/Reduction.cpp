// Loop nests of the ONNX importer's reductions and index ops.
#include "compiler/Frontends/ONNX/Reduction.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <limits>

using namespace mlir;

namespace rnnc::onnximport {

SmallVector<unsigned> allDims(size_t n) {
  SmallVector<unsigned> dims;
  for (size_t d = 0; d < n; ++d)
    dims.push_back(static_cast<unsigned>(d));
  return dims;
}

SmallVector<unsigned> keptDims(ArrayRef<bool> reduced) {
  SmallVector<unsigned> dims;
  for (size_t d = 0; d < reduced.size(); ++d)
    if (!reduced[d])
      dims.push_back(static_cast<unsigned>(d));
  return dims;
}

SmallVector<Value> loopNest(Emitter &e, const Shape &space, ArrayRef<bool> reduced,
                            ArrayRef<LoopInput> inputs, ArrayRef<LoopResult> results,
                            const LoopBody &body) {
  MLIRContext *ctx = e.b.getContext();
  unsigned rank = space.size();
  auto map = [&](ArrayRef<unsigned> dims) {
    SmallVector<AffineExpr> exprs;
    for (unsigned d : dims)
      exprs.push_back(getAffineDimExpr(d, ctx));
    return AffineMap::get(rank, 0, exprs, ctx);
  };
  SmallVector<AffineMap> maps;
  SmallVector<Value> ins, outs;
  for (const LoopInput &in : inputs) {
    maps.push_back(map(in.dims));
    ins.push_back(in.value);
  }
  Shape kept;
  for (unsigned d : keptDims(reduced))
    kept.push_back(space[d]);
  for (const LoopResult &r : results) {
    maps.push_back(map(keptDims(reduced)));
    Value init = r.start ? r.start : e.empty(kept, r.type);
    if (r.init)
      init = e.b.create<linalg::FillOp>(e.loc, ValueRange{r.init}, ValueRange{init}).getResult(0);
    outs.push_back(init);
  }
  SmallVector<utils::IteratorType> iterators;
  for (bool r : reduced)
    iterators.push_back(r ? utils::IteratorType::reduction : utils::IteratorType::parallel);
  auto op =
      e.b.create<linalg::GenericOp>(e.loc, ValueRange(outs).getTypes(), ins, outs, maps, iterators,
                                    [&](OpBuilder &nb, Location nl, ValueRange args) {
                                      nb.create<linalg::YieldOp>(nl, body(nb, nl, args));
                                    });
  return SmallVector<Value>(op.getResults());
}

SmallVector<bool> physicalFlags(const Tensor &t, ArrayRef<bool> reduced) {
  SmallVector<bool> physical(reduced.size(), false);
  for (size_t l = 0; l < reduced.size(); ++l)
    physical[t.perm[l]] = reduced[l];
  return physical;
}

Tensor keptTensor(const Tensor &t, ArrayRef<bool> reduced, Value v, DataType type) {
  SmallVector<bool> physical = physicalFlags(t, reduced);
  // Each kept logical dim at the rank of its physical dim among the kept ones.
  Shape shape;
  std::vector<int64_t> perm;
  for (size_t l = 0; l < reduced.size(); ++l) {
    if (reduced[l])
      continue;
    shape.push_back(t.shape[l]);
    int64_t p = 0;
    for (int64_t q = 0; q < t.perm[l]; ++q)
      p += physical[q] ? 0 : 1;
    perm.push_back(p);
  }
  Tensor out = Tensor::runtime(v, type, shape);
  out.perm = perm;
  return out;
}

Reduced reduceTensor(Emitter &e, const Tensor &t, ArrayRef<bool> reduced, DataType resultType,
                     Value init,
                     const std::function<Value(OpBuilder &, Location, Value, Value)> &fold) {
  Shape phys = e.physicalShape(t);
  SmallVector<bool> physical = physicalFlags(t, reduced);
  Value r = loopNest(e, phys, physical, {{t.value, allDims(phys.size())}}, {{resultType, init}},
                     [&](OpBuilder &b, Location l, ValueRange args) {
                       return SmallVector<Value>{fold(b, l, args[0], args[1])};
                     })[0];
  return {keptTensor(t, reduced, r, resultType), physical};
}

Tensor keepReducedDims(Emitter &e, const Shape &inShape, ArrayRef<bool> reduced, const Tensor &r) {
  Shape shape = inShape;
  for (size_t d = 0; d < reduced.size(); ++d)
    if (reduced[d])
      shape[d] = Dim::fixed(1);
  return e.reshape(r, shape);
}

Value lowestValue(Emitter &e, DataType t) {
  if (isFloatType(t))
    return e.scalar(t, -std::numeric_limits<double>::infinity());
  unsigned width = e.elementType(t).getIntOrFloatBitWidth();
  return e.b.create<arith::ConstantOp>(
      e.loc, e.b.getIntegerAttr(e.elementType(t), APInt::getSignedMinValue(width)));
}

Value highestValue(Emitter &e, DataType t) {
  if (isFloatType(t))
    return e.scalar(t, std::numeric_limits<double>::infinity());
  unsigned width = e.elementType(t).getIntOrFloatBitWidth();
  return e.b.create<arith::ConstantOp>(
      e.loc, e.b.getIntegerAttr(e.elementType(t), APInt::getSignedMaxValue(width)));
}

Value ordersBefore(OpBuilder &b, Location loc, Value x, Value y, bool largest, bool nanFirst) {
  if (!llvm::isa<FloatType>(x.getType()))
    return b.create<arith::CmpIOp>(
        loc, largest ? arith::CmpIPredicate::sgt : arith::CmpIPredicate::slt, x, y);
  Value xNaN = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, x, x);
  Value yNaN = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, y, y);
  Value yNumber = b.create<arith::XOrIOp>(loc, yNaN, b.create<arith::ConstantIntOp>(loc, 1, 1));
  Value xNumber = b.create<arith::XOrIOp>(loc, xNaN, b.create<arith::ConstantIntOp>(loc, 1, 1));
  Value ordered = b.create<arith::CmpFOp>(
      loc, largest ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT, x, y);
  Value nan = nanFirst ? b.create<arith::AndIOp>(loc, xNaN, yNumber)
                       : b.create<arith::AndIOp>(loc, xNumber, yNaN);
  return b.create<arith::OrIOp>(loc, ordered, nan);
}

Value sameValue(OpBuilder &b, Location loc, Value x, Value y) {
  if (!llvm::isa<FloatType>(x.getType()))
    return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, x, y);
  Value eq = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, x, y);
  Value xNaN = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, x, x);
  Value yNaN = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, y, y);
  return b.create<arith::OrIOp>(loc, eq, b.create<arith::AndIOp>(loc, xNaN, yNaN));
}

} // namespace rnnc::onnximport
