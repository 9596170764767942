// Parses rnn-run's inline tensors: [DIMx...]DTYPE=VALUES with VALUES one number (a fill),
// one number per element, or random[(LO,HI)].
#include "runtime/tools/TensorSpec.h"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

namespace rnnc::tools {
namespace {

using npy::Array;
using npy::DType;
using npy::Result;

// Inline tensors are typed on a terminal; far beyond that is a typo.
constexpr int64_t kMaxElements = int64_t(1) << 28;

constexpr const char *kForm = "expected [DIMx...]DTYPE=VALUES, e.g. 1x10x4xf32=0.5, "
                              "2xi64=3,7 or 1x10x4xf32=random";

std::optional<DType> parseDtype(std::string_view name) {
  if (name == "f32")
    return DType::Float32;
  if (name == "f64")
    return DType::Float64;
  if (name == "i32")
    return DType::Int32;
  if (name == "i64")
    return DType::Int64;
  return std::nullopt;
}

bool isFloat(DType dtype) { return dtype == DType::Float32 || dtype == DType::Float64; }

std::string trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t[]");
  if (begin == std::string_view::npos)
    return "";
  size_t end = text.find_last_not_of(" \t[]");
  return std::string(text.substr(begin, end - begin + 1));
}

// One value as its dtype holds it (integers exactly, floats as double); an error message
// when it is not a number, not an integer for an integer dtype, or out of range.
struct Number {
  int64_t integer = 0;
  double real = 0;
};

std::optional<std::string> parseNumber(const std::string &text, DType dtype, Number &number) {
  if (text.empty())
    return fmt::format("'' is not {}", isFloat(dtype) ? "a number" : "an integer");
  const char *begin = text.c_str();
  char *end = nullptr;
  errno = 0;
  if (isFloat(dtype)) {
    number.real = std::strtod(begin, &end);
    if (end != begin + text.size())
      return fmt::format("'{}' is not a number", text);
    // "inf" and "nan" are meant; 1e999 (or 1e39 for float32) is a typo. Underflow to
    // zero or a subnormal is what the user would get from numpy too.
    bool spelled = text.find_first_of("iInN") != std::string::npos;
    double limit = dtype == DType::Float32 ? std::numeric_limits<float>::max()
                                           : std::numeric_limits<double>::max();
    if (!spelled && !(std::fabs(number.real) <= limit))
      return fmt::format("'{}' is out of range for {}", text, npy::dtypeName(dtype));
    return std::nullopt;
  }
  long long value = std::strtoll(begin, &end, 10);
  if (end != begin + text.size())
    return fmt::format("'{}' is not an integer", text);
  bool fits =
      errno != ERANGE && (dtype == DType::Int64 || (value >= std::numeric_limits<int32_t>::min() &&
                                                    value <= std::numeric_limits<int32_t>::max()));
  if (!fits)
    return fmt::format("'{}' is out of range for {}", text, npy::dtypeName(dtype));
  number.integer = value;
  return std::nullopt;
}

void store(Array &array, size_t index, const Number &number) {
  unsigned char *at = array.data.data() + index * npy::dtypeSize(array.dtype);
  switch (array.dtype) {
  case DType::Float32: {
    float value = static_cast<float>(number.real);
    std::memcpy(at, &value, sizeof value);
    break;
  }
  case DType::Float64:
    std::memcpy(at, &number.real, sizeof number.real);
    break;
  case DType::Int32: {
    int32_t value = static_cast<int32_t>(number.integer);
    std::memcpy(at, &value, sizeof value);
    break;
  }
  default:
    std::memcpy(at, &number.integer, sizeof number.integer);
    break;
  }
}

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    parts.push_back(trim(text.substr(start, comma - start)));
    if (comma == std::string_view::npos)
      return parts;
    start = comma + 1;
  }
}

