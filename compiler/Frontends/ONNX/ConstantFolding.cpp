// Evaluation of ONNX ops on compile-time constants.
#include "compiler/Frontends/ONNX/ConstantFolding.h"
#include "compiler/Frontends/ONNX/ShapeInference.h"

#include <cmath>

namespace rnnc::onnximport {

namespace {

/// Builds a constant element by element, copying from sources.
struct ElementWriter {
  Tensor out;
  bool anySym = false;

  ElementWriter(DataType type, Shape shape) {
    out.type = type;
    out.shape = std::move(shape);
  }
  void copy(const Tensor &src, int64_t i) {
    if (isFloatType(out.type)) {
      out.floats.push_back(src.floatAt(i));
      return;
    }
    out.ints.push_back(src.intAt(i));
    int s = src.symAt(i);
    out.intSyms.push_back(s);
    anySym |= s >= 0;
  }
  Tensor finish() {
    if (!anySym)
      out.intSyms.clear();
    return std::move(out);
  }
};

Tensor splatLike(const Tensor &t, Shape shape) {
  Tensor out = t;
  out.shape = std::move(shape);
  return out;
}

/// Calls f(outIndex, multiIndex) for every element of a static shape, in row-major order.
template <typename F> void forEachIndex(const Shape &shape, F f) {
  int64_t n = numElements(shape);
  std::vector<int64_t> idx(shape.size(), 0);
  for (int64_t k = 0; k < n; ++k) {
    f(k, idx);
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      if (++idx[d] < shape[d].size)
        break;
      idx[d] = 0;
    }
  }
}

/// Strides of `t` seen from a right-aligned broadcast to rank `rank` (0 on broadcast dims).
std::vector<int64_t> broadcastStrides(const Tensor &t, size_t rank) {
  std::vector<int64_t> strides = stridesOf(t.shape), out(rank, 0);
  size_t offset = rank - t.shape.size();
  for (size_t d = 0; d < t.shape.size(); ++d)
    out[offset + d] = t.shape[d].isStatic(1) ? 0 : strides[d];
  return out;
}

} // namespace

bool isFoldableShape(const Shape &shape) {
  return isStatic(shape) && numElements(shape) <= kMaxFoldedElements;
}

std::vector<int64_t> stridesOf(const Shape &shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1].size;
  return strides;
}

Tensor transposeConstant(const Tensor &t, llvm::ArrayRef<int64_t> perm) {
  Shape shape;
  for (int64_t p : perm)
    shape.push_back(t.shape[p]);
  if (t.splat)
    return splatLike(t, shape);
  std::vector<int64_t> strides = stridesOf(t.shape);
  ElementWriter w(t.type, shape);
  forEachIndex(shape, [&](int64_t, const std::vector<int64_t> &idx) {
    int64_t src = 0;
    for (size_t d = 0; d < perm.size(); ++d)
      src += idx[d] * strides[perm[d]];
    w.copy(t, src);
  });
  return w.finish();
}

Tensor reshapeConstant(const Tensor &t, Shape shape) {
  Tensor out = t;
  out.shape = std::move(shape);
  return out;
}

Tensor sliceConstant(const Tensor &t, llvm::ArrayRef<int64_t> starts, llvm::ArrayRef<int64_t> steps,
                     Shape outShape) {
  if (t.splat)
    return splatLike(t, outShape);
  std::vector<int64_t> strides = stridesOf(t.shape);
  ElementWriter w(t.type, outShape);
  forEachIndex(outShape, [&](int64_t, const std::vector<int64_t> &idx) {
    int64_t src = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      src += (starts[d] + idx[d] * steps[d]) * strides[d];
    w.copy(t, src);
  });
  return w.finish();
}

