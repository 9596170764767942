// Stage timing and progress for the driver (see Stages.h).
#include "compiler/Driver/Stages.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

namespace rnnc {

Stages::Stages(mlir::DefaultTimingManager &timing, ProgressMode mode)
    : root(timing.getRootScope()), start(std::chrono::steady_clock::now()) {
  statusLine = mode == ProgressMode::Auto && llvm::sys::Process::StandardErrIsDisplayed();
  lines = mode == ProgressMode::Always;
}

Stages::~Stages() { finish(); }

double Stages::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Stages::begin(llvm::StringRef name) {
  scope.reset();
  scope.emplace(root.nest(name));
  if (lines) {
    llvm::errs() << "rnnc: [" << llvm::format("%6.2f", elapsed()) << " s] " << name << "\n";
  } else if (statusLine) {
    // One line, rewritten: nothing stays on the terminal once the compile is done.
    llvm::errs() << "\r\x1b[K" << "rnnc: [" << llvm::format("%.1f", elapsed()) << " s] " << name
                 << "...";
    shown = true;
  }
  llvm::errs().flush();
}

void Stages::finish() {
  if (!scope)
    return;
  scope.reset();
  if (lines)
    llvm::errs() << "rnnc: [" << llvm::format("%6.2f", elapsed()) << " s] done\n";
  clearLine();
}

void Stages::clearLine() {
  if (!shown)
    return;
  llvm::errs() << "\r\x1b[K";
  llvm::errs().flush();
  shown = false;
}

} // namespace rnnc
