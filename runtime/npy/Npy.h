// Reading and writing NumPy .npy files (format 1.0 to 3.0, little-endian, C order) and exact
// dtype conversion: how rnn-run and the runtime tests exchange tensors with NumPy.
#ifndef RNNC_RUNTIME_NPY_NPY_H
#define RNNC_RUNTIME_NPY_NPY_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rnnc::npy {

// Bool and Int16 are read (and converted from) only; rnnc models take the other four.
enum class DType { Bool, Int16, Int32, Int64, Float32, Float64 };

// "bool", "int16", "int32", "int64", "float32", "float64".
const char *dtypeName(DType dtype);
size_t dtypeSize(DType dtype);

// A dense array in C order; `data` holds the little-endian bytes of every element.
struct Array {
  DType dtype = DType::Float32;
  std::vector<int64_t> shape;
  std::vector<unsigned char> data;

  size_t numElements() const { return dtypeSize(dtype) ? data.size() / dtypeSize(dtype) : 0; }
};

// The byte size of a dense array of `shape`, or nothing if a dim is negative or the size
// overflows int64_t. Zero dims count as 1 in the overflow check: other code computes strides
// from the remaining dims.
std::optional<size_t> byteSize(DType dtype, const std::vector<int64_t> &shape);

// "(2, 3)", "(5,)", "()": the shape as NumPy prints it.
std::string formatShape(const std::vector<int64_t> &shape);

// A value, or the message saying why there is none.
template <typename T> class [[nodiscard]] Result {
public:
  Result(T value) : value_(std::move(value)) {}
  static Result failure(std::string message) {
    Result result;
    result.error_ = std::move(message);
    return result;
  }

  explicit operator bool() const { return value_.has_value(); }
  T &operator*() { return *value_; }
  const T &operator*() const { return *value_; }
  T *operator->() { return &*value_; }
  const T *operator->() const { return &*value_; }
  const std::string &error() const { return error_; }

private:
  Result() = default;
  std::optional<T> value_;
  std::string error_;
};

// Success, or the message saying what failed.
class [[nodiscard]] Status {
public:
  static Status success() { return Status(); }
  static Status failure(std::string message) {
    Status status;
    status.error_ = message.empty() ? "unknown error" : std::move(message);
    return status;
  }

  explicit operator bool() const { return error_.empty(); }
  const std::string &error() const { return error_; }

private:
  std::string error_;
};

// Parses the bytes of a whole .npy file; `name` starts every error message.
Result<Array> decode(std::vector<unsigned char> bytes, const std::string &name);
// Reads a .npy file.
Result<Array> read(const std::string &path);

// The bytes a file of this dtype and shape starts with: format 1.0 (2.0 if the header needs
// more than 65535 bytes), padded to 64 bytes as NumPy does.
std::string encodeHeader(DType dtype, const std::vector<int64_t> &shape);
// Writes `array` to a temporary file beside `path` and renames it into place, so readers
// never see a partial file.
Status write(const std::string &path, const Array &array);
// Writes `arrays[i]` to `paths[i]` the same way, all or none: every file is complete
// before any is renamed into place.
Status writeAll(const std::vector<std::string> &paths, const std::vector<Array> &arrays);

// Converts to `to` if every element is exactly representable there (ints to floats within
// the mantissa, integral floats to ints within range, float64 to float32 when exact); else
// the error names the first element that is not.
Result<Array> convert(const Array &array, DType to);

// "[1, 2]" for the flat index 5 of shape (2, 3).
std::string formatIndex(const std::vector<int64_t> &shape, size_t flat);
// Element `index` (a flat C-order index) as the shortest text that reads back as the same
// value ("0.1", "-3", "True").
std::string formatElement(const Array &array, size_t index);
// Element `index` as a double (int64 values beyond 2^53 round).
double elementAsDouble(const Array &array, size_t index);

} // namespace rnnc::npy

#endif // RNNC_RUNTIME_NPY_NPY_H