llvm::Expected<Tensor> gatherConstant(const Tensor &data, const Tensor &indices, int64_t axis) {
  int64_t dim = data.shape[axis].size;
  Shape shape(data.shape.begin(), data.shape.begin() + axis);
  shape.insert(shape.end(), indices.shape.begin(), indices.shape.end());
  shape.insert(shape.end(), data.shape.begin() + axis + 1, data.shape.end());
  if (numElements(indices.shape) > kMaxFoldedElements ||
      (!data.splat && !isFoldableShape(shape)))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the result would have " +
                                       std::to_string(numElements(shape)) +
                                       " elements; constants are limited to 2^24");
  std::vector<int64_t> idxValues;
  for (int64_t k = 0, n = numElements(indices.shape); k < n; ++k) {
    int64_t v = indices.intAt(k);
    if (v < -dim || v >= dim)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "index " + std::to_string(v) +
                                         " is out of range for a dim of size " +
                                         std::to_string(dim));
    idxValues.push_back(v < 0 ? v + dim : v);
  }
  if (data.splat)
    return splatLike(data, shape);
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= data.shape[d].size;
  for (size_t d = axis + 1; d < data.shape.size(); ++d)
    inner *= data.shape[d].size;
  ElementWriter w(data.type, shape);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t idx : idxValues)
      for (int64_t i = 0; i < inner; ++i)
        w.copy(data, (o * dim + idx) * inner + i);
  return w.finish();
}

Tensor concatConstant(llvm::ArrayRef<const Tensor *> parts, int64_t axis) {
  Shape shape = parts.front()->shape;
  int64_t total = 0;
  for (const Tensor *p : parts)
    total += p->shape[axis].size;
  shape[axis] = Dim::fixed(total);
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d].size;
  ElementWriter w(parts.front()->type, shape);
  for (int64_t o = 0; o < outer; ++o)
    for (const Tensor *p : parts) {
      int64_t chunk = 1;
      for (size_t d = axis; d < p->shape.size(); ++d)
        chunk *= p->shape[d].size;
      for (int64_t i = 0; i < chunk; ++i)
        w.copy(*p, o * chunk + i);
    }
  return w.finish();
}

Tensor expandConstant(const Tensor &t, Shape outShape) {
  if (t.splat || numElements(t.shape) == 1) {
    Tensor out = t;
    out.decodeFloats();
    out.splat = true;
    out.floats.resize(std::min<size_t>(out.floats.size(), 1));
    out.ints.resize(std::min<size_t>(out.ints.size(), 1));
    if (!out.intSyms.empty())
      out.intSyms.resize(1);
    out.shape = std::move(outShape);
    return out;
  }
  std::vector<int64_t> strides = broadcastStrides(t, outShape.size());
  ElementWriter w(t.type, outShape);
  forEachIndex(outShape, [&](int64_t, const std::vector<int64_t> &idx) {
    int64_t src = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      src += idx[d] * strides[d];
    w.copy(t, src);
  });
  return w.finish();
}

llvm::Expected<Tensor> castConstant(const Tensor &t, DataType to) {
  Tensor out = t;
  out.type = to;
  out.floats.clear();
  out.rawFloats = {};
  out.ints.clear();
  out.intSyms.clear();
  int64_t n = t.splat ? 1 : numElements(t.shape);
  bool fromFloat = isFloatType(t.type);
  for (int64_t i = 0; i < n; ++i) {
    if (isFloatType(to)) {
      if (t.symAt(i) >= 0)
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "cannot cast a run-time dim to a float");
      out.floats.push_back(roundToType(to, t.valueAt(i)));
      continue;
    }
    if (fromFloat) {
      double v = t.floatAt(i);
      if (to == dtype::Bool)
        out.ints.push_back(v != 0.0);
      else if (!std::isfinite(v) || std::fabs(v) >= 9.2e18)
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "cannot cast a non-finite or huge float "
                                       "to an integer");
      else
        out.ints.push_back(wrapToType(to, static_cast<int64_t>(v)));
      continue;
    }
    out.ints.push_back(wrapToType(to, t.intAt(i)));
    out.intSyms.push_back(to == dtype::Bool ? -1 : t.symAt(i));
  }
  bool anySym = false;
  for (int s : out.intSyms)
    anySym |= s >= 0;
  if (!anySym)
    out.intSyms.clear();
  return out;
}

