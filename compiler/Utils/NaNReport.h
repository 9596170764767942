// The one message every frontend gives for weights holding NaN (training that diverged, a
// damaged file): a model computes NaN from them for every input.
#ifndef RNNC_COMPILER_UTILS_NANREPORT_H
#define RNNC_COMPILER_UTILS_NANREPORT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <optional>
#include <string>

namespace rnnc {

/// "<n> NaN value(s), the first at [i, j, ...]; a model computes NaN from them", with the
/// index in `shape` (row-major `values`; a splat passes one value), or nullopt when no
/// value is NaN. (Infinities are not reported: they have uses as bounds and masks.)
template <typename T>
std::optional<std::string> describeNaNs(llvm::ArrayRef<T> values, llvm::ArrayRef<int64_t> shape) {
  auto isNaN = [](T v) { return std::isnan(v); };
  const T *first = llvm::find_if(values, isNaN);
  if (first == values.end())
    return std::nullopt;
  size_t count = llvm::count_if(values, isNaN);
  std::string index;
  int64_t rest = first - values.begin();
  for (size_t d = shape.size(); d-- > 0;) {
    int64_t size = shape[d] > 0 ? shape[d] : 1;
    index = std::to_string(rest % size) + (index.empty() ? "" : ", ") + index;
    rest /= size;
  }
  return std::to_string(count) + " NaN value" + (count == 1 ? "" : "s") + ", the first at [" +
         index + "]; a model computes NaN from them";
}

} // namespace rnnc

#endif // RNNC_COMPILER_UTILS_NANREPORT_H
