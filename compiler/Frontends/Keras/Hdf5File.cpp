// RAII wrappers around the HDF5 C API; see Hdf5File.h.
#include "compiler/Frontends/Keras/Hdf5File.h"
#include "compiler/Utils/NaNReport.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <mutex>
#include <optional>
#include <set>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
using llvm::Twine;

// Under a sanitizer (or libFuzzer) a crash in the child runs their death callbacks, which
// report it (and libFuzzer saves it as a crash of its own); the child replaces them.
extern "C" void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

namespace rnnc::keras {

namespace {

/// Sizes beyond these are treated as a damaged file rather than allocated.
constexpr hssize_t kMaxElements = hssize_t(1) << 28;
constexpr size_t kMaxStringBytes = size_t(1) << 28;
/// A string attribute reads in milliseconds; a child still busy after this is stuck.
constexpr std::chrono::seconds kIsolatedReadTimeout(10);

Error fail(const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// HDF5 prints a trace of every failure to stderr by default; a missing dataset is an
/// ordinary answer here, reported through our own diagnostics.
void silenceHdf5() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

/// The files (by HDF5 file number, unique while the process runs) in which a string read
/// hung: the rest of their strings sit in the same damaged heap, and waiting for each
/// would stall an import for several timeouts.
class HungFiles {
public:
  static bool contains(hid_t obj) {
    std::optional<unsigned long> n = fileNumber(obj);
    std::lock_guard<std::mutex> lock(mutex());
    return n && numbers().count(*n);
  }
  static void add(hid_t obj) {
    std::optional<unsigned long> n = fileNumber(obj);
    std::lock_guard<std::mutex> lock(mutex());
    if (n)
      numbers().insert(*n);
  }

private:
  static std::optional<unsigned long> fileNumber(hid_t obj) {
    hid_t file = H5Iget_file_id(obj);
    if (file < 0)
      return std::nullopt;
    H5O_info_t info;
    herr_t status = H5Oget_info2(file, &info, H5O_INFO_BASIC);
    H5Fclose(file);
    return status < 0 ? std::nullopt : std::optional<unsigned long>(info.fileno);
  }
  static std::mutex &mutex() {
    static std::mutex m;
    return m;
  }
  static std::set<unsigned long> &numbers() {
    static std::set<unsigned long> s;
    return s;
  }
};

void exitQuietly() { _exit(1); }

/// In a child: the crash handlers reset, stderr silenced, no exit handlers on the way out.
void becomeQuietChild() {
  for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT})
    signal(sig, SIG_DFL);
  if (__sanitizer_set_death_callback)
    __sanitizer_set_death_callback(exitQuietly);
  int devNull = open("/dev/null", O_WRONLY);
  if (devNull >= 0)
    dup2(devNull, STDERR_FILENO);
}

herr_t visitAttribute(hid_t, const char *, const H5A_info_t *, void *) { return 0; }

/// Decodes every attribute message of `obj` the ways the import does: by iterating them,
/// and by looking one up (which compares every name).
void probeAttributes(hid_t obj) {
  H5Aexists(obj, "rnnc: no such attribute");
  H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_NATIVE, nullptr, visitAttribute, nullptr);
}

herr_t visitObject(hid_t file, const char *name, const H5O_info_t *, void *) {
  H5Handle obj(H5Oopen(file, name, H5P_DEFAULT));
  if (obj)
    probeAttributes(obj.get());
  return 0;
}

/// HDF5 1.10 decodes a damaged object header or attribute message by reading freed or
/// foreign memory (found by fuzzing: H5Aexists on a mutated file). Every object's header
/// and attribute messages are therefore decoded once in a child process first: a crash or
/// a hang there is an error here, before the import touches them. Errors HDF5 reports are
/// left to the import, which locates them.
Error checkHeaders(hid_t file) {
  pid_t child = fork();
  if (child < 0)
    return fail("cannot fork to check the HDF5 file");
  if (child == 0) {
    becomeQuietChild();
    probeAttributes(file);
    H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_NATIVE, visitObject, nullptr, H5O_INFO_BASIC);
    _exit(0);
  }
  auto deadline = std::chrono::steady_clock::now() + kIsolatedReadTimeout;
  int status = 0;
  while (true) {
    pid_t done = waitpid(child, &status, WNOHANG);
    if (done == child)
      break;
    if (done < 0 && errno != EINTR)
      return fail("cannot check the HDF5 file");
    if (std::chrono::steady_clock::now() > deadline) {
      kill(child, SIGKILL);
      while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
      }
      return fail("the HDF5 file's object headers are damaged (reading them hangs)");
    }
    usleep(1000);
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return fail("the HDF5 file's object headers are damaged");
  return Error::success();
}

