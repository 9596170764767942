// IR building blocks of the ONNX importer.
#include "compiler/Frontends/ONNX/Emitter.h"
#include "compiler/Frontends/ONNX/ConstantFolding.h"
#include "compiler/Frontends/ONNX/ShapeInference.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <algorithm>
#include <numeric>

using namespace mlir;

namespace rnnc::onnximport {

namespace {

/// Constants with more elements than this become resource blobs (readable printed IR).
constexpr int64_t kInlineElements = 256;

bool isUnsigned(DataType t) {
  return t == dtype::UInt8 || t == dtype::UInt16 || t == dtype::UInt32 || t == dtype::UInt64 ||
         t == dtype::Bool;
}

std::string blobName(StringRef hint) {
  std::string out;
  for (char c : hint)
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])))
    out = "onnx_" + out;
  return out;
}

std::vector<int64_t> identity(size_t n) {
  std::vector<int64_t> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

bool isIdentity(ArrayRef<int64_t> perm) {
  for (size_t i = 0; i < perm.size(); ++i)
    if (perm[i] != static_cast<int64_t>(i))
      return false;
  return true;
}

} // namespace

Type Emitter::elementType(DataType t) {
  switch (t) {
  case dtype::Float:
    return b.getF32Type();
  case dtype::Double:
    return b.getF64Type();
  case dtype::Bool:
    return b.getI1Type();
  case dtype::Int8:
  case dtype::UInt8:
    return b.getI8Type();
  case dtype::Int16:
  case dtype::UInt16:
    return b.getI16Type();
  case dtype::Int32:
  case dtype::UInt32:
    return b.getI32Type();
  case dtype::Int64:
  case dtype::UInt64:
    return b.getI64Type();
  default:
    return Type();
  }
}

RankedTensorType Emitter::tensorType(const Shape &shape, DataType t) {
  return RankedTensorType::get(mlirShape(shape), elementType(t));
}

OpFoldResult Emitter::dimSize(const Dim &d) {
  if (d.isStatic())
    return b.getIndexAttr(d.size);
  return dimValue(d);
}

Value Emitter::dimValue(const Dim &d) {
  // One value per dim and per index constant: the function is one block, and each is
  // created before its first use, so it dominates every later one.
  if (d.isStatic()) {
    Value &c = indexCache[d.size];
    if (!c)
      c = b.create<arith::ConstantIndexOp>(loc, d.size);
    return c;
  }
  Value &cached = symbolCache[d.sym];
  if (cached)
    return cached;
  if (symbols.isBase(d.sym)) {
    auto [source, dim] = symbols.source(d.sym);
    Value index = dimValue(Dim::fixed(dim));
    cached = b.create<tensor::DimOp>(loc, source, index);
    return cached;
  }
  const Symbols::Factors &f = symbols.productFactors(d.sym);
  Value v;
  for (int s : f.syms) {
    Value x = dimValue(Dim::symbol(s));
    v = v ? b.create<arith::MulIOp>(loc, v, x).getResult() : x;
  }
  if (f.scale != 1)
    v = b.create<arith::MulIOp>(loc, v, dimValue(Dim::fixed(f.scale)));
  cached = v;
  return v;
}

SmallVector<OpFoldResult> Emitter::sizes(const Shape &shape) {
  SmallVector<OpFoldResult> out;
  for (const Dim &d : shape)
    out.push_back(dimSize(d));
  return out;
}

Value Emitter::empty(const Shape &shape, DataType t) {
  return b.create<tensor::EmptyOp>(loc, sizes(shape), elementType(t));
}

Value Emitter::scalar(DataType t, double v) {
  Type elt = elementType(t);
  if (auto f = llvm::dyn_cast<FloatType>(elt))
    return b.create<arith::ConstantOp>(loc, b.getFloatAttr(f, v));
  return b.create<arith::ConstantOp>(loc, b.getIntegerAttr(elt, static_cast<int64_t>(v)));
}

