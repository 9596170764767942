// Element types and shapes of .npy arrays: names, sizes and overflow-checked byte counts.
#include "runtime/npy/Npy.h"

#include <limits>

namespace rnnc::npy {

const char *dtypeName(DType dtype) {
  switch (dtype) {
  case DType::Bool:
    return "bool";
  case DType::Int16:
    return "int16";
  case DType::Int32:
    return "int32";
  case DType::Int64:
    return "int64";
  case DType::Float32:
    return "float32";
  case DType::Float64:
    return "float64";
  }
  return "unknown";
}

size_t dtypeSize(DType dtype) {
  switch (dtype) {
  case DType::Bool:
    return 1;
  case DType::Int16:
    return 2;
  case DType::Int32:
  case DType::Float32:
    return 4;
  case DType::Int64:
  case DType::Float64:
    return 8;
  }
  return 0;
}

std::optional<size_t> byteSize(DType dtype, const std::vector<int64_t> &shape) {
  int64_t bound = static_cast<int64_t>(dtypeSize(dtype));
  bool zero = false;
  for (int64_t dim : shape) {
    if (dim < 0 || __builtin_mul_overflow(bound, dim == 0 ? 1 : dim, &bound))
      return std::nullopt;
    zero |= dim == 0;
  }
  if (static_cast<uint64_t>(bound) > std::numeric_limits<size_t>::max())
    return std::nullopt;
  return zero ? 0 : static_cast<size_t>(bound);
}

std::string formatShape(const std::vector<int64_t> &shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

} // namespace rnnc::npy