std::optional<Tensor> binaryConstant(BinaryKind kind, const Tensor &a, const Tensor &b,
                                     Symbols &symbols) {
  std::optional<Shape> shape = broadcastShapes(a.shape, b.shape);
  if (!shape || !isFoldableShape(*shape))
    return std::nullopt;
  std::vector<int64_t> sa = broadcastStrides(a, shape->size());
  std::vector<int64_t> sb = broadcastStrides(b, shape->size());
  Tensor out;
  out.type = a.type;
  out.shape = *shape;
  bool isFloat = isFloatType(a.type);
  bool anySym = false;
  bool ok = true;
  forEachIndex(*shape, [&](int64_t, const std::vector<int64_t> &idx) {
    int64_t ia = 0, ib = 0;
    for (size_t d = 0; d < idx.size(); ++d) {
      ia += idx[d] * sa[d];
      ib += idx[d] * sb[d];
    }
    if (isFloat) {
      double x = a.floatAt(ia), y = b.floatAt(ib), r = 0;
      switch (kind) {
      case BinaryKind::Add:
        r = x + y;
        break;
      case BinaryKind::Sub:
        r = x - y;
        break;
      case BinaryKind::Mul:
        r = x * y;
        break;
      case BinaryKind::Div:
        r = x / y;
        break;
      }
      out.floats.push_back(roundToType(a.type, r));
      return;
    }
    int symA = a.symAt(ia), symB = b.symAt(ib);
    int64_t x = a.intAt(ia), y = b.intAt(ib);
    if (symA < 0 && symB < 0) {
      int64_t r = 0;
      switch (kind) {
      case BinaryKind::Add:
        r = x + y;
        break;
      case BinaryKind::Sub:
        r = x - y;
        break;
      case BinaryKind::Mul:
        r = x * y;
        break;
      case BinaryKind::Div:
        if (y == 0) {
          ok = false;
          return;
        }
        r = x / y;
        break;
      }
      out.ints.push_back(wrapToType(a.type, r));
      out.intSyms.push_back(-1);
      return;
    }
    // Symbolic dims: products and quotients stay symbols; x + 0 and x - 0 are x.
    Dim da = symA >= 0 ? Dim::symbol(symA) : Dim::fixed(x);
    Dim db = symB >= 0 ? Dim::symbol(symB) : Dim::fixed(y);
    std::optional<Dim> r;
    if (kind == BinaryKind::Mul && (symA < 0 ? x >= 0 : true) && (symB < 0 ? y >= 0 : true))
      r = symbols.multiply(da, db);
    else if (kind == BinaryKind::Div && symB < 0 && y > 0)
      r = symbols.divide(da, db);
    else if ((kind == BinaryKind::Add || kind == BinaryKind::Sub) && symB < 0 && y == 0)
      r = da;
    else if (kind == BinaryKind::Add && symA < 0 && x == 0)
      r = db;
    if (!r) {
      ok = false;
      return;
    }
    out.ints.push_back(r->isStatic() ? r->size : 0);
    out.intSyms.push_back(r->isStatic() ? -1 : r->sym);
    anySym |= !r->isStatic();
  });
  if (!ok)
    return std::nullopt;
  if (!anySym)
    out.intSyms.clear();
  return out;
}

Tensor unaryConstant(UnaryKind kind, const Tensor &t) {
  Tensor out = t;
  out.decodeFloats();
  for (double &v : out.floats) {
    switch (kind) {
    case UnaryKind::Sigmoid:
      v = 1.0 / (1.0 + std::exp(-v));
      break;
    case UnaryKind::Tanh:
      v = std::tanh(v);
      break;
    case UnaryKind::Relu:
      v = v > 0 ? v : 0.0;
      break;
    }
    v = roundToType(t.type, v);
  }
  return out;
}

} // namespace rnnc::onnximport