Value Emitter::constant(const Tensor &t, StringRef hint) {
  Type elt = elementType(t.type);
  if (t.splat && !isStatic(t.shape)) {
    Value init = empty(t.shape, t.type);
    Value s =
        t.symAt(0) >= 0
            ? b.create<arith::IndexCastOp>(loc, elt, dimValue(Dim::symbol(t.symAt(0)))).getResult()
            : scalar(t.type, t.valueAt(0));
    return b.create<linalg::FillOp>(loc, ValueRange{s}, ValueRange{init}).getResult(0);
  }
  RankedTensorType type = tensorType(t.shape, t.type);
  bool anySym = std::any_of(t.intSyms.begin(), t.intSyms.end(), [](int s) { return s >= 0; });
  if (anySym) {
    // Shape arithmetic that reaches run time: one element per (possibly run-time) dim.
    SmallVector<Value> elements;
    for (int64_t i = 0, n = numElements(t.shape); i < n; ++i)
      elements.push_back(t.symAt(i) >= 0 ? b.create<arith::IndexCastOp>(
                                                loc, elt, dimValue(Dim::symbol(t.symAt(i))))
                                               .getResult()
                                         : scalar(t.type, static_cast<double>(t.intAt(i))));
    return b.create<tensor::FromElementsOp>(loc, type, elements);
  }
  if (t.splat) {
    Attribute value = isFloatType(t.type) ? Attribute(b.getFloatAttr(elt, t.floatAt(0)))
                                          : Attribute(b.getIntegerAttr(elt, t.intAt(0)));
    return b.create<arith::ConstantOp>(loc, SplatElementsAttr::get(type, value));
  }
  int64_t n = numElements(t.shape);
  if (elt.isF32())
    return constantF32(
        t.shape,
        [&](MutableArrayRef<float> out) {
          t.withFloats([&](auto values) {
            for (auto [to, from] : llvm::zip_equal(out, values))
              to = static_cast<float>(from);
          });
        },
        hint);
  if (elt.isF64()) {
    if (n > kInlineElements)
      return b.create<arith::ConstantOp>(
          loc, DenseResourceElementsAttr::get(
                   type, blobName(hint),
                   HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<double>(t.floats))));
    return b.create<arith::ConstantOp>(loc,
                                       DenseElementsAttr::get(type, ArrayRef<double>(t.floats)));
  }
  unsigned width = elt.getIntOrFloatBitWidth();
  SmallVector<APInt> values;
  for (int64_t v : t.ints)
    values.push_back(APInt(64, static_cast<uint64_t>(v), /*isSigned=*/true).sextOrTrunc(width));
  return b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(type, values));
}

Value Emitter::constantF32(const Shape &shape, function_ref<void(MutableArrayRef<float>)> fill,
                           StringRef hint) {
  RankedTensorType type = tensorType(shape, dtype::Float);
  int64_t n = numElements(shape);
  if (n > kInlineElements) {
    AsmResourceBlob blob = HeapAsmResourceBlob::allocate(n * sizeof(float), alignof(float));
    fill(MutableArrayRef<float>(reinterpret_cast<float *>(blob.getMutableData().data()), n));
    return b.create<arith::ConstantOp>(
        loc, DenseResourceElementsAttr::get(type, blobName(hint), std::move(blob)));
  }
  std::vector<float> data(n);
  fill(data);
  return b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(type, ArrayRef<float>(data)));
}

Shape Emitter::physicalShape(const Tensor &t) {
  if (!t.isRuntime())
    return t.shape;
  Shape phys(t.shape.size());
  for (size_t i = 0; i < t.shape.size(); ++i)
    phys[t.perm[i]] = t.shape[i];
  return phys;
}

Value Emitter::transposeValue(Value v, ArrayRef<int64_t> perm, const Shape &outShape) {
  auto type = llvm::cast<RankedTensorType>(v.getType());
  Value init = b.create<tensor::EmptyOp>(loc, sizes(outShape), type.getElementType());
  return b.create<linalg::TransposeOp>(loc, v, init, perm).getResult()[0];
}

Tensor Emitter::asRuntime(const Tensor &t) {
  return t.isRuntime() ? t : Tensor::runtime(materialize(t), t.type, t.shape);
}

Value Emitter::materialize(const Tensor &t) { return physicalAs(t, identity(t.shape.size())); }

