// The .npy reader on files NumPy wrote (every supported dtype and format version) and on
// hand-made broken bytes: each defect must give its own message, never a crash.
#include "runtime/npy/Npy.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace rnnc::npy;

namespace {

std::string dataPath(const std::string &name) { return RNNC_TEST_DATA_DIR "/" + name; }

template <typename T> std::vector<T> values(const Array &array) {
  std::vector<T> result(array.data.size() / sizeof(T));
  if (!result.empty())
    std::memcpy(result.data(), array.data.data(), array.data.size());
  return result;
}

// A version 1.0 file with `dict` as its header, unpadded, then `data`.
std::vector<unsigned char> file(const std::string &dict, size_t dataBytes = 0, unsigned major = 1) {
  std::string bytes("\x93NUMPY", 6);
  bytes += static_cast<char>(major);
  bytes += '\0';
  size_t lengthBytes = major == 1 ? 2 : 4;
  for (size_t i = 0; i < lengthBytes; ++i)
    bytes += static_cast<char>((dict.size() >> (8 * i)) & 0xff);
  bytes += dict;
  bytes.append(dataBytes, '\0');
  return std::vector<unsigned char>(bytes.begin(), bytes.end());
}

std::string errorOf(const std::vector<unsigned char> &bytes) {
  Result<Array> result = decode(bytes, "t.npy");
  EXPECT_FALSE(result);
  return result ? std::string() : result.error();
}

TEST(NpyRead, Float32FromNumpy) {
  Result<Array> array = read(dataPath("x_f32.npy"));
  ASSERT_TRUE(array) << array.error();
  EXPECT_EQ(array->dtype, DType::Float32);
  EXPECT_EQ(array->shape, (std::vector<int64_t>{2, 4, 3}));
  std::vector<float> x = values<float>(*array);
  ASSERT_EQ(x.size(), 24u);
  for (size_t i = 0; i < x.size(); ++i)
    EXPECT_EQ(x[i], static_cast<float>(i) / 4);
}

// Versions 2.0 and 3.0 differ only in the header length field.
TEST(NpyRead, FormatVersions2And3) {
  Result<Array> v1 = read(dataPath("x_f32.npy"));
  ASSERT_TRUE(v1) << v1.error();
  for (const char *name : {"x_f32_v2.npy", "x_f32_v3.npy"}) {
    Result<Array> other = read(dataPath(name));
    ASSERT_TRUE(other) << other.error();
    EXPECT_EQ(other->shape, v1->shape) << name;
    EXPECT_EQ(other->data, v1->data) << name;
  }
}

TEST(NpyRead, OtherDtypes) {
  Result<Array> f64 = read(dataPath("x_f64.npy"));
  ASSERT_TRUE(f64) << f64.error();
  EXPECT_EQ(f64->dtype, DType::Float64);
  EXPECT_EQ(values<double>(*f64)[5], 1.25);

  Result<Array> i32 = read(dataPath("x_i32.npy"));
  ASSERT_TRUE(i32) << i32.error();
  EXPECT_EQ(i32->dtype, DType::Int32);
  EXPECT_EQ(values<int32_t>(*i32)[23], 23);

  Result<Array> i64 = read(dataPath("ids_i64.npy"));
  ASSERT_TRUE(i64) << i64.error();
  EXPECT_EQ(i64->dtype, DType::Int64);
  EXPECT_EQ(values<int64_t>(*i64), (std::vector<int64_t>{0, 3, 1}));

  Result<Array> b1 = read(dataPath("bool.npy"));
  ASSERT_TRUE(b1) << b1.error();
  EXPECT_EQ(b1->dtype, DType::Bool);
  EXPECT_EQ(b1->data, (std::vector<unsigned char>{1, 0, 1}));

  Result<Array> i16 = read(dataPath("int16.npy"));
  ASSERT_TRUE(i16) << i16.error();
  EXPECT_EQ(i16->dtype, DType::Int16);
  EXPECT_EQ(values<int16_t>(*i16), (std::vector<int16_t>{-3, 0, 7, 32767}));
}

TEST(NpyRead, ScalarAndEmpty) {
  Result<Array> scalar = read(dataPath("scalar_f8.npy"));
  ASSERT_TRUE(scalar) << scalar.error();
  EXPECT_TRUE(scalar->shape.empty());
  EXPECT_EQ(values<double>(*scalar), std::vector<double>{2.5});

  Result<Array> empty = read(dataPath("x_empty.npy"));
  ASSERT_TRUE(empty) << empty.error();
  EXPECT_EQ(empty->shape, (std::vector<int64_t>{0, 4, 3}));
  EXPECT_TRUE(empty->data.empty());
}

TEST(NpyRead, RejectsFortranOrder) {
  Result<Array> array = read(dataPath("fortran.npy"));
  ASSERT_FALSE(array);
  EXPECT_EQ(array.error(), dataPath("fortran.npy") +
                               ": Fortran-order arrays are not supported; save a C-order "
                               "array, e.g. np.save(path, np.ascontiguousarray(a))");
}

TEST(NpyRead, RejectsBigEndian) {
  Result<Array> array = read(dataPath("big_endian.npy"));
  ASSERT_FALSE(array);
  EXPECT_EQ(array.error(), dataPath("big_endian.npy") +
                               ": big-endian data ('>f4') is not supported; save it "
                               "little-endian, e.g. with a.astype('<f4')");
}

TEST(NpyRead, RejectsUnsupportedDtype) {
  Result<Array> array = read(dataPath("complex.npy"));
  ASSERT_FALSE(array);
  EXPECT_EQ(array.error(), dataPath("complex.npy") +
                               ": unsupported dtype '<c8'; expected one of '<f4', '<f8', "
                               "'<i4', '<i8', '<i2', '|b1'");
  EXPECT_EQ(errorOf(file("{'descr': '|f4', 'fortran_order': False, 'shape': (1,), }", 4)),
            "t.npy: unsupported dtype '|f4'; expected one of '<f4', '<f8', '<i4', '<i8', "
            "'<i2', '|b1'");
  EXPECT_EQ(errorOf(file("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }")),
            "t.npy: unsupported dtype: structured arrays (a list 'descr') are not supported");
}

TEST(NpyRead, MissingFile) {
  Result<Array> array = read("/nonexistent/x.npy");
  ASSERT_FALSE(array);
  EXPECT_EQ(array.error(), "cannot read '/nonexistent/x.npy': No such file or directory");
  Result<Array> directory = read(RNNC_TEST_DATA_DIR);
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error(),
            std::string("cannot read '") + RNNC_TEST_DATA_DIR + "': not a regular file");
}