/// Reads an attribute of `n` variable-length strings. HDF5 1.10 follows the strings'
/// global-heap references without checking them: a damaged heap makes it dereference
/// null or loop forever. The read therefore runs in a child process, which sends the
/// strings back through a pipe; a crash, a failure or a hang there is an error here.
Expected<std::vector<std::string>> readVariableStrings(hid_t attr, hid_t memType, size_t n,
                                                       StringRef name) {
  auto damaged = [&] {
    return fail("attribute '" + name +
                "' cannot be read (its variable-length strings are damaged)");
  };
  if (HungFiles::contains(attr))
    return damaged();
  int fds[2];
  if (pipe(fds) != 0)
    return fail("attribute '" + name + "': cannot create a pipe");
  pid_t child = fork();
  if (child < 0) {
    close(fds[0]);
    close(fds[1]);
    return fail("attribute '" + name + "': cannot fork");
  }
  if (child == 0) {
    // The child: read, then write (length, bytes) per string; no exit handlers. A
    // crash here ends the child quietly, without the compiler's crash report.
    close(fds[0]);
    becomeQuietChild();
    std::vector<char *> ptrs(n, nullptr);
    if (H5Aread(attr, memType, ptrs.data()) < 0)
      _exit(1);
    auto writeAll = [&](const void *data, size_t size) {
      const char *p = static_cast<const char *>(data);
      while (size > 0) {
        ssize_t done = write(fds[1], p, size);
        if (done < 0 && errno == EINTR)
          continue;
        if (done <= 0)
          _exit(1);
        p += done;
        size -= size_t(done);
      }
    };
    for (char *p : ptrs) {
      uint64_t length = p ? strlen(p) : 0;
      writeAll(&length, sizeof(length));
      writeAll(p, length);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string bytes;
  bool timedOut = false;
  auto deadline = std::chrono::steady_clock::now() + kIsolatedReadTimeout;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd pfd{fds[0], POLLIN, 0};
    int ready = left.count() > 0 ? poll(&pfd, 1, int(left.count())) : 0;
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready <= 0) {
      timedOut = ready == 0;
      break;
    }
    char buffer[1 << 16];
    ssize_t got = read(fds[0], buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      break;
    bytes.append(buffer, size_t(got));
    if (bytes.size() > kMaxStringBytes) {
      timedOut = true; // a runaway child: stop it like a hung one
      break;
    }
  }
  close(fds[0]);
  if (timedOut) {
    kill(child, SIGKILL);
    HungFiles::add(attr);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (timedOut || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return damaged();
  std::vector<std::string> out;
  size_t pos = 0;
  for (size_t i = 0; i < n; ++i) {
    uint64_t length;
    if (bytes.size() - pos < sizeof(length))
      return damaged();
    std::memcpy(&length, bytes.data() + pos, sizeof(length));
    pos += sizeof(length);
    if (bytes.size() - pos < length)
      return damaged();
    out.push_back(bytes.substr(pos, size_t(length)));
    pos += size_t(length);
  }
  return out;
}

Expected<std::vector<std::string>> readStrings(hid_t attr, StringRef name) {
  H5Handle fileType(H5Aget_type(attr));
  H5Handle space(H5Aget_space(attr));
  if (!fileType || !space)
    return fail("attribute '" + name + "' cannot be read");
  if (H5Tget_class(fileType.get()) != H5T_STRING)
    return fail("attribute '" + name + "' is not a string");
  hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n < 0 || n > kMaxElements)
    return fail("attribute '" + name + "' has an invalid size");
  std::vector<std::string> out;
  H5T_cset_t cset = H5Tget_cset(fileType.get());
  htri_t variable = H5Tis_variable_str(fileType.get());
  if (variable < 0)
    return fail("attribute '" + name + "' has an invalid string type");
  H5Handle memType(H5Tcopy(H5T_C_S1));
  if (!memType || (cset >= 0 && H5Tset_cset(memType.get(), cset) < 0))
    return fail("attribute '" + name + "' cannot be read");
  if (variable > 0) {
    if (H5Tset_size(memType.get(), H5T_VARIABLE) < 0)
      return fail("attribute '" + name + "' cannot be read");
    return readVariableStrings(attr, memType.get(), size_t(n), name);
  }
  size_t size = H5Tget_size(fileType.get());
  if (size == 0 || size > kMaxStringBytes || static_cast<size_t>(n) > kMaxStringBytes / size)
    return fail("attribute '" + name + "' has an invalid size");
  if (H5Tset_size(memType.get(), size) < 0 || H5Tset_strpad(memType.get(), H5T_STR_NULLPAD) < 0)
    return fail("attribute '" + name + "' cannot be read");
  std::vector<char> buffer(static_cast<size_t>(n) * size, '\0');
  if (n > 0 && H5Aread(attr, memType.get(), buffer.data()) < 0)
    return fail("attribute '" + name + "' cannot be read");
  for (hssize_t i = 0; i < n; ++i) {
    const char *s = buffer.data() + i * size;
    out.emplace_back(s, strnlen(s, size));
  }
  return out;
}

Expected<std::vector<std::string>> readAttributeStrings(hid_t obj, StringRef name) {
  std::string key = name.str();
  if (H5Aexists(obj, key.c_str()) <= 0)
    return fail("attribute '" + name + "' is missing");
  H5Handle attr(H5Aopen(obj, key.c_str(), H5P_DEFAULT));
  if (!attr)
    return fail("attribute '" + name + "' cannot be opened");
  return readStrings(attr.get(), name);
}

} // namespace

void H5Handle::reset() {
  if (id < 0)
    return;
  switch (H5Iget_type(id)) {
  case H5I_FILE:
    H5Fclose(id);
    break;
  case H5I_GROUP:
    H5Gclose(id);
    break;
  case H5I_DATASET:
    H5Dclose(id);
    break;
  case H5I_ATTR:
    H5Aclose(id);
    break;
  case H5I_DATATYPE:
    H5Tclose(id);
    break;
  case H5I_DATASPACE:
    H5Sclose(id);
    break;
  case H5I_GENPROP_LST:
    H5Pclose(id);
    break;
  default:
    H5Idec_ref(id);
    break;
  }
  id = -1;
}

Expected<Hdf5File> Hdf5File::open(StringRef path) {
  silenceHdf5();
  if (!llvm::sys::fs::exists(path))
    return fail("no such file");
  // HDF5 would block opening a named pipe (a --weights-file), and a device is no file.
  if (!llvm::sys::fs::is_regular_file(path))
    return fail(llvm::sys::fs::is_directory(path) ? "it is a directory" : "not a regular file");
  std::string p = path.str();
  if (H5Fis_hdf5(p.c_str()) <= 0)
    return fail("not an HDF5 file");
  Hdf5File f;
  f.file = H5Handle(H5Fopen(p.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!f.file)
    return fail("cannot open the HDF5 file (truncated or damaged)");
  if (Error e = checkHeaders(f.file.get()))
    return std::move(e);
  return f;
}

Expected<Hdf5File> Hdf5File::openImage(llvm::ArrayRef<char> bytes) {
  silenceHdf5();
  static const char kSignature[] = "\x89HDF\r\n\x1a\n";
  if (bytes.size() < 8 || std::memcmp(bytes.data(), kSignature, 8) != 0)
    return fail("not an HDF5 file");
  H5Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
  if (!fapl || H5Pset_fapl_core(fapl.get(), 1 << 16, /*backing_store=*/false) < 0 ||
      H5Pset_file_image(fapl.get(), const_cast<char *>(bytes.data()), bytes.size()) < 0)
    return fail("cannot load the HDF5 file image");
  Hdf5File f;
  f.file = H5Handle(H5Fopen("weights.h5", H5F_ACC_RDONLY, fapl.get()));
  if (!f.file)
    return fail("cannot open the HDF5 file (truncated or damaged)");
  if (Error e = checkHeaders(f.file.get()))
    return std::move(e);
  return f;
}

bool hasObject(hid_t loc, StringRef path) {
  std::string prefix;
  llvm::SmallVector<StringRef> parts;
  path.split(parts, '/', -1, /*KeepEmpty=*/false);
  if (parts.empty())
    return false;
  for (StringRef part : parts) {
    if (!prefix.empty())
      prefix += '/';
    prefix += part.str();
    if (H5Lexists(loc, prefix.c_str(), H5P_DEFAULT) <= 0)
      return false;
  }
  return H5Oexists_by_name(loc, prefix.c_str(), H5P_DEFAULT) > 0;
}

bool isGroup(hid_t loc, StringRef path) {
  if (!hasObject(loc, path))
    return false;
  std::string p = path.str();
  H5Handle group(H5Gopen2(loc, p.c_str(), H5P_DEFAULT));
  return bool(group);
}

Expected<H5Handle> openGroup(hid_t loc, StringRef path) {
  if (!hasObject(loc, path))
    return fail("group '" + path + "' is missing");
  std::string p = path.str();
  H5Handle group(H5Gopen2(loc, p.c_str(), H5P_DEFAULT));
  if (!group)
    return fail("'" + path + "' is not a group");
  return group;
}

bool hasAttribute(hid_t obj, StringRef name) {
  std::string key = name.str();
  return H5Aexists(obj, key.c_str()) > 0;
}

Expected<std::string> readStringAttribute(hid_t obj, StringRef name) {
  Expected<std::vector<std::string>> strings = readAttributeStrings(obj, name);
  if (!strings)
    return strings.takeError();
  if (strings->size() != 1)
    return fail("attribute '" + name + "' holds " + Twine(strings->size()) +
                " strings, expected one");
  return std::move(strings->front());
}

Expected<std::vector<std::string>> readStringListAttribute(hid_t obj, StringRef name) {
  if (hasAttribute(obj, name))
    return readAttributeStrings(obj, name);
  // Chunked: name0, name1, ... (Keras' HDF5_OBJECT_HEADER_LIMIT workaround).
  std::vector<std::string> all;
  for (int chunk = 0;; ++chunk) {
    std::string key = (name + Twine(chunk)).str();
    if (!hasAttribute(obj, key)) {
      if (chunk == 0)
        return fail("attribute '" + name + "' is missing");
      return all;
    }
    Expected<std::vector<std::string>> part = readAttributeStrings(obj, key);
    if (!part)
      return part.takeError();
    all.insert(all.end(), part->begin(), part->end());
  }
}

Expected<FloatArray> readFloatDataset(hid_t loc, StringRef path) {
  if (!hasObject(loc, path))
    return fail("dataset '" + path + "' is missing");
  std::string p = path.str();
  H5Handle dataset(H5Dopen2(loc, p.c_str(), H5P_DEFAULT));
  if (!dataset)
    return fail("'" + path +
                "' cannot be opened as a dataset (not a dataset, or its "
                "header is damaged)");
  H5Handle type(H5Dget_type(dataset.get()));
  H5Handle space(H5Dget_space(dataset.get()));
  if (!type || !space)
    return fail("dataset '" + path + "' cannot be read");
  // Keras writes its weights as float32 (float64 with a float64 policy). Integers and
  // float16 would be converted silently, so a damaged or foreign file would compile to a
  // model with other weights than the one trained.
  H5T_class_t cls = H5Tget_class(type.get());
  size_t typeSize = H5Tget_size(type.get());
  if (cls == H5T_INTEGER)
    return fail("dataset '" + path + "' holds " + Twine(8 * typeSize) +
                "-bit integers; weights must be float32 or float64");
  if (cls != H5T_FLOAT)
    return fail("dataset '" + path + "' is not numeric; weights must be float32 or float64");
  if (typeSize != 4 && typeSize != 8)
    return fail("dataset '" + path + "' holds " + Twine(8 * typeSize) +
                "-bit floats; weights must be float32 or float64");
  int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0 || rank > 8)
    return fail("dataset '" + path + "' has an invalid shape");
  hsize_t dims[8] = {0};
  if (H5Sget_simple_extent_dims(space.get(), dims, nullptr) < 0)
    return fail("dataset '" + path + "' has an invalid shape");
  FloatArray out;
  hssize_t n = 1;
  for (int i = 0; i < rank; ++i) {
    if (dims[i] > hsize_t(kMaxElements) || (dims[i] != 0 && n > kMaxElements / hssize_t(dims[i]))) {
      std::string shape;
      for (int j = 0; j < rank; ++j)
        shape += (j ? ", " : "") + std::to_string(uint64_t(dims[j]));
      return fail("dataset '" + path + "' has shape (" + shape +
                  "), more than 2^28 elements: too large for a weight (or damaged)");
    }
    n *= hssize_t(dims[i]);
    out.shape.push_back(int64_t(dims[i]));
  }
  // HDF5 reads a contiguous dataset by its shape, whatever its storage holds: a damaged
  // shape would read past the data (or stop short) without an error.
  H5Handle plist(H5Dget_create_plist(dataset.get()));
  if (n > 0 && plist && H5Pget_layout(plist.get()) == H5D_CONTIGUOUS) {
    hsize_t stored = H5Dget_storage_size(dataset.get());
    hsize_t needed = hsize_t(n) * typeSize;
    if (stored != needed)
      return fail("dataset '" + path + "' stores " + Twine(uint64_t(stored)) +
                  " bytes, but its shape needs " + Twine(uint64_t(needed)) +
                  " (truncated or damaged)");
  }
  out.values.assign(static_cast<size_t>(n), 0.0f);
  if (n > 0 && H5Dread(dataset.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                       out.values.data()) < 0)
    return fail("dataset '" + path + "' cannot be read (truncated or damaged)");
  if (std::optional<std::string> nan = describeNaNs(llvm::ArrayRef<float>(out.values), out.shape))
    return fail("dataset '" + path + "' holds " + *nan);
  return out;
}

} // namespace rnnc::keras
