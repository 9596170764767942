// The lowering of rnn.gated_recurrence (LSTM and GRU) on memrefs to vector loops: per
// step, one pass of the panel micro-kernel over every gate of a unit block, and the
// cell's update in registers as that pass's epilogue.
#ifndef RNNC_COMPILER_CODEGEN_GATEDRECURRENCE_H
#define RNNC_COMPILER_CODEGEN_GATEDRECURRENCE_H

#include "compiler/Codegen/KernelLoops.h"
#include "dialect/RNNOps.h"

namespace rnnc {

struct KernelOptions {
  int64_t registers;
  int64_t minChains;
  UnrollPolicy unroll;
  /// bf16 recurrent weights: the state rounded to bf16, pairs summed by vdpbf16ps.
  bool bf16Dot = false;
};

mlir::LogicalResult lowerGatedRecurrence(mlir::rnn::GatedRecurrenceOp op,
                                         const KernelOptions &options);

} // namespace rnnc

#endif // RNNC_COMPILER_CODEGEN_GATEDRECURRENCE_H
