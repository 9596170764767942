// rnn-run's inline tensors, numpy-like printing and --expected comparison, unit by unit.
#include "runtime/tools/CompareTensor.h"
#include "runtime/tools/PrintTensor.h"
#include "runtime/tools/TensorSpec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

using namespace rnnc;

namespace {

template <typename T> std::vector<T> values(const npy::Array &array) {
  std::vector<T> out(array.numElements());
  std::memcpy(out.data(), array.data.data(), array.data.size());
  return out;
}

template <typename T>
npy::Array arrayOf(npy::DType dtype, std::vector<int64_t> shape, const std::vector<T> &data) {
  npy::Array array;
  array.dtype = dtype;
  array.shape = std::move(shape);
  array.data.resize(data.size() * sizeof(T));
  if (!data.empty()) // an empty vector's data() may be null, which memcpy must not get
    std::memcpy(array.data.data(), data.data(), array.data.size());
  return array;
}

TEST(TensorSpec, TellsSpecsFromFiles) {
  EXPECT_TRUE(tools::isTensorSpec("1x10x4xf32=0.5"));
  EXPECT_TRUE(tools::isTensorSpec("f64=2"));
  EXPECT_FALSE(tools::isTensorSpec("x.npy"));
  EXPECT_FALSE(tools::isTensorSpec("./a=b.npy"));
  EXPECT_FALSE(tools::isTensorSpec("dir/a=b"));
}

TEST(TensorSpec, FillListAndScalar) {
  npy::Result<npy::Array> fill = tools::parseTensorSpec("2x3xf32=0.1", 0);
  ASSERT_TRUE(fill) << fill.error();
  EXPECT_EQ(fill->shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(values<float>(*fill), std::vector<float>(6, 0.1f));

  npy::Result<npy::Array> list = tools::parseTensorSpec("3xi64=[-1, 9000000000, 7]", 0);
  ASSERT_TRUE(list) << list.error();
  EXPECT_EQ(values<int64_t>(*list), (std::vector<int64_t>{-1, 9000000000, 7}));

  npy::Result<npy::Array> scalar = tools::parseTensorSpec("f64=2.5", 0);
  ASSERT_TRUE(scalar) << scalar.error();
  EXPECT_TRUE(scalar->shape.empty());
  EXPECT_EQ(values<double>(*scalar), std::vector<double>{2.5});

  npy::Result<npy::Array> empty = tools::parseTensorSpec("0x4xi32=3", 0);
  ASSERT_TRUE(empty) << empty.error();
  EXPECT_EQ(empty->numElements(), 0u);
}

// The documented generator: SplitMix64 from the seed, (z >> 11) * 2^-53 scaled to [LO, HI).
TEST(TensorSpec, RandomFollowsTheDocumentedGenerator) {
  npy::Result<npy::Array> a = tools::parseTensorSpec("1000xf64=random(-3,5)", 11);
  npy::Result<npy::Array> b = tools::parseTensorSpec("1000xf64=random(-3,5)", 11);
  npy::Result<npy::Array> c = tools::parseTensorSpec("1000xf64=random(-3,5)", 12);
  ASSERT_TRUE(a && b && c);
  std::vector<double> va = values<double>(*a);
  EXPECT_EQ(va, values<double>(*b));
  EXPECT_NE(va, values<double>(*c));
  for (double v : va) {
    EXPECT_GE(v, -3);
    EXPECT_LT(v, 5);
  }
  uint64_t z = 11 + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  EXPECT_EQ(va[0], -3 + 8 * (double(z >> 11) * 0x1.0p-53));

  npy::Result<npy::Array> ints = tools::parseTensorSpec("500xi32=random(5,8)", 1);
  ASSERT_TRUE(ints);
  for (int32_t v : values<int32_t>(*ints)) {
    EXPECT_GE(v, 5);
    EXPECT_LT(v, 8);
  }
}

TEST(TensorSpec, MistakesSayWhatIsWrong) {
  auto error = [](const char *spec) {
    npy::Result<npy::Array> r = tools::parseTensorSpec(spec, 0);
    return r ? std::string("accepted") : r.error();
  };
  EXPECT_EQ(error("2xi32=3000000000"),
            "inline tensor '2xi32=3000000000': value '3000000000' is out of range for int32");
  EXPECT_EQ(error("2xf32=1,"), "inline tensor '2xf32=1,': value 1: '' is not a number");
  EXPECT_EQ(error("=1"), "inline tensor '=1': expected [DIMx...]DTYPE=VALUES, e.g. "
                         "1x10x4xf32=0.5, 2xi64=3,7 or 1x10x4xf32=random");
  EXPECT_EQ(error("1x1x1x1x1x1x1x1x1xf32=0"),
            "inline tensor '1x1x1x1x1x1x1x1x1xf32=0': rank 9 is more than 8");
  EXPECT_EQ(error("2xf32=random(0,inf)"),
            "inline tensor '2xf32=random(0,inf)': random(0,inf) needs finite LO < HI");
  EXPECT_EQ(error("2xi64=random(0)"),
            "inline tensor '2xi64=random(0)': random takes its range as random(LO,HI)");
}

TEST(PrintTensor, NestedBracketsWithPaddedColumns) {
  npy::Array ints = arrayOf<int32_t>(npy::DType::Int32, {2, 3}, {1, -20, 3, 400, 5, 6});
  EXPECT_EQ(tools::formatTensor(ints), "[[  1 -20   3]\n [400   5   6]]");
  npy::Array floats = arrayOf<float>(npy::DType::Float32, {2, 1, 2}, {1, 0.5f, -2, 0.1f});
  EXPECT_EQ(tools::formatTensor(floats), "[[[ 1. 0.5]]\n\n [[-2. 0.1]]]");
  npy::Array scalar = arrayOf<double>(npy::DType::Float64, {}, {3});
  EXPECT_EQ(tools::formatTensor(scalar), "3.");
  npy::Array empty = arrayOf<float>(npy::DType::Float32, {2, 0}, {});
  EXPECT_EQ(tools::formatTensor(empty), "[]");
}

TEST(PrintTensor, SummarisesBeyondAThousandElements) {
  std::vector<int64_t> data(2000);
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = int64_t(i);
  npy::Array row = arrayOf<int64_t>(npy::DType::Int64, {2000}, data);
  EXPECT_EQ(tools::formatTensor(row), "[   0    1    2 ... 1997 1998 1999]");
  npy::Array grid = arrayOf<int64_t>(npy::DType::Int64, {1000, 2}, data);
  EXPECT_EQ(tools::formatTensor(grid),
            "[[   0    1]\n [   2    3]\n [   4    5]\n ...\n [1994 1995]\n [1996 1997]\n"
            " [1998 1999]]");
  npy::Array small = arrayOf<int64_t>(npy::DType::Int64, {1000},
                                      std::vector<int64_t>(data.begin(), data.begin() + 1000));
  EXPECT_EQ(tools::formatTensor(small).find("..."), std::string::npos);
}

TEST(PrintTensor, WrapsLongRows) {
  std::vector<int32_t> data(40, 123456);
  std::string text = tools::formatTensor(arrayOf<int32_t>(npy::DType::Int32, {40}, data));
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    end = end == std::string::npos ? text.size() : end;
    EXPECT_LE(end - start, 75u);
    start = end + 1;
  }
  EXPECT_NE(text.find("\n 123456"), std::string::npos);
}

TEST(CompareTensor, Tolerances) {
  std::optional<tools::Tolerance> t = tools::parseTolerance("1e-3,0");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->atol, 1e-3);
  EXPECT_EQ(t->rtol, 0);
  for (const char *bad : {"1e-3", "1,2,3", "-1,0", "a,b", "nan,0", ",1", "1,"})
    EXPECT_FALSE(tools::parseTolerance(bad)) << bad;
}

TEST(CompareTensor, FindsTheWorstElement) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  npy::Array got = arrayOf<float>(npy::DType::Float32, {2, 2}, {1, 2, 3, float(nan)});
  npy::Array want = arrayOf<double>(npy::DType::Float64, {2, 2}, {1, 2.001, 3.1, nan});
  tools::Comparison c = tools::compare(got, want, tools::Tolerance{});
  EXPECT_EQ(c.mismatches, 2u);
  EXPECT_EQ(c.worst, 2u);
  EXPECT_NEAR(c.worstDiff, 0.1, 1e-6);
  EXPECT_EQ(tools::compare(got, want, tools::Tolerance{0.2, 0}).mismatches, 0u);
  npy::Array other = arrayOf<double>(npy::DType::Float64, {2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(tools::compare(got, other, tools::Tolerance{1e9, 0}).worst, 3u)
      << "NaN against a number never matches";
}

} // namespace
