// The .npy writer: round trips of every dtype and shape kind, byte-identical output to
// numpy.save, and failures that leave no partial or temporary file behind.
#include "runtime/npy/Npy.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace rnnc::npy;
namespace fs = std::filesystem;

namespace {

class NpyWrite : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "rnnc-npy-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string &name) const { return (dir_ / name).string(); }
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto &entry : fs::directory_iterator(dir_))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
};

template <typename T>
Array makeArray(DType dtype, std::vector<int64_t> shape, std::vector<T> values) {
  Array array;
  array.dtype = dtype;
  array.shape = std::move(shape);
  array.data.resize(values.size() * sizeof(T));
  if (!values.empty())
    std::memcpy(array.data.data(), values.data(), array.data.size());
  return array;
}

std::vector<char> contents(const std::string &path) {
  std::ifstream stream(path, std::ios::binary);
  return std::vector<char>(std::istreambuf_iterator<char>(stream), {});
}

void expectRoundTrip(const std::string &path, const Array &array) {
  Status written = write(path, array);
  ASSERT_TRUE(written) << written.error();
  Result<Array> back = read(path);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->dtype, array.dtype);
  EXPECT_EQ(back->shape, array.shape);
  EXPECT_EQ(back->data, array.data);
}

TEST_F(NpyWrite, RoundTripsEveryDtype) {
  expectRoundTrip(path("f32.npy"),
                  makeArray<float>(DType::Float32, {2, 2}, {1.5f, -0.f, 3e38f, 1e-45f}));
  expectRoundTrip(path("f64.npy"), makeArray<double>(DType::Float64, {3}, {0.1, -2, 1e308}));
  expectRoundTrip(path("i32.npy"),
                  makeArray<int32_t>(DType::Int32, {1, 3}, {INT32_MIN, 0, INT32_MAX}));
  expectRoundTrip(path("i64.npy"), makeArray<int64_t>(DType::Int64, {2}, {INT64_MIN, INT64_MAX}));
  expectRoundTrip(path("i16.npy"), makeArray<int16_t>(DType::Int16, {2}, {-7, 7}));
  expectRoundTrip(path("b1.npy"), makeArray<unsigned char>(DType::Bool, {2}, {1, 0}));
}

TEST_F(NpyWrite, RoundTripsScalarsAndEmptyArrays) {
  expectRoundTrip(path("scalar.npy"), makeArray<double>(DType::Float64, {}, {2.5}));
  expectRoundTrip(path("empty.npy"), makeArray<float>(DType::Float32, {0, 3}, {}));
  expectRoundTrip(path("empty1.npy"), makeArray<int64_t>(DType::Int64, {0}, {}));
}

// Same array, same bytes as numpy.save: the header, its padding and the data.
TEST_F(NpyWrite, MatchesNumpyBytes) {
  for (const char *name : {"x_f32.npy", "x_f64.npy", "x_i32.npy", "ids_i64.npy", "scalar_f8.npy",
                           "x_empty.npy", "bool.npy", "int16.npy"}) {
    std::string original = std::string(RNNC_TEST_DATA_DIR "/") + name;
    Result<Array> array = read(original);
    ASSERT_TRUE(array) << array.error();
    Status written = write(path(name), *array);
    ASSERT_TRUE(written) << written.error();
    EXPECT_EQ(contents(path(name)), contents(original)) << name;
  }
}

// A header longer than 65535 bytes does not fit format 1.0; NumPy switches to 2.0.
TEST_F(NpyWrite, HugeHeaderUsesVersion2) {
  std::vector<int64_t> shape(30000, 1);
  std::string header = encodeHeader(DType::Float32, shape);
  EXPECT_EQ(header[6], 2);
  EXPECT_EQ(header.size() % 64, 0u);
  expectRoundTrip(path("deep.npy"), makeArray<float>(DType::Float32, shape, {4.0f}));
}

TEST_F(NpyWrite, ReplacesExistingFile) {
  expectRoundTrip(path("a.npy"), makeArray<float>(DType::Float32, {1}, {1.0f}));
  expectRoundTrip(path("a.npy"), makeArray<int64_t>(DType::Int64, {2}, {5, 6}));
  EXPECT_EQ(files(), std::vector<std::string>{"a.npy"});
}

TEST_F(NpyWrite, RejectsInconsistentArrays) {
  Status wrongSize = write(path("a.npy"), makeArray<float>(DType::Float32, {2, 2}, {1, 2, 3}));
  ASSERT_FALSE(wrongSize);
  EXPECT_EQ(wrongSize.error(), "cannot write '" + path("a.npy") +
                                   "': shape (2, 2) of float32 needs 16 bytes, the array has 12");
  Status negative = write(path("a.npy"), makeArray<float>(DType::Float32, {-1}, {}));
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error(),
            "cannot write '" + path("a.npy") + "': shape (-1,) has a negative dim or is too large");
  EXPECT_TRUE(files().empty());
}

TEST_F(NpyWrite, FailuresLeaveNoFiles) {
  Status noDirectory = write(path("missing/a.npy"), makeArray<float>(DType::Float32, {1}, {1}));
  ASSERT_FALSE(noDirectory);
  EXPECT_NE(noDirectory.error().find("No such file or directory"), std::string::npos)
      << noDirectory.error();

  // Renaming onto a directory fails after the data is written: the temporary must go.
  fs::create_directory(path("taken.npy"));
  Status renamed = write(path("taken.npy"), makeArray<float>(DType::Float32, {1}, {1}));
  ASSERT_FALSE(renamed);
  EXPECT_EQ(renamed.error(), "cannot write '" + path("taken.npy") + "': Is a directory");
  EXPECT_EQ(files(), std::vector<std::string>{"taken.npy"});
}

} // namespace
