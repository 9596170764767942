// Shape rules of the ONNX ops the importer handles.
#include "compiler/Frontends/ONNX/ShapeInference.h"

namespace rnnc::onnximport {

std::optional<Shape> broadcastShapes(const Shape &a, const Shape &b) {
  size_t rank = std::max(a.size(), b.size());
  Shape out(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Right-aligned: a missing dim acts as 1.
    Dim da = i + a.size() >= rank ? a[i + a.size() - rank] : Dim::fixed(1);
    Dim db = i + b.size() >= rank ? b[i + b.size() - rank] : Dim::fixed(1);
    if (da.isStatic(1))
      out[i] = db;
    else if (db.isStatic(1))
      out[i] = da;
    else if (da.isStatic() && db.isStatic() && da.size != db.size)
      return std::nullopt;
    else if (da.isStatic())
      out[i] = da;
    else
      out[i] = db.isStatic() ? db : da;
  }
  return out;
}

bool broadcastsTo(const Shape &from, const Shape &to) {
  if (from.size() > to.size())
    return false;
  for (size_t i = 0; i < from.size(); ++i) {
    const Dim &f = from[from.size() - 1 - i];
    const Dim &t = to[to.size() - 1 - i];
    if (!(f.isStatic(1) || f == t))
      return false;
  }
  return true;
}

std::optional<std::vector<ReshapeGroup>> reassociate(const Shape &in, const Shape &out,
                                                     Symbols &symbols) {
  std::vector<ReshapeGroup> groups;
  size_t i = 0, j = 0;
  while (i < in.size() && j < out.size()) {
    ReshapeGroup g;
    Dim pin = in[i], pout = out[j];
    g.in.push_back(i++);
    g.out.push_back(j++);
    while (pin != pout) {
      if (j < out.size() && symbols.divides(pout, pin)) {
        std::optional<Dim> next = symbols.multiply(pout, out[j]);
        if (!next)
          return std::nullopt;
        pout = *next;
        g.out.push_back(j++);
      } else if (i < in.size() && symbols.divides(pin, pout)) {
        std::optional<Dim> next = symbols.multiply(pin, in[i]);
        if (!next)
          return std::nullopt;
        pin = *next;
        g.in.push_back(i++);
      } else {
        return std::nullopt;
      }
    }
    groups.push_back(std::move(g));
  }
  // Trailing unit dims join the last group.
  for (; i < in.size(); ++i) {
    if (!in[i].isStatic(1) || groups.empty())
      return std::nullopt;
    groups.back().in.push_back(i);
  }
  for (; j < out.size(); ++j) {
    if (!out[j].isStatic(1) || groups.empty())
      return std::nullopt;
    groups.back().out.push_back(j);
  }
  return groups;
}

llvm::Expected<Shape> reshapeTarget(const Shape &in, const Tensor &shape, bool allowZero,
                                    Symbols &symbols) {
  auto error = [](const llvm::Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
  };
  if (!shape.isConstant() || !isIntegerType(shape.type) || shape.rank() != 1 ||
      !shape.shape[0].isStatic())
    return error("the target shape must be a 1-D integer tensor known at compile time");
  int64_t n = shape.shape[0].size;
  Shape out(n);
  int64_t inferred = -1;
  std::vector<Dim> known;
  for (int64_t k = 0; k < n; ++k) {
    if (int s = shape.symAt(k); s >= 0) {
      out[k] = Dim::symbol(s);
    } else {
      int64_t v = shape.intAt(k);
      if (v == 0 && !allowZero) {
        if (k >= static_cast<int64_t>(in.size()))
          return error("target dim " + std::to_string(k) +
                       " is 0 (copy the input dim) but the input has rank " +
                       std::to_string(in.size()));
        out[k] = in[k];
      } else if (v == -1) {
        if (inferred >= 0)
          return error("the target shape has more than one -1");
        inferred = k;
        continue;
      } else if (v < 0) {
        return error("target dim " + std::to_string(k) + " is " + std::to_string(v));
      } else {
        out[k] = Dim::fixed(v);
      }
    }
    known.push_back(out[k]);
  }
  std::optional<Dim> totalOrNone = symbols.product(in);
  std::optional<Dim> partOrNone = symbols.product(known);
  if (!totalOrNone)
    return error("the input's element count overflows int64");
  if (!partOrNone)
    return error("the target shape's element count overflows int64");
  Dim total = *totalOrNone, part = *partOrNone;
  if (inferred >= 0) {
    std::optional<Dim> q = symbols.divide(total, part);
    if (!q)
      return error("cannot infer the -1 dim: the input's size is not a multiple "
                   "of the other target dims");
    out[inferred] = *q;
  } else if (total.isStatic() && part.isStatic() && total.size != part.size) {
    return error("cannot reshape " + std::to_string(total.size) + " elements into " +
                 std::to_string(part.size));
  }
  return out;
}

std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

} // namespace rnnc::onnximport