TEST(NpyRead, RejectsBadMagic) {
  std::string expected =
      "t.npy: not a .npy file: it does not start with the magic string \\x93NUMPY";
  EXPECT_EQ(errorOf({}), expected);
  EXPECT_EQ(errorOf({'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0}), expected);
}

TEST(NpyRead, RejectsUnknownVersion) {
  std::vector<unsigned char> bytes = file("{}");
  bytes[6] = 4;
  EXPECT_EQ(errorOf(bytes), "t.npy: unsupported .npy format version 4.0; expected 1.0, 2.0 or 3.0");
}

TEST(NpyRead, RejectsTruncatedHeader) {
  std::vector<unsigned char> bytes =
      file("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 4);
  EXPECT_EQ(errorOf(std::vector<unsigned char>(bytes.begin(), bytes.begin() + 9)),
            "t.npy: truncated header: the file ends after 9 bytes, inside the header length");
  EXPECT_EQ(errorOf(std::vector<unsigned char>(bytes.begin(), bytes.begin() + 40)),
            "t.npy: truncated header: expected 55 header bytes, the file has 30");
  // Version 2.0's four-byte length must be read whole too.
  std::vector<unsigned char> v2 = file("{}", 0, 2);
  EXPECT_EQ(errorOf(std::vector<unsigned char>(v2.begin(), v2.begin() + 11)),
            "t.npy: truncated header: the file ends after 11 bytes, inside the header length");
}

TEST(NpyRead, RejectsTruncatedOrExtraData) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  EXPECT_EQ(errorOf(file(dict, 20)),
            "t.npy: truncated data: shape (2, 3) of float32 needs 24 bytes, the file has 20");
  EXPECT_EQ(errorOf(file(dict, 28)),
            "t.npy: 4 unexpected bytes after the data of shape (2, 3) of float32");
  Result<Array> exact = decode(file(dict, 24), "t.npy");
  EXPECT_TRUE(exact) << exact.error();
}

TEST(NpyRead, RejectsAbsurdShapes) {
  // 2^62 float32 elements: the byte count overflows int64.
  EXPECT_EQ(errorOf(file("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(4611686018427387904,), }")),
            "t.npy: shape (4611686018427387904,) is too large: its size in bytes overflows "
            "int64");
  EXPECT_EQ(errorOf(file("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(4294967296, 4294967296, 0), }")),
            "t.npy: shape (4294967296, 4294967296, 0) is too large: its size in bytes "
            "overflows int64");
  // Representable, but far more than the file holds.
  EXPECT_EQ(errorOf(file("{'descr': '<f8', 'fortran_order': False, 'shape': "
                         "(1000000000, 1000000000), }")),
            "t.npy: truncated data: shape (1000000000, 1000000000) of float64 needs "
            "8000000000000000000 bytes, the file has 0");
  EXPECT_EQ(errorOf(file("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(99999999999999999999,), }")),
            "t.npy: the shape has a dim too large for int64 at byte 61");
  EXPECT_EQ(errorOf(file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }")),
            "t.npy: the shape has a negative dim at byte 64");
}

TEST(NpyRead, RejectsMalformedDict) {
  struct Case {
    const char *dict;
    const char *error;
  } cases[] = {
      {"", "malformed header at byte 10: expected '{' opening the header dict, found the end"},
      {"{'descr' '<f4'}", "malformed header at byte 19: expected ':' after key 'descr', found '''"},
      {"{'descr: '<f4'}",
       "malformed header at byte 20: expected ':' after key 'descr: ', found '<'"},
      {"{descr: 1}", "malformed header at byte 11: expected a quoted key, found 'd'"},
      {"{'descr': '<f4' 'shape': ()}",
       "malformed header at byte 26: expected ',' or '}' after a value, found '''"},
      {"{'descr': '<f4', 'fortran_order': false, 'shape': ()}",
       "malformed header at byte 44: expected True or False for 'fortran_order', found 'f'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': [2]}",
       "malformed header at byte 60: expected '(' opening the shape tuple, found '['"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2 3)}",
       "malformed header at byte 63: expected ',' or ')' in the shape tuple, found '3'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (x,)}",
       "malformed header at byte 61: expected a dim (a non-negative integer) in the shape, "
       "found 'x'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': ()} x",
       "malformed header at byte 64: expected only whitespace after the header dict, found 'x'"},
      {"{'descr': '<f4', 'fortran_order': False}", "the header has no 'shape' key"},
      {"{'fortran_order': False, 'shape': ()}", "the header has no 'descr' key"},
      {"{'descr': '<f4', 'descr': '<f4'}", "the header has key 'descr' twice"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (), 'extra': 1}",
       "unexpected key 'extra' in the header; expected 'descr', 'fortran_order' and 'shape'"},
  };
  for (const Case &c : cases)
    EXPECT_EQ(errorOf(file(c.dict)), std::string("t.npy: ") + c.error) << c.dict;
}

