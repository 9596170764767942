// Exact dtype conversion: every value that survives unchanged converts, and the first one
// that would change is named with its index and value.
#include "runtime/npy/Npy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

using namespace rnnc::npy;

namespace {

template <typename T>
Array makeArray(DType dtype, std::vector<T> values, std::vector<int64_t> shape = {}) {
  Array array;
  array.dtype = dtype;
  array.shape =
      shape.empty() ? std::vector<int64_t>{static_cast<int64_t>(values.size())} : std::move(shape);
  array.data.resize(values.size() * sizeof(T));
  if (!values.empty())
    std::memcpy(array.data.data(), values.data(), array.data.size());
  return array;
}

template <typename T> std::vector<T> convertTo(DType to, const Array &array) {
  Result<Array> result = convert(array, to);
  EXPECT_TRUE(result) << result.error();
  if (!result)
    return {};
  EXPECT_EQ(result->dtype, to);
  EXPECT_EQ(result->shape, array.shape);
  std::vector<T> values(result->data.size() / sizeof(T));
  if (!values.empty())
    std::memcpy(values.data(), result->data.data(), result->data.size());
  return values;
}

std::string errorOf(DType to, const Array &array) {
  Result<Array> result = convert(array, to);
  EXPECT_FALSE(result);
  return result ? std::string() : result.error();
}

constexpr int64_t TWO_POW_53 = int64_t(1) << 53;

TEST(NpyConvert, IntegersToFloatsWithinTheMantissa) {
  EXPECT_EQ(
      convertTo<float>(DType::Float32, makeArray<int64_t>(DType::Int64, {-16777216, 0, 16777216})),
      (std::vector<float>{-16777216.f, 0.f, 16777216.f}));
  EXPECT_EQ(errorOf(DType::Float32, makeArray<int64_t>(DType::Int64, {1, 16777217})),
            "element [1] = 16777217 (int64) is not exactly representable as float32");
  EXPECT_EQ(errorOf(DType::Float32, makeArray<int32_t>(DType::Int32, {INT32_MAX})),
            "element [0] = 2147483647 (int32) is not exactly representable as float32");
  EXPECT_EQ(
      convertTo<double>(DType::Float64, makeArray<int32_t>(DType::Int32, {INT32_MIN, INT32_MAX})),
      (std::vector<double>{INT32_MIN, INT32_MAX}));
  EXPECT_EQ(
      convertTo<double>(DType::Float64, makeArray<int64_t>(DType::Int64, {TWO_POW_53, INT64_MIN})),
      (std::vector<double>{9007199254740992.0, -9223372036854775808.0}));
  EXPECT_EQ(errorOf(DType::Float64, makeArray<int64_t>(DType::Int64, {TWO_POW_53 + 1})),
            "element [0] = 9007199254740993 (int64) is not exactly representable as float64");
  // INT64_MAX rounds to 2^63, which is not an int64: the round trip must not overflow.
  EXPECT_EQ(errorOf(DType::Float64, makeArray<int64_t>(DType::Int64, {INT64_MAX})),
            "element [0] = 9223372036854775807 (int64) is not exactly representable as float64");
}

TEST(NpyConvert, FloatsToIntegersWhenIntegralAndInRange) {
  EXPECT_EQ(convertTo<int32_t>(DType::Int32,
                               makeArray<double>(DType::Float64, {3.0, -0.0, -2147483648.0})),
            (std::vector<int32_t>{3, 0, INT32_MIN}));
  EXPECT_EQ(errorOf(DType::Int32, makeArray<double>(DType::Float64, {1, 2.5})),
            "element [1] = 2.5 (float64) is not exactly representable as int32");
  EXPECT_EQ(errorOf(DType::Int32, makeArray<double>(DType::Float64, {2147483648.0})),
            "element [0] = 2147483648 (float64) is not exactly representable as int32");
  EXPECT_EQ(errorOf(DType::Int64, makeArray<double>(DType::Float64, {NAN})),
            "element [0] = nan (float64) is not exactly representable as int64");
  EXPECT_EQ(errorOf(DType::Int64, makeArray<float>(DType::Float32, {-INFINITY})),
            "element [0] = -inf (float32) is not exactly representable as int64");
  EXPECT_EQ(
      convertTo<int64_t>(DType::Int64, makeArray<float>(DType::Float32, {-9223372036854775808.f})),
      std::vector<int64_t>{INT64_MIN});
  EXPECT_EQ(errorOf(DType::Int64, makeArray<float>(DType::Float32, {9223372036854775808.f})),
            "element [0] = 9.223372e+18 (float32) is not exactly representable as int64");
}

TEST(NpyConvert, Float64ToFloat32OnlyWhenExact) {
  std::vector<float> converted = convertTo<float>(
      DType::Float32,
      makeArray<double>(DType::Float64, {0.5, -3.25, INFINITY, NAN, double(1e-45f)}));
  ASSERT_EQ(converted.size(), 5u);
  EXPECT_EQ(converted[0], 0.5f);
  EXPECT_EQ(converted[1], -3.25f);
  EXPECT_EQ(converted[2], INFINITY);
  EXPECT_TRUE(std::isnan(converted[3]));
  EXPECT_EQ(converted[4], 1e-45f); // a subnormal float32
  EXPECT_EQ(errorOf(DType::Float32, makeArray<double>(DType::Float64, {0.5, 0.1})),
            "element [1] = 0.1 (float64) is not exactly representable as float32");
  EXPECT_EQ(errorOf(DType::Float32, makeArray<double>(DType::Float64, {1e39})),
            "element [0] = 1e+39 (float64) is not exactly representable as float32");
}

TEST(NpyConvert, WideningAlwaysSucceeds) {
  EXPECT_EQ(convertTo<double>(DType::Float64, makeArray<float>(DType::Float32, {0.1f})),
            std::vector<double>{static_cast<double>(0.1f)});
  EXPECT_EQ(convertTo<int64_t>(DType::Int64, makeArray<int16_t>(DType::Int16, {-32768, 32767})),
            (std::vector<int64_t>{-32768, 32767}));
  EXPECT_EQ(convertTo<float>(DType::Float32, makeArray<unsigned char>(DType::Bool, {1, 0})),
            (std::vector<float>{1.f, 0.f}));
}

TEST(NpyConvert, NarrowingIntegers) {
  EXPECT_EQ(
      convertTo<int32_t>(DType::Int32, makeArray<int64_t>(DType::Int64, {INT32_MIN, INT32_MAX})),
      (std::vector<int32_t>{INT32_MIN, INT32_MAX}));
  EXPECT_EQ(errorOf(DType::Int32, makeArray<int64_t>(DType::Int64, {int64_t(1) << 31})),
            "element [0] = 2147483648 (int64) is not exactly representable as int32");
  EXPECT_EQ(errorOf(DType::Bool, makeArray<int32_t>(DType::Int32, {1, 2})),
            "element [1] = 2 (int32) is not exactly representable as bool");
}

// The index is the element's position in the array's own shape, not a flat offset.
TEST(NpyConvert, NamesMultiDimensionalIndex) {
  Array array = makeArray<double>(DType::Float64, {0, 1, 2, 3, 4.5, 5}, {2, 3});
  EXPECT_EQ(errorOf(DType::Int64, array),
            "element [1, 1] = 4.5 (float64) is not exactly representable as int64");
  Array scalar = makeArray<double>(DType::Float64, {0.25}, {});
  scalar.shape.clear();
  EXPECT_EQ(errorOf(DType::Int32, scalar),
            "element [] = 0.25 (float64) is not exactly representable as int32");
}

TEST(NpyConvert, SameDtypeAndEmptyArraysPassThrough) {
  Array array = makeArray<double>(DType::Float64, {0.1});
  Result<Array> same = convert(array, DType::Float64);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->data, array.data);
  Array empty = makeArray<double>(DType::Float64, {}, {0, 3});
  Result<Array> converted = convert(empty, DType::Int32);
  ASSERT_TRUE(converted) << converted.error();
  EXPECT_EQ(converted->shape, (std::vector<int64_t>{0, 3}));
  EXPECT_TRUE(converted->data.empty());
}

} // namespace
