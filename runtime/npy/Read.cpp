// The .npy reader: the magic string, the version's header length, the header's Python dict
// literal ({'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }), then raw data.
#include "runtime/npy/Npy.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <new>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

namespace rnnc::npy {
namespace {

constexpr std::string_view MAGIC("\x93NUMPY", 6);

struct Header {
  std::optional<DType> dtype;
  std::optional<bool> fortranOrder;
  std::optional<std::vector<int64_t>> shape;
};

// Parses the dict literal NumPy writes with repr(); a malformed one fails with its offset.
class HeaderParser {
public:
  HeaderParser(std::string_view text, size_t offset) : text_(text), base_(offset) {}

  std::optional<std::string> parse(Header &header) {
    skipSpace();
    if (!consume('{'))
      return expected("'{' opening the header dict");
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (auto error = parseString(key, "a quoted key"))
        return error;
      skipSpace();
      if (!consume(':'))
        return expected(fmt::format("':' after key '{}'", key));
      skipSpace();
      std::optional<std::string> error;
      if (key == "descr")
        error = parseDescr(header);
      else if (key == "fortran_order")
        error = parseBool(header);
      else if (key == "shape")
        error = parseShape(header);
      else
        return fmt::format("unexpected key '{}' in the header; expected 'descr', "
                           "'fortran_order' and 'shape'",
                           key);
      if (error)
        return error;
      skipSpace();
      if (consume('}'))
        break;
      if (!consume(','))
        return expected("',' or '}' after a value");
    }
    skipSpace();
    if (pos_ != text_.size())
      return expected("only whitespace after the header dict");
    for (auto [present, key] : {std::pair(header.dtype.has_value(), "descr"),
                                std::pair(header.fortranOrder.has_value(), "fortran_order"),
                                std::pair(header.shape.has_value(), "shape")})
      if (!present)
        return fmt::format("the header has no '{}' key", key);
    return std::nullopt;
  }

private:
  std::string expected(std::string_view what) const {
    // A control or non-ASCII byte is shown by its code: printed raw it is invisible.
    std::string found = "the end";
    if (pos_ < text_.size()) {
      auto c = static_cast<unsigned char>(text_[pos_]);
      found = c >= 0x20 && c < 0x7f ? fmt::format("'{}'", text_[pos_])
                                    : fmt::format("byte 0x{:02x}", c);
    }
    return fmt::format("malformed header at byte {}: expected {}, found {}", base_ + pos_, what,
                       found);
  }

  void skipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\t' || text_[pos_] == '\r'))
      ++pos_;
  }

  bool consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  bool startsWith(std::string_view word) const { return text_.substr(pos_, word.size()) == word; }

  std::optional<std::string> parseString(std::string &out, std::string_view what) {
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"'))
      return expected(what);
    char quote = text_[pos_++];
    size_t end = text_.find(quote, pos_);
    if (end == std::string_view::npos)
      return expected(fmt::format("a closing {}", quote));
    out = std::string(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return std::nullopt;
  }

  std::optional<std::string> duplicate(bool present, std::string_view key) {
    if (present)
      return fmt::format("the header has key '{}' twice", key);
    return std::nullopt;
  }

  std::optional<std::string> parseDescr(Header &header) {
    if (auto error = duplicate(header.dtype.has_value(), "descr"))
      return error;
    if (pos_ < text_.size() && text_[pos_] == '[')
      return std::string("unsupported dtype: structured arrays (a list 'descr') are not "
                         "supported");
    std::string descr;
    if (auto error = parseString(descr, "a quoted dtype string for 'descr'"))
      return error;
    // A byte-order mark then a type code: '<f4'; one-byte types use '|'.
    static const struct {
      std::string_view code;
      DType dtype;
    } known[] = {{"b1", DType::Bool},  {"i2", DType::Int16},   {"i4", DType::Int32},
                 {"i8", DType::Int64}, {"f4", DType::Float32}, {"f8", DType::Float64}};
    if (descr.size() == 3) {
      std::string_view code = std::string_view(descr).substr(1);
      for (const auto &entry : known) {
        if (entry.code != code)
          continue;
        char order = descr[0];
        bool oneByte = dtypeSize(entry.dtype) == 1;
        if (order == '>' && !oneByte)
          return fmt::format("big-endian data ('{}') is not supported; save it little-endian, "
                             "e.g. with a.astype('<{}')",
                             descr, code);
        if (order == '<' || order == '=' || (oneByte && (order == '|' || order == '>'))) {
          header.dtype = entry.dtype;
          return std::nullopt;
        }
      }
    }
    return fmt::format("unsupported dtype '{}'; expected one of '<f4', '<f8', '<i4', '<i8', "
                       "'<i2', '|b1'",
                       descr);
  }

  std::optional<std::string> parseBool(Header &header) {
    if (auto error = duplicate(header.fortranOrder.has_value(), "fortran_order"))
      return error;
    for (auto [word, value] : {std::pair("True", true), std::pair("False", false)}) {
      if (startsWith(word)) {
        pos_ += std::strlen(word);
        header.fortranOrder = value;
        return std::nullopt;
      }
    }
    return expected("True or False for 'fortran_order'");
  }

  std::optional<std::string> parseShape(Header &header) {
    if (auto error = duplicate(header.shape.has_value(), "shape"))
      return error;
    if (!consume('('))
      return expected("'(' opening the shape tuple");
    std::vector<int64_t> shape;
    while (true) {
      skipSpace();
      if (consume(')'))
        break;
      if (pos_ < text_.size() && text_[pos_] == '-')
        return fmt::format("the shape has a negative dim at byte {}", base_ + pos_);
      if (pos_ >= text_.size() || text_[pos_] < '0' || text_[pos_] > '9')
        return expected("a dim (a non-negative integer) in the shape");
      int64_t dim = 0;
      size_t start = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
        if (__builtin_mul_overflow(dim, 10, &dim) ||
            __builtin_add_overflow(dim, text_[pos_] - '0', &dim))
          return fmt::format("the shape has a dim too large for int64 at byte {}", base_ + start);
        ++pos_;
      }
      consume('L'); // Python 2 wrote longs as 3L.
      shape.push_back(dim);
      skipSpace();
      if (consume(')'))
        break;
      if (!consume(','))
        return expected("',' or ')' in the shape tuple");
    }
    header.shape = std::move(shape);
    return std::nullopt;
  }

