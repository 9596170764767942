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

bool writeFileAtomically(StringRef path, StringRef data, std::string &error) {
  if (path == "-") {
    outs() << data;
    outs().flush();
    return true;
  }
  std::string temp;
  if (!makeTemporaryBeside(path, temp, error))
    return false;
  {
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
  }
  if (std::error_code ec = sys::fs::rename(temp, path)) {
    sys::fs::remove(temp);
    error = "cannot write '" + path.str() + "': " + ec.message();
    return false;
  }
  return true;
}

} // namespace rnnc
