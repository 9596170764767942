// The .npy writer: a header byte-for-byte like numpy.save's, then the data, written to a
// temporary file that is renamed over the destination only once complete.
#include "runtime/npy/Npy.h"

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <unistd.h>

namespace rnnc::npy {
namespace {

const char *descr(DType dtype) {
  switch (dtype) {
  case DType::Bool:
    return "|b1";
  case DType::Int16:
    return "<i2";
  case DType::Int32:
    return "<i4";
  case DType::Int64:
    return "<i8";
  case DType::Float32:
    return "<f4";
  case DType::Float64:
    return "<f8";
  }
  return "";
}

bool writeAll(int fd, const void *data, size_t size) {
  const char *bytes = static_cast<const char *>(data);
  while (size > 0) {
    ssize_t written = ::write(fd, bytes, size);
    if (written < 0 && errno == EINTR)
      continue;
    if (written <= 0)
      return false;
    bytes += written;
    size -= static_cast<size_t>(written);
  }
  return true;
}

// A fresh name beside `path`; O_EXCL below makes a clash fail rather than share the file.
std::string temporaryName(const std::string &path, unsigned attempt) {
  static std::atomic<unsigned> counter{0};
  return fmt::format("{}.tmp{}.{}.{}", path, getpid(), counter++, attempt);
}

// Writes `array` to a new temporary file beside `path`, named in `temporary`.
Status writeTemporary(const std::string &path, const Array &array, std::string &temporary) {
  std::optional<size_t> size = byteSize(array.dtype, array.shape);
  if (!size)
    return Status::failure(fmt::format("cannot write '{}': shape {} has a negative dim or is "
                                       "too large",
                                       path, formatShape(array.shape)));
  if (*size != array.data.size())
    return Status::failure(fmt::format("cannot write '{}': shape {} of {} needs {} bytes, the "
                                       "array has {}",
                                       path, formatShape(array.shape), dtypeName(array.dtype),
                                       *size, array.data.size()));
  std::string header = encodeHeader(array.dtype, array.shape);

  int fd = -1;
  for (unsigned attempt = 0; fd < 0 && attempt < 100; ++attempt) {
    temporary = temporaryName(path, attempt);
    fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST)
      break;
  }
  if (fd < 0)
    return Status::failure(fmt::format("cannot write '{}': cannot create '{}': {}", path, temporary,
                                       std::strerror(errno)));
  bool written = writeAll(fd, header.data(), header.size()) &&
                 writeAll(fd, array.data.data(), array.data.size());
  int writeErrno = errno;
  bool closed = ::close(fd) == 0;
  if (!written || !closed) {
    ::unlink(temporary.c_str());
    return Status::failure(
        fmt::format("cannot write '{}': {}", path, std::strerror(written ? errno : writeErrno)));
  }
  return Status::success();
}

Status renameInto(const std::string &temporary, const std::string &path) {
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    int renameErrno = errno;
    ::unlink(temporary.c_str());
    return Status::failure(fmt::format("cannot write '{}': {}", path, std::strerror(renameErrno)));
  }
  return Status::success();
}

Status writeFiles(const std::vector<std::string> &paths, const std::vector<const Array *> &arrays) {
  // Every file is complete in its temporary before any is renamed into place, so a
  // failure (a missing directory for the last output) leaves none of them behind.
  std::vector<std::string> temporaries;
  for (size_t i = 0; i < paths.size(); ++i) {
    std::string temporary;
    if (Status s = writeTemporary(paths[i], *arrays[i], temporary); !s) {
      for (const std::string &t : temporaries)
        ::unlink(t.c_str());
      return s;
    }
    temporaries.push_back(temporary);
  }
  for (size_t i = 0; i < paths.size(); ++i)
    if (Status s = renameInto(temporaries[i], paths[i]); !s) {
      for (size_t j = i + 1; j < paths.size(); ++j)
        ::unlink(temporaries[j].c_str());
      return s;
    }
  return Status::success();
}

} // namespace

std::string encodeHeader(DType dtype, const std::vector<int64_t> &shape) {
  std::string dict = fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': {}, }}",
                                 descr(dtype), formatShape(shape));
  // NumPy pads magic + version + length + dict + '\n' to a multiple of 64 bytes, so the
  // data that follows is aligned for memory mapping.
  for (unsigned major : {1u, 2u}) {
    size_t prefix = 8 + (major == 1 ? 2 : 4);
    size_t length = dict.size() + 1;
    length += (64 - (prefix + length) % 64) % 64;
    if (major == 1 && length > 0xffff)
      continue;
    std::string header("\x93NUMPY", 6);
    header += static_cast<char>(major);
    header += '\0';
    for (size_t i = 0; i < prefix - 8; ++i)
      header += static_cast<char>((length >> (8 * i)) & 0xff);
    header += dict;
    header.append(length - dict.size() - 1, ' ');
    header += '\n';
    return header;
  }
  return {};
}

Status write(const std::string &path, const Array &array) {
  try {
    return writeFiles({path}, {&array});
  } catch (const std::bad_alloc &) {
    return Status::failure(fmt::format("cannot write '{}': out of memory", path));
  }
}

Status writeAll(const std::vector<std::string> &paths, const std::vector<Array> &arrays) {
  try {
    std::vector<const Array *> pointers;
    for (const Array &a : arrays)
      pointers.push_back(&a);
    return writeFiles(paths, pointers);
  } catch (const std::bad_alloc &) {
    return Status::failure("cannot write the outputs: out of memory");
  }
}

} // namespace rnnc::npy
