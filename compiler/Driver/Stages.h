// The driver's stages (import, lowering, LLVM optimisation, code generation, writing): each
// is timed for --mlir-timing and announced as progress on a terminal.
#ifndef RNNC_COMPILER_DRIVER_STAGES_H
#define RNNC_COMPILER_DRIVER_STAGES_H

#include "mlir/Support/Timing.h"
#include "llvm/ADT/StringRef.h"

#include <chrono>
#include <optional>
#include <string>

namespace rnnc {

enum class ProgressMode {
  Auto,   // a status line, rewritten in place, when stderr is a terminal
  Always, // a line per stage with the elapsed time (logs)
  Never,
};

class Stages {
public:
  /// `timing` reports at its destruction when --mlir-timing asked for it.
  Stages(mlir::DefaultTimingManager &timing, ProgressMode mode);
  ~Stages();

  /// Ends the current stage and starts `name` ("optimizing LLVM IR").
  void begin(llvm::StringRef name);
  /// The current stage's timer, for the pass manager to nest its passes under.
  mlir::TimingScope &current() { return *scope; }
  /// Ends the last stage and clears the status line.
  void finish();
  /// Erases the status line, so that a message printed now starts on a clean line.
  void clearLine();

private:
  double elapsed() const;

  mlir::TimingScope root;
  std::optional<mlir::TimingScope> scope;
  bool statusLine = false, lines = false, shown = false;
  std::chrono::steady_clock::time_point start;
};

} // namespace rnnc

#endif // RNNC_COMPILER_DRIVER_STAGES_H
