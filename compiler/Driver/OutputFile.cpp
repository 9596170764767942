// Atomic output files: write a temporary beside the target, then rename it over.
#include "compiler/Driver/OutputFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace rnnc {

bool makeTemporaryBeside(StringRef path, std::string &temp, std::string &error) {
  SmallString<256> model(path);
  model += ".tmp-%%%%%%";
  int fd;
  SmallString<256> result;
  if (std::error_code ec = sys::fs::createUniqueFile(model, fd, result)) {
    error = "cannot write '" + path.str() + "': " + ec.message();
    return false;
  }
  sys::Process::SafelyCloseFileDescriptor(fd);
  temp = result.str().str();
  return true;
}

namespace {
/// Writes `data` to a new temporary beside `path`; returns its name.
bool writeTemporary(StringRef path, StringRef data, std::string &temp, std::string &error) {
  if (!makeTemporaryBeside(path, temp, error))
    return false;
  std::error_code ec;
  raw_fd_ostream os(temp, ec);
  if (!ec) {
    os << data;
    os.close();
    ec = os.error();
  }
  if (ec) {
    sys::fs::remove(temp);
    error = "cannot write '" + path.str() + "': " + ec.message();
    return false;
  }
  return true;
}
} // namespace

bool writeFilesAtomically(ArrayRef<std::pair<std::string, StringRef>> files, std::string &error) {
  for (const auto &file : files)
    if (sys::fs::is_directory(file.first)) {
      error = "cannot write '" + file.first + "': it is a directory";
      return false;
    }
  std::vector<std::string> temps;
  auto cleanUp = [&] {
    for (const std::string &t : temps)
      sys::fs::remove(t);
  };
  for (const auto &[path, data] : files) {
    std::string temp;
    if (!writeTemporary(path, data, temp, error)) {
      cleanUp();
      return false;
    }
    temps.push_back(temp);
  }
  // Renames only fail on paths the temporaries' own creation already proved usable,
  // short of a race; a failure still removes what is left.
  for (size_t i = 0; i < files.size(); ++i)
    if (std::error_code ec = sys::fs::rename(temps[i], files[i].first)) {
      error = "cannot write '" + files[i].first + "': " + ec.message();
      for (size_t j = 0; j < i; ++j)
        sys::fs::remove(files[j].first);
      cleanUp();
      return false;
    }
  return true;
}

bool writeFileAtomically(StringRef path, StringRef data, std::string &error) {
  if (path == "-") {
    outs() << data;
    outs().flush();
    return true;
  }
  return writeFilesAtomically({{path.str(), data}}, error);
}

} // namespace rnnc