Value Emitter::physicalAs(const Tensor &t, ArrayRef<int64_t> order) {
  if (t.isConstant())
    return constant(isIdentity(order) ? t : transposeConstant(t, order));
  SmallVector<int64_t> perm;
  Shape outShape;
  for (int64_t o : order) {
    perm.push_back(t.perm[o]);
    outShape.push_back(t.shape[o]);
  }
  if (isIdentity(perm))
    return t.value;
  // Moving unit dims only reorders nothing in memory: a reshape.
  Shape phys = physicalShape(t);
  SmallVector<int64_t> moved;
  for (int64_t p : perm)
    if (!phys[p].isStatic(1))
      moved.push_back(p);
  if (std::is_sorted(moved.begin(), moved.end()))
    return physicalReshape(t.value, phys, outShape, t.type);
  return transposeValue(t.value, perm, outShape);
}

Tensor Emitter::transpose(const Tensor &t, ArrayRef<int64_t> perm) {
  Tensor out = t;
  for (size_t i = 0; i < perm.size(); ++i) {
    out.perm[i] = t.perm[perm[i]];
    out.shape[i] = t.shape[perm[i]];
  }
  return out;
}

Value Emitter::physicalReshape(Value v, const Shape &from, const Shape &to, DataType type) {
  if (from == to)
    return v;
  RankedTensorType resultType = tensorType(to, type);
  // Undo a reshape rather than stack another on it.
  Operation *def = v.getDefiningOp();
  if (def && llvm::isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(def) &&
      def->getOperand(0).getType() == resultType)
    return def->getOperand(0);
  if (from.empty())
    return b.create<tensor::ExpandShapeOp>(loc, resultType, v, ArrayRef<ReassociationIndices>{},
                                           sizes(to));
  if (to.empty())
    return b.create<tensor::CollapseShapeOp>(loc, resultType, v, ArrayRef<ReassociationIndices>{});
  std::vector<ReshapeGroup> groups;
  if (std::optional<std::vector<ReshapeGroup>> found = reassociate(from, to, symbols)) {
    groups = *found;
  } else {
    groups.push_back({identity(from.size()), identity(to.size())});
  }
  SmallVector<ReassociationIndices> collapse, expand;
  Shape collapsed;
  bool needCollapse = false, needExpand = false;
  for (const ReshapeGroup &g : groups) {
    std::vector<Dim> dims;
    for (int64_t i : g.in)
      dims.push_back(from[i]);
    // Every caller checked that the shapes' element counts fit in int64 (reshapeTarget,
    // Flatten, legacy Softmax), so a group's product does too.
    collapsed.push_back(symbols.product(dims).value());
    collapse.push_back(ReassociationIndices(g.in.begin(), g.in.end()));
    expand.push_back(ReassociationIndices(g.out.begin(), g.out.end()));
    needCollapse |= g.in.size() > 1;
    needExpand |= g.out.size() > 1;
  }
  if (needCollapse)
    v = b.create<tensor::CollapseShapeOp>(loc, tensorType(collapsed, type), v, collapse);
  if (needExpand)
    v = b.create<tensor::ExpandShapeOp>(loc, resultType, v, expand, sizes(to));
  if (v.getType() != resultType)
    v = b.create<tensor::CastOp>(loc, resultType, v);
  return v;
}

