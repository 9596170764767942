// Run-time dimension sizes of an ONNX graph and their arithmetic.
#include "compiler/Frontends/ONNX/Symbols.h"

#include <algorithm>

namespace rnnc::onnximport {

int Symbols::fromValueDim(mlir::Value source, int64_t dim) {
  Symbol s;
  s.source = source;
  s.dim = dim;
  table.push_back(s);
  return static_cast<int>(table.size()) - 1;
}

int Symbols::named(llvm::StringRef name, mlir::Value source, int64_t dim) {
  auto it = names.find(name);
  if (it != names.end())
    return it->second;
  int id = fromValueDim(source, dim);
  names[name] = id;
  return id;
}

Symbols::Factors Symbols::factors(const Dim &d) const {
  Factors f;
  if (d.isStatic()) {
    f.scale = d.size;
    return f;
  }
  if (isBase(d.sym)) {
    f.syms = {d.sym};
    return f;
  }
  return table[d.sym].product;
}

Dim Symbols::fromFactors(const Factors &f) {
  if (f.syms.empty() || f.scale == 0)
    return Dim::fixed(f.scale);
  if (f.syms.size() == 1 && f.scale == 1)
    return Dim::symbol(f.syms[0]);
  std::vector<int> syms = f.syms;
  std::sort(syms.begin(), syms.end());
  auto key = std::make_pair(f.scale, syms);
  auto it = products.find(key);
  if (it != products.end())
    return Dim::symbol(it->second);
  Symbol s;
  s.factors = syms;
  s.product = Factors{f.scale, syms};
  table.push_back(s);
  int id = static_cast<int>(table.size()) - 1;
  products[key] = id;
  return Dim::symbol(id);
}

std::optional<Dim> Symbols::product(llvm::ArrayRef<Dim> dims) {
  Factors total;
  for (const Dim &d : dims) {
    Factors f = factors(d);
    if (__builtin_mul_overflow(total.scale, f.scale, &total.scale))
      return std::nullopt;
    total.syms.insert(total.syms.end(), f.syms.begin(), f.syms.end());
  }
  std::sort(total.syms.begin(), total.syms.end());
  return fromFactors(total);
}

bool Symbols::divides(const Dim &b, const Dim &a) const {
  Factors fa = factors(a), fb = factors(b);
  if (fb.scale == 0)
    return false;
  if (fa.scale % fb.scale != 0)
    return false;
  std::sort(fa.syms.begin(), fa.syms.end());
  std::sort(fb.syms.begin(), fb.syms.end());
  return std::includes(fa.syms.begin(), fa.syms.end(), fb.syms.begin(), fb.syms.end());
}

std::optional<Dim> Symbols::divide(const Dim &a, const Dim &b) {
  if (!divides(b, a))
    return std::nullopt;
  Factors fa = factors(a), fb = factors(b);
  std::sort(fa.syms.begin(), fa.syms.end());
  std::sort(fb.syms.begin(), fb.syms.end());
  Factors q;
  q.scale = fa.scale / fb.scale;
  std::set_difference(fa.syms.begin(), fa.syms.end(), fb.syms.begin(), fb.syms.end(),
                      std::back_inserter(q.syms));
  return fromFactors(q);
}

} // namespace rnnc::onnximport
