// Links an object into a shared library: lld handles any target; the host's C compiler
// is the fallback for host objects.
#include "compiler/Target/Linker.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

using namespace llvm;

namespace rnnc {

namespace {
std::string findTool(ArrayRef<StringRef> names) {
  for (StringRef name : names) {
    if (sys::fs::can_execute(name))
      return name.str();
    if (ErrorOr<std::string> path = sys::findProgramByName(name))
      return *path;
  }
  return "";
}
} // namespace

bool linkSharedLibrary(StringRef object, StringRef output, StringRef soname, bool hostTarget,
                       std::string &error) {
  std::string lld = findTool({"/usr/lib/llvm-19/bin/ld.lld", "ld.lld-19", "ld.lld"});
  std::vector<std::string> argv;
  if (!lld.empty()) {
    argv = {lld,          "-shared", "--as-needed", "-soname",
            soname.str(), "-o",      output.str(),  object.str()};
  } else if (hostTarget) {
    std::string cc = findTool({"cc", "gcc", "clang"});
    if (cc.empty()) {
      error = "no linker found: install lld-19 (or a C compiler)";
      return false;
    }
    argv = {cc, "-shared", "-Wl,-soname," + soname.str(), "-o", output.str(), object.str()};
  } else {
    error = "linking a shared library for another target needs ld.lld "
            "(install lld-19)";
    return false;
  }
  SmallString<128> log;
  sys::fs::createTemporaryFile("rnnc-link", "log", log);
  std::optional<StringRef> redirects[] = {std::nullopt, StringRef(log), StringRef(log)};
  std::vector<StringRef> args(argv.begin(), argv.end());
  std::string execError;
  int rc = sys::ExecuteAndWait(args[0], args, std::nullopt, redirects, 0, 0, &execError);
  if (rc != 0) {
    error = "linking '" + output.str() + "' failed";
    if (!execError.empty())
      error += ": " + execError;
    if (auto buf = MemoryBuffer::getFile(log))
      if (!(*buf)->getBuffer().empty())
        error += ":\n" + (*buf)->getBuffer().rtrim().str();
  }
  sys::fs::remove(log);
  return rc == 0;
}

} // namespace rnnc
