// What the kernel lowerings (rnn-lower-kernels: the matmul, the SimpleRNN and the gated
// recurrences) share: a worker's share of the work, unrolling, panel reads and writes.
#ifndef RNNC_COMPILER_CODEGEN_KERNELLOOPS_H
#define RNNC_COMPILER_CODEGEN_KERNELLOOPS_H

#include "compiler/Codegen/PanelKernel.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace rnnc {

/// How a time loop is unrolled (rnn-lower-kernels' `unroll` option).
struct UnrollPolicy {
  enum Kind { Auto, None, Full, Factor } kind = Auto;
  int64_t factor = 1;
};

/// Parses auto, none, full or a positive factor.
mlir::FailureOr<UnrollPolicy> parseUnroll(llvm::StringRef text);

/// Unrolls `loop` as the policy says; `auto` unrolls short static loops fully.
void applyUnroll(mlir::scf::ForOp loop, const UnrollPolicy &policy);

/// A worker function's share of the work (see rnn-distribute): its index, the number of
/// workers and the barrier they meet at, read from the function's `rnn.workers` argument
/// indices. Empty in an ordinary function.
struct Workers {
  mlir::Value worker, count, sync;

  static Workers of(mlir::Operation *op);
  explicit operator bool() const { return worker != nullptr; }

  void barrier(mlir::OpBuilder &b, mlir::Location loc) const;
  mlir::Value isFirst(mlir::OpBuilder &b, mlir::Location loc) const;
  /// [begin, end) of `total` rows for this worker: contiguous, sizes differing by one.
  std::pair<mlir::Value, mlir::Value> slice(mlir::OpBuilder &b, mlir::Location loc,
                                            mlir::Value total) const;
  /// Panel groups are dealt round-robin.
  mlir::Value ownsGroup(mlir::OpBuilder &b, mlir::Location loc, mlir::Value group) const;
};

mlir::Value cIdx(mlir::OpBuilder &b, mlir::Location loc, int64_t v);

/// A dim of `mem`: a constant when the type knows it, so loop bounds and the kernel's
/// blocking see static sizes.
mlir::Value dimOf(mlir::OpBuilder &b, mlir::Location loc, mlir::Value mem, int64_t d);

/// A vector of the panel `panel` of row `idx` of `mem`, from column `panel.column` plus
/// `offset`; reads past the last dim give zero.
mlir::Value readPanel(mlir::OpBuilder &b, mlir::Location loc, mlir::Value mem, mlir::ValueRange idx,
                      const PanelKernel::Panel &panel, int64_t vw, int64_t offset = 0);

void writePanel(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v, mlir::Value mem,
                mlir::ValueRange idx, const PanelKernel::Panel &panel);

/// Emits `for b < rows, j < n: dst[b, j] = src(b, j)` (a plain copy loop: memref.copy of
/// a strided view would become a library call).
void emitRowCopy(
    mlir::OpBuilder &b, mlir::Location loc, mlir::Value rows, int64_t n,
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::Value, mlir::Value)>
        src,
    llvm::function_ref<void(mlir::OpBuilder &, mlir::Location, mlir::Value, mlir::Value,
                            mlir::Value)>
        dst);

/// The states of a recurrence in memory: `sequence` (batch, timesteps, units), the final
/// state `last` (batch, units), the optional initial state, and the direction.
struct RecurrenceBuffers {
  mlir::Value sequence, last, initialState;
  int64_t units;
  bool forward;
};

/// last = the final row of the sequence, or the initial state (zero) when there are no
/// steps.
void emitLastStateCopy(mlir::OpBuilder &b, mlir::Location loc, const RecurrenceBuffers &r,
                       mlir::Value rows, mlir::Value steps, mlir::Value hasSteps);

/// Whether `row` takes the step at input time `t`: its mask bit, or t below its length.
mlir::Value rowTakesStep(mlir::OpBuilder &b, mlir::Location loc, mlir::Value mask,
                         mlir::Value lengths, mlir::Value row, mlir::Value t);

/// After a step at input time `t` (step number `s`) of a recurrence whose state lives in
/// `last`: per row, commits the step's output row to `last` (a step taken) or sets the
/// row to zero (lengths) or to the previous output (mask; zero before the first step).
void emitStepCommit(mlir::OpBuilder &b, mlir::Location loc, const RecurrenceBuffers &r,
                    mlir::Value mask, mlir::Value lengths, mlir::Value rows, mlir::Value t,
                    mlir::Value s);

/// Whether a recurrence over `packed` weights with `batch` rows walks the weights
/// backwards on odd steps (see PanelKernel::reverse): when they outgrow L1 and are
/// streamed once per step, i.e. not reused by several row blocks. Decided by the layer's
/// batch, not a worker's rows, so that every worker sums in the order a single-threaded
/// run does.
bool zigZagWeights(mlir::Value packed, int64_t batch);

/// At batch 1, a parallel run shares each step's columns out only past this many bytes of
/// recurrent weights (this core's L1: 48 KiB). Below it a step takes ~100 ns, less than
/// the barrier after it: (1,50,32,64) ran 3.4 us on one thread and 5.3 us on two.
constexpr int64_t kSplitPanelBytes = 48 * 1024;

} // namespace rnnc

#endif // RNNC_COMPILER_CODEGEN_KERNELLOOPS_H
