// Exact dtype conversion: an input file may hold int64 ids for an int32 model or float64
// data for a float32 one, but never a value that would silently change.
#include "runtime/npy/Npy.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <new>

namespace rnnc::npy {
namespace {

// One element, held without loss: integers as int64_t, floats as double.
struct Value {
  bool isFloat;
  int64_t integer;
  double real;
};

template <typename T> T load(const unsigned char *bytes) {
  T value;
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

Value loadValue(DType dtype, const unsigned char *bytes) {
  switch (dtype) {
  case DType::Bool:
    return {false, bytes[0] != 0, 0};
  case DType::Int16:
    return {false, load<int16_t>(bytes), 0};
  case DType::Int32:
    return {false, load<int32_t>(bytes), 0};
  case DType::Int64:
    return {false, load<int64_t>(bytes), 0};
  case DType::Float32:
    return {true, 0, load<float>(bytes)};
  case DType::Float64:
    return {true, 0, load<double>(bytes)};
  }
  return {false, 0, 0};
}

constexpr double TWO_POW_63 = 9223372036854775808.0;

std::optional<int64_t> asInteger(const Value &value, int64_t min, int64_t max) {
  int64_t integer = value.integer;
  if (value.isFloat) {
    double real = value.real;
    if (!std::isfinite(real) || std::trunc(real) != real || real < -TWO_POW_63 ||
        real >= TWO_POW_63)
      return std::nullopt;
    integer = static_cast<int64_t>(real);
  }
  if (integer < min || integer > max)
    return std::nullopt;
  return integer;
}

// Rounds to Float, and keeps the result only if converting back gives the same value.
template <typename Float> std::optional<Float> asFloat(const Value &value) {
  if (value.isFloat) {
    if (std::isnan(value.real))
      return static_cast<Float>(value.real);
    if (std::isfinite(value.real) && std::fabs(value.real) > std::numeric_limits<Float>::max())
      return std::nullopt;
    Float rounded = static_cast<Float>(value.real);
    if (static_cast<double>(rounded) != value.real)
      return std::nullopt;
    return rounded;
  }
  Float rounded = static_cast<Float>(value.integer);
  // 2^63 itself is out of int64_t range, so it cannot have come from an exact conversion.
  if (rounded >= static_cast<Float>(TWO_POW_63) || static_cast<int64_t>(rounded) != value.integer)
    return std::nullopt;
  return rounded;
}

template <typename T> void store(unsigned char *bytes, T value) {
  std::memcpy(bytes, &value, sizeof(T));
}

bool storeValue(DType dtype, const Value &value, unsigned char *bytes) {
  auto storeInteger = [&](auto type, int64_t min, int64_t max) {
    std::optional<int64_t> integer = asInteger(value, min, max);
    if (integer)
      store(bytes, static_cast<decltype(type)>(*integer));
    return integer.has_value();
  };
  switch (dtype) {
  case DType::Bool:
    return storeInteger(uint8_t(), 0, 1);
  case DType::Int16:
    return storeInteger(int16_t(), INT16_MIN, INT16_MAX);
  case DType::Int32:
    return storeInteger(int32_t(), INT32_MIN, INT32_MAX);
  case DType::Int64:
    return storeInteger(int64_t(), INT64_MIN, INT64_MAX);
  case DType::Float32:
    if (auto real = asFloat<float>(value)) {
      store(bytes, *real);
      return true;
    }
    return false;
  case DType::Float64:
    if (auto real = asFloat<double>(value)) {
      store(bytes, *real);
      return true;
    }
    return false;
  }
  return false;
}

std::string formatValue(DType dtype, const Value &value) {
  if (dtype == DType::Bool)
    return value.integer ? "True" : "False";
  if (!value.isFloat)
    return std::to_string(value.integer);
  // The shortest text that reads back as the same float32 or float64.
  if (dtype == DType::Float32)
    return fmt::format("{}", static_cast<float>(value.real));
  return fmt::format("{}", value.real);
}

Result<Array> convertArray(const Array &array, DType to) {
  if (array.dtype == to)
    return array;
  Array result;
  result.dtype = to;
  result.shape = array.shape;
  size_t count = array.numElements();
  size_t fromSize = dtypeSize(array.dtype), toSize = dtypeSize(to);
  result.data.resize(count * toSize);
  for (size_t i = 0; i < count; ++i) {
    Value value = loadValue(array.dtype, array.data.data() + i * fromSize);
    if (!storeValue(to, value, result.data.data() + i * toSize))
      return Result<Array>::failure(fmt::format(
          "element {} = {} ({}) is not exactly representable as {}", formatIndex(array.shape, i),
          formatValue(array.dtype, value), dtypeName(array.dtype), dtypeName(to)));
  }
  return result;
}

} // namespace

std::string formatIndex(const std::vector<int64_t> &shape, size_t flat) {
  std::vector<int64_t> index(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = static_cast<int64_t>(flat % static_cast<size_t>(shape[d]));
    flat /= static_cast<size_t>(shape[d]);
  }
  return fmt::format("[{}]", fmt::join(index, ", "));
}

std::string formatElement(const Array &array, size_t index) {
  return formatValue(array.dtype,
                     loadValue(array.dtype, array.data.data() + index * dtypeSize(array.dtype)));
}

double elementAsDouble(const Array &array, size_t index) {
  Value value = loadValue(array.dtype, array.data.data() + index * dtypeSize(array.dtype));
  return value.isFloat ? value.real : static_cast<double>(value.integer);
}

Result<Array> convert(const Array &array, DType to) {
  try {
    return convertArray(array, to);
  } catch (const std::bad_alloc &) {
    return Result<Array>::failure("out of memory");
  }
}

} // namespace rnnc::npy