Tensor Emitter::reshape(const Tensor &input, const Shape &shape) {
  if (input.shape == shape)
    return input;
  Tensor t = input;
  // Unit dims can move freely; the other dims must keep their order in memory. Group
  // the non-unit dims of the input and output, logically.
  std::vector<int64_t> inNU, outNU;
  Shape inDims, outDims;
  for (size_t i = 0; i < t.shape.size(); ++i)
    if (!t.shape[i].isStatic(1)) {
      inNU.push_back(i);
      inDims.push_back(t.shape[i]);
    }
  for (size_t i = 0; i < shape.size(); ++i)
    if (!shape[i].isStatic(1)) {
      outNU.push_back(i);
      outDims.push_back(shape[i]);
    }
  std::vector<ReshapeGroup> groups;
  bool grouped = true;
  if (!inDims.empty() || !outDims.empty()) {
    std::optional<std::vector<ReshapeGroup>> found =
        inDims.empty() || outDims.empty() ? std::nullopt : reassociate(inDims, outDims, symbols);
    if (found)
      groups = *found;
    else
      grouped = false;
  }
  // Rank among the physical non-unit dims.
  auto rankOf = [&](const Tensor &x) {
    Shape phys = physicalShape(x);
    std::vector<int64_t> q(phys.size(), -1);
    int64_t next = 0;
    for (size_t p = 0; p < phys.size(); ++p)
      if (!phys[p].isStatic(1))
        q[p] = next++;
    return q;
  };
  auto contiguous = [&](const Tensor &x) {
    std::vector<int64_t> q = rankOf(x);
    for (const ReshapeGroup &g : groups)
      for (size_t k = 0; k < g.in.size(); ++k)
        if (q[x.perm[inNU[g.in[k]]]] != q[x.perm[inNU[g.in[0]]]] + static_cast<int64_t>(k))
          return false;
    return true;
  };
  if (!grouped || !contiguous(t)) {
    Value v = materialize(t);
    return Tensor::runtime(physicalReshape(v, t.shape, shape, t.type), t.type, shape);
  }
  std::vector<int64_t> q = rankOf(t);
  std::sort(groups.begin(), groups.end(), [&](const ReshapeGroup &a, const ReshapeGroup &c) {
    return q[t.perm[inNU[a.in[0]]]] < q[t.perm[inNU[c.in[0]]]];
  });
  // Output dims in physical order: the groups' dims, then each unit dim just before the
  // next non-unit dim that follows it logically (or last).
  std::vector<int64_t> order;
  for (const ReshapeGroup &g : groups)
    for (int64_t o : g.out)
      order.push_back(outNU[o]);
  for (size_t u = 0; u < shape.size(); ++u) {
    if (!shape[u].isStatic(1))
      continue;
    auto next = std::find_if(order.begin(), order.end(), [&](int64_t o) {
      return o > static_cast<int64_t>(u) && !shape[o].isStatic(1);
    });
    // Keep unit dims in increasing order before the same successor.
    if (next != order.end()) {
      int64_t succ = *next;
      auto firstNonUnit = std::find(order.begin(), order.end(), succ);
      order.insert(firstNonUnit, static_cast<int64_t>(u));
    } else {
      order.push_back(static_cast<int64_t>(u));
    }
  }
  Shape physOut;
  std::vector<int64_t> perm(shape.size());
  for (size_t j = 0; j < order.size(); ++j) {
    physOut.push_back(shape[order[j]]);
    perm[order[j]] = static_cast<int64_t>(j);
  }
  Tensor out =
      Tensor::runtime(physicalReshape(t.value, physicalShape(t), physOut, t.type), t.type, shape);
  out.perm = perm;
  return out;
}

Tensor Emitter::slice(const Tensor &t, int64_t axis, OpFoldResult offset, Dim size) {
  return sliceImpl(t, axis, offset, dimSize(size), size);
}

Tensor Emitter::sliceDynamic(const Tensor &t, int64_t axis, OpFoldResult offset, Value size) {
  return sliceImpl(t, axis, offset, size, std::nullopt);
}

