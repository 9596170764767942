// Run-time dimension sizes ("symbols") of an ONNX graph: each is a dim of some value
// (usually a graph input's dim_param), or a product of those with a static factor.
#ifndef RNNC_COMPILER_FRONTENDS_ONNX_SYMBOLS_H
#define RNNC_COMPILER_FRONTENDS_ONNX_SYMBOLS_H

#include "compiler/Frontends/ONNX/Tensor.h"

#include "llvm/ADT/StringMap.h"

#include <map>
#include <optional>
#include <utility>

namespace rnnc::onnximport {

class Symbols {
public:
  /// A dim as a static factor times base symbols (sorted, with repetition).
  struct Factors {
    int64_t scale = 1;
    std::vector<int> syms;
  };

  /// A new symbol: dim `dim` of `source`.
  int fromValueDim(mlir::Value source, int64_t dim);
  /// The symbol of dim_param `name`, created from (source, dim) on first use.
  int named(llvm::StringRef name, mlir::Value source, int64_t dim);

  Factors factors(const Dim &d) const;
  Dim fromFactors(const Factors &f);
  /// The product of `dims`; nullopt if its static factor overflows int64 (dims come
  /// from the model file and can be anything).
  std::optional<Dim> product(llvm::ArrayRef<Dim> dims);
  std::optional<Dim> multiply(const Dim &a, const Dim &b) { return product({a, b}); }
  /// a / b when b divides a exactly (as factors); nullopt otherwise.
  std::optional<Dim> divide(const Dim &a, const Dim &b);
  /// Whether b divides a (as factors).
  bool divides(const Dim &b, const Dim &a) const;

  bool isBase(int sym) const { return table[sym].factors.empty(); }
  /// For a base symbol: the value and dim it is read from.
  std::pair<mlir::Value, int64_t> source(int sym) const {
    return {table[sym].source, table[sym].dim};
  }
  /// For a product symbol: its factors.
  const Factors &productFactors(int sym) const { return table[sym].product; }

private:
  struct Symbol {
    mlir::Value source; // base symbols
    int64_t dim = 0;
    std::vector<int> factors; // non-empty for products
    Factors product;
  };
  std::vector<Symbol> table;
  std::map<std::pair<int64_t, std::vector<int>>, int> products;
  llvm::StringMap<int> names;
};

} // namespace rnnc::onnximport

#endif // RNNC_COMPILER_FRONTENDS_ONNX_SYMBOLS_H