// Python 2 NumPy wrote long dims as 3L and double quotes are equally valid Python.
TEST(NpyRead, AcceptsLegacySpellings) {
  Result<Array> array = decode(
      file("{\"descr\": \"<i4\", \"fortran_order\": False, \"shape\": (2L, 1L)}\n", 8), "t.npy");
  ASSERT_TRUE(array) << array.error();
  EXPECT_EQ(array->shape, (std::vector<int64_t>{2, 1}));
}

// Cutting a valid file anywhere, or corrupting any header byte, must give an error or a
// consistent array: never a crash or a read past the buffer (run under ASan to see it).
TEST(NpyRead, SurvivesTruncationAndCorruption) {
  std::vector<unsigned char> valid =
      file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }\n", 24);
  for (size_t length = 0; length < valid.size(); ++length) {
    Result<Array> result =
        decode(std::vector<unsigned char>(valid.begin(), valid.begin() + length), "t.npy");
    ASSERT_FALSE(result) << "length " << length;
    EXPECT_EQ(result.error().rfind("t.npy: ", 0), 0u) << result.error();
  }
  size_t headerEnd = valid.size() - 24;
  const int replacements[] = {0, '(', ')', '\'', ',', '9', '-', 0xff};
  for (size_t position = 0; position < headerEnd; ++position) {
    for (int value : replacements) {
      std::vector<unsigned char> corrupted = valid;
      corrupted[position] = static_cast<unsigned char>(value);
      Result<Array> result = decode(corrupted, "t.npy");
      if (result)
        EXPECT_EQ(byteSize(result->dtype, result->shape), result->data.size());
      else
        EXPECT_EQ(result.error().rfind("t.npy: ", 0), 0u) << result.error();
    }
  }
}

} // namespace