Tensor Emitter::sliceImpl(const Tensor &t, int64_t axis, OpFoldResult offset, OpFoldResult size,
                          std::optional<Dim> sizeDim) {
  Shape phys = physicalShape(t);
  int64_t pa = t.perm[axis];
  SmallVector<OpFoldResult> offsets(phys.size(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> strides(phys.size(), b.getIndexAttr(1));
  SmallVector<OpFoldResult> sz = sizes(phys);
  offsets[pa] = offset;
  sz[pa] = size;
  std::vector<int64_t> type = mlirShape(phys);
  type[pa] = sizeDim && sizeDim->isStatic() ? sizeDim->size : ShapedType::kDynamic;
  Value v = b.create<tensor::ExtractSliceOp>(loc, RankedTensorType::get(type, elementType(t.type)),
                                             t.value, offsets, sz, strides);
  Tensor out = t;
  out.value = v;
  out.shape[axis] = sizeDim ? *sizeDim : Dim::symbol(symbols.fromValueDim(v, pa));
  return out;
}

Tensor Emitter::takeIndex(const Tensor &t, int64_t axis, OpFoldResult index) {
  // A rank-reducing extract_slice: physical dim perm[axis] is dropped.
  Shape phys = physicalShape(t);
  int64_t pa = t.perm[axis];
  SmallVector<OpFoldResult> offsets(phys.size(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> strides(phys.size(), b.getIndexAttr(1));
  SmallVector<OpFoldResult> sz = sizes(phys);
  offsets[pa] = index;
  sz[pa] = b.getIndexAttr(1);
  Shape reduced = phys;
  reduced.erase(reduced.begin() + pa);
  Value v = b.create<tensor::ExtractSliceOp>(loc, tensorType(reduced, t.type), t.value, offsets, sz,
                                             strides);
  Tensor out = t;
  out.value = v;
  out.shape.erase(out.shape.begin() + axis);
  out.perm.erase(out.perm.begin() + axis);
  for (int64_t &p : out.perm)
    if (p > pa)
      --p;
  return out;
}

Value Emitter::elementwise(ArrayRef<std::pair<Value, Shape>> operands, const Shape &outShape,
                           DataType outType, const Body &body) {
  MLIRContext *ctx = b.getContext();
  size_t rank = outShape.size();
  SmallVector<AffineMap> maps;
  SmallVector<Value> inputs;
  for (const auto &[v, shape] : operands) {
    SmallVector<AffineExpr> exprs;
    size_t offset = rank - shape.size();
    for (size_t d = 0; d < shape.size(); ++d)
      exprs.push_back(shape[d].isStatic(1) && !outShape[offset + d].isStatic(1)
                          ? getAffineConstantExpr(0, ctx)
                          : getAffineDimExpr(offset + d, ctx));
    maps.push_back(AffineMap::get(rank, 0, exprs, ctx));
    inputs.push_back(v);
  }
  maps.push_back(AffineMap::getMultiDimIdentityMap(rank, ctx));
  Value init = empty(outShape, outType);
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  size_t n = inputs.size();
  auto op =
      b.create<linalg::GenericOp>(loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
                                  iterators, [&](OpBuilder &nb, Location nl, ValueRange args) {
                                    Value r = body(nb, nl, args.take_front(n));
                                    nb.create<linalg::YieldOp>(nl, r);
                                  });
  return op.getResult(0);
}

Value Emitter::convertScalar(OpBuilder &nb, Location nl, Value v, DataType from, DataType to) {
  if (from == to)
    return v;
  Type target = elementType(to);
  Type source = v.getType();
  if (source == target && isUnsigned(from) == isUnsigned(to))
    return v;
  bool fromFloat = isFloatType(from), toFloat = isFloatType(to);
  if (fromFloat && toFloat) {
    unsigned a = source.getIntOrFloatBitWidth(), c = target.getIntOrFloatBitWidth();
    if (a < c)
      return nb.create<arith::ExtFOp>(nl, target, v);
    if (a > c)
      return nb.create<arith::TruncFOp>(nl, target, v);
    return v;
  }
  if (!fromFloat && toFloat)
    return isUnsigned(from) ? nb.create<arith::UIToFPOp>(nl, target, v).getResult()
                            : nb.create<arith::SIToFPOp>(nl, target, v).getResult();
  if (to == dtype::Bool) {
    if (fromFloat) {
      Value zero = nb.create<arith::ConstantOp>(nl, nb.getFloatAttr(source, 0.0));
      return nb.create<arith::CmpFOp>(nl, arith::CmpFPredicate::UNE, v, zero);
    }
    Value zero = nb.create<arith::ConstantOp>(nl, nb.getIntegerAttr(source, 0));
    return nb.create<arith::CmpIOp>(nl, arith::CmpIPredicate::ne, v, zero);
  }
  if (fromFloat)
    return isUnsigned(to) ? nb.create<arith::FPToUIOp>(nl, target, v).getResult()
                          : nb.create<arith::FPToSIOp>(nl, target, v).getResult();
  unsigned a = source.getIntOrFloatBitWidth(), c = target.getIntOrFloatBitWidth();
  if (a < c)
    return isUnsigned(from) ? nb.create<arith::ExtUIOp>(nl, target, v).getResult()
                            : nb.create<arith::ExtSIOp>(nl, target, v).getResult();
  if (a > c)
    return nb.create<arith::TruncIOp>(nl, target, v);
  return v;
}

} // namespace rnnc::onnximport