  std::string_view text_;
  size_t base_; // offset of text_ in the file, for messages
  size_t pos_ = 0;
};

uint32_t littleEndian(const unsigned char *bytes, size_t count) {
  uint32_t value = 0;
  for (size_t i = 0; i < count; ++i)
    value |= static_cast<uint32_t>(bytes[i]) << (8 * i);
  return value;
}

Result<Array> decodeBytes(std::vector<unsigned char> bytes, const std::string &name) {
  auto failure = [&](const std::string &message) {
    return Result<Array>::failure(fmt::format("{}: {}", name, message));
  };
  if (bytes.size() < MAGIC.size() + 2 ||
      std::string_view(reinterpret_cast<const char *>(bytes.data()), MAGIC.size()) != MAGIC)
    return failure("not a .npy file: it does not start with the magic string \\x93NUMPY");
  unsigned major = bytes[6], minor = bytes[7];
  if (major < 1 || major > 3 || minor != 0)
    return failure(fmt::format("unsupported .npy format version {}.{}; expected 1.0, 2.0 or "
                               "3.0",
                               major, minor));
  // Version 1.0 stores the header length in 2 bytes; 2.0 and 3.0 (UTF-8 header) in 4.
  size_t lengthBytes = major == 1 ? 2 : 4;
  size_t headerStart = 8 + lengthBytes;
  if (bytes.size() < headerStart)
    return failure(fmt::format("truncated header: the file ends after {} bytes, inside the "
                               "header length",
                               bytes.size()));
  size_t headerLength = littleEndian(bytes.data() + 8, lengthBytes);
  if (bytes.size() - headerStart < headerLength)
    return failure(fmt::format("truncated header: expected {} header bytes, the file has {}",
                               headerLength, bytes.size() - headerStart));

  Header header;
  std::string_view text(reinterpret_cast<const char *>(bytes.data()) + headerStart, headerLength);
  if (auto error = HeaderParser(text, headerStart).parse(header))
    return failure(*error);
  if (*header.fortranOrder)
    return failure("Fortran-order arrays are not supported; save a C-order array, e.g. "
                   "np.save(path, np.ascontiguousarray(a))");

  Array array;
  array.dtype = *header.dtype;
  array.shape = std::move(*header.shape);
  std::optional<size_t> size = byteSize(array.dtype, array.shape);
  if (!size)
    return failure(fmt::format("shape {} is too large: its size in bytes overflows int64",
                               formatShape(array.shape)));
  size_t available = bytes.size() - headerStart - headerLength;
  if (available < *size)
    return failure(fmt::format("truncated data: shape {} of {} needs {} bytes, the file has {}",
                               formatShape(array.shape), dtypeName(array.dtype), *size, available));
  if (available > *size)
    return failure(fmt::format("{} unexpected bytes after the data of shape {} of {}",
                               available - *size, formatShape(array.shape),
                               dtypeName(array.dtype)));
  // Reuse the file's buffer: drop the header in place.
  bytes.erase(bytes.begin(),
              bytes.begin() + static_cast<std::ptrdiff_t>(headerStart + headerLength));
  array.data = std::move(bytes);
  return array;
}

} // namespace

Result<Array> decode(std::vector<unsigned char> bytes, const std::string &name) {
  try {
    return decodeBytes(std::move(bytes), name);
  } catch (const std::bad_alloc &) {
    return Result<Array>::failure(name + ": out of memory");
  }
}

Result<Array> read(const std::string &path) {
  auto failure = [&](std::string_view reason) {
    return Result<Array>::failure(fmt::format("cannot read '{}': {}", path, reason));
  };
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, before
    // fstat below could refuse it. Reads from a regular file do not block anyway.
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
      return failure(std::strerror(errno));
    std::unique_ptr<std::FILE, int (*)(std::FILE *)> file(fdopen(fd, "rb"), &std::fclose);
    if (!file) {
      int error = errno;
      ::close(fd);
      return failure(std::strerror(error));
    }
    struct stat info = {};
    if (fstat(fileno(file.get()), &info) != 0 || !S_ISREG(info.st_mode))
      return failure("not a regular file");
    std::vector<unsigned char> bytes(static_cast<size_t>(info.st_size));
    if (std::fread(bytes.data(), 1, bytes.size(), file.get()) != bytes.size())
      return failure(std::ferror(file.get()) ? std::strerror(errno)
                                             : "the file shrank while reading");
    return decode(std::move(bytes), path);
  } catch (const std::bad_alloc &) {
    return failure("out of memory");
  }
}

} // namespace rnnc::npy