uint64_t splitMix64(uint64_t &state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// random or random(LO,HI): fills `array` from the generator.
std::optional<std::string> fillRandom(std::string_view values, uint64_t seed, Array &array) {
  Number lo, hi;
  if (isFloat(array.dtype)) {
    lo.real = -1;
    hi.real = 1;
  } else {
    hi.integer = 10;
  }
  std::string_view range = values.substr(6);
  if (!range.empty()) {
    if (range.front() != '(' || range.back() != ')')
      return std::string("random takes its range as random(LO,HI)");
    std::vector<std::string> bounds = split(range.substr(1, range.size() - 2));
    if (bounds.size() != 2)
      return std::string("random takes its range as random(LO,HI)");
    if (auto error = parseNumber(bounds[0], array.dtype, lo))
      return "random's LO: " + *error;
    if (auto error = parseNumber(bounds[1], array.dtype, hi))
      return "random's HI: " + *error;
    bool ordered = isFloat(array.dtype) ? lo.real < hi.real : lo.integer < hi.integer;
    if (!ordered || (isFloat(array.dtype) && !std::isfinite(hi.real - lo.real)))
      return fmt::format("random({},{}) needs finite LO < HI", bounds[0], bounds[1]);
  }
  uint64_t state = seed;
  for (size_t i = 0, n = array.numElements(); i < n; ++i) {
    uint64_t z = splitMix64(state);
    Number value;
    if (isFloat(array.dtype)) {
      value.real = lo.real + (hi.real - lo.real) * (double(z >> 11) * 0x1.0p-53);
    } else {
      uint64_t span = uint64_t(hi.integer) - uint64_t(lo.integer);
      value.integer = int64_t(uint64_t(lo.integer) + z % span);
    }
    store(array, i, value);
  }
  return std::nullopt;
}

} // namespace

bool isTensorSpec(const std::string &text) {
  size_t equals = text.find('=');
  return equals != std::string::npos && text.find_first_of("/.") > equals;
}

Result<Array> parseTensorSpec(const std::string &text, uint64_t seed) {
  auto failure = [&](const std::string &why) {
    return Result<Array>::failure(fmt::format("inline tensor '{}': {}", text, why));
  };
  size_t equals = text.find('=');
  std::string_view type = std::string_view(text).substr(0, equals);
  std::string_view values = std::string_view(text).substr(equals + 1);
  if (type.empty())
    return failure(kForm);
  // Dims, then the dtype, separated by 'x'.
  Array array;
  std::optional<DType> dtype;
  int64_t elements = 1;
  for (size_t start = 0;;) {
    size_t x = type.find('x', start);
    std::string_view part = type.substr(start, x - start);
    if (x == std::string_view::npos) {
      dtype = parseDtype(part);
      if (!dtype)
        return failure(
            part.empty() || std::isdigit(static_cast<unsigned char>(part[0]))
                ? std::string(kForm)
                : fmt::format("unknown dtype '{}'; expected f32, f64, i32 or i64", part));
      break;
    }
    if (part.empty() || part.size() > 12 ||
        part.find_first_not_of("0123456789") != std::string_view::npos)
      return failure(fmt::format("dim '{}' is not a non-negative integer; {}", part, kForm));
    int64_t dim = std::stoll(std::string(part));
    array.shape.push_back(dim);
    if (dim != 0 && elements > kMaxElements / dim)
      return failure(
          fmt::format("shape [{}] has more than 2^28 elements", fmt::join(array.shape, ", ")));
    elements *= dim;
    start = x + 1;
  }
  if (array.shape.size() > 8)
    return failure(fmt::format("rank {} is more than 8", array.shape.size()));
  array.dtype = *dtype;
  array.data.resize(size_t(elements) * npy::dtypeSize(array.dtype));

  if (values.substr(0, 6) == "random") {
    if (auto error = fillRandom(values, seed, array))
      return failure(*error);
    return array;
  }
  if (values.empty())
    return failure(fmt::format("no values after '='; {}", kForm));
  std::vector<std::string> parts = split(values);
  if (parts.size() != 1 && int64_t(parts.size()) != elements)
    return failure(fmt::format("{} values for shape [{}] ({} element{}); give one value to fill "
                               "it, or {}",
                               parts.size(), fmt::join(array.shape, ", "), elements,
                               elements == 1 ? "" : "s", elements));
  std::vector<Number> numbers(parts.size());
  for (size_t i = 0; i < parts.size(); ++i)
    if (auto error = parseNumber(parts[i], array.dtype, numbers[i]))
      return failure(parts.size() == 1 ? "value " + *error
                                       : fmt::format("value {}: {}", i, *error));
  for (int64_t i = 0; i < elements; ++i)
    store(array, size_t(i), numbers[parts.size() == 1 ? 0 : size_t(i)]);
  return array;
}

} // namespace rnnc::tools
