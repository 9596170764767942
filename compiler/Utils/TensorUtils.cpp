// Small tensor-level builders shared by the rewrites of `rnn` ops, and constant readers.
#include "compiler/Utils/TensorUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cstring>

using namespace mlir;

namespace rnnc {

Value emitEmptyLike(OpBuilder &b, Location loc, RankedTensorType type, Value source) {
  SmallVector<Value> dynamic;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i))
      dynamic.push_back(b.create<tensor::DimOp>(loc, source, i));
  return b.create<tensor::EmptyOp>(loc, type, dynamic);
}

Value emitTimeFlip(OpBuilder &b, Location loc, Value sequence) {
  auto type = llvm::cast<RankedTensorType>(sequence.getType());
  Value init = emitEmptyLike(b, loc, type, sequence);
  Value steps = b.create<tensor::DimOp>(loc, sequence, 1);
  AffineMap id = b.getMultiDimIdentityMap(3);
  SmallVector<utils::IteratorType> iters(3, utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      loc, type, ValueRange{}, ValueRange{init}, ArrayRef<AffineMap>{id}, iters,
      [&](OpBuilder &nb, Location nl, ValueRange) {
        Value bIdx = nb.create<linalg::IndexOp>(nl, 0);
        Value t = nb.create<linalg::IndexOp>(nl, 1);
        Value f = nb.create<linalg::IndexOp>(nl, 2);
        Value one = nb.create<arith::ConstantIndexOp>(nl, 1);
        Value src = nb.create<arith::SubIOp>(nl, nb.create<arith::SubIOp>(nl, steps, one), t);
        Value v = nb.create<tensor::ExtractOp>(nl, sequence, ValueRange{bIdx, src, f});
        nb.create<linalg::YieldOp>(nl, v);
      });
  return generic.getResult(0);
}

std::optional<SmallVector<double>> readFloatConstant(ElementsAttr attr) {
  SmallVector<double> values;
  if (auto dense = llvm::dyn_cast<DenseElementsAttr>(attr)) {
    if (!llvm::isa<FloatType>(dense.getElementType()))
      return std::nullopt;
    for (APFloat v : dense.getValues<APFloat>())
      values.push_back(v.convertToDouble());
    return values;
  }
  if (auto res = llvm::dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    if (auto data = res.tryGetAsArrayRef()) {
      values.assign(data->begin(), data->end());
      return values;
    }
    return std::nullopt;
  }
  if (auto res = llvm::dyn_cast<DenseF64ResourceElementsAttr>(attr)) {
    if (auto data = res.tryGetAsArrayRef()) {
      values.assign(data->begin(), data->end());
      return values;
    }
  }
  return std::nullopt;
}

LogicalResult checkWeightsPresent(Operation *root) {
  WalkResult walk = root->walk([](Operation *op) {
    for (NamedAttribute a : op->getAttrs()) {
      auto weights = llvm::dyn_cast<DenseResourceElementsAttr>(a.getValue());
      if (!weights || weights.getRawHandle().getBlob())
        continue;
      op->emitError() << "the values of this " << weights.getType() << " constant ('"
                      << weights.getRawHandle().getKey()
                      << "') are not in the file: it was printed with its large weights elided, "
                         "as rnnc --emit=rnn does; print it with --print-weights to compile it";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

uint16_t roundToBF16(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  if ((bits & 0x7fffffffu) > 0x7f800000u)
    return uint16_t((bits >> 16) | 0x40);
  // Adding 0x7fff rounds up past the halfway point; the low bit of the kept part breaks
  // ties toward even.
  return uint16_t((bits + 0x7fffu + ((bits >> 16) & 1)) >> 16);
}

Value widenBF16(OpBuilder &b, Location loc, Value value) {
  auto like = [&](Type elt) -> Type {
    if (auto vec = llvm::dyn_cast<VectorType>(value.getType()))
      return VectorType::get(vec.getShape(), elt);
    return elt;
  };
  Type i32 = like(b.getI32Type());
  Value bits = b.create<arith::ExtUIOp>(
      loc, i32, b.create<arith::BitcastOp>(loc, like(b.getI16Type()), value));
  TypedAttr sixteen = b.getI32IntegerAttr(16);
  if (auto vec = llvm::dyn_cast<VectorType>(i32))
    sixteen = DenseElementsAttr::get(vec, sixteen);
  Value shift = b.create<arith::ConstantOp>(loc, sixteen);
  return b.create<arith::BitcastOp>(loc, like(b.getF32Type()),
                                    b.create<arith::ShLIOp>(loc, bits, shift));
}

std::optional<FloatBytes> floatBytes(ElementsAttr attr) {
  Type elt = attr.getElementType();
  if (!elt.isF32() && !elt.isF64())
    return std::nullopt;
  int64_t width = elt.isF32() ? 4 : 8;
  ArrayRef<char> bytes;
  if (auto dense = llvm::dyn_cast<DenseElementsAttr>(attr)) {
    if (dense.isSplat())
      return std::nullopt;
    bytes = dense.getRawData();
  } else if (auto res = llvm::dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = res.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    bytes = blob->getData();
  } else {
    return std::nullopt;
  }
  if (int64_t(bytes.size()) != attr.getNumElements() * width)
    return std::nullopt;
  return FloatBytes{bytes, width};
}

DenseElementsAttr denseFloats(RankedTensorType type, ArrayRef<double> values) {
  const llvm::fltSemantics &semantics =
      llvm::cast<FloatType>(type.getElementType()).getFloatSemantics();
  SmallVector<APFloat> floats;
  for (double v : values) {
    APFloat f(v);
    bool lost;
    f.convert(semantics, APFloat::rmNearestTiesToEven, &lost);
    floats.push_back(f);
  }
  return DenseElementsAttr::get(type, floats);
}

} // namespace rnnc
