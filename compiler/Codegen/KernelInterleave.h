// The alias and interleave analysis of rnn-lower-kernels: which recurrence may share its
// time loop with an earlier one.
#ifndef RNNC_COMPILER_CODEGEN_KERNELINTERLEAVE_H
#define RNNC_COMPILER_CODEGEN_KERNELINTERLEAVE_H

#include "dialect/RNNOps.h"

namespace rnnc {

/// Bytes of a static buffer; dynamic ones count as huge.
int64_t staticBytes(mlir::Value buffer);

/// The recurrence `later` can share a time loop with: the nearest earlier recurrence in
/// its block, if both are plain (no lengths or mask), run the same static number of steps,
/// their weights fit in L1 together, and neither they nor the ops between them touch each
/// other's buffers (the earlier one then runs after those ops). A bidirectional layer's
/// two halves are such a pair. Null when there is none.
mlir::rnn::RecurrenceOp interleavePartner(mlir::rnn::RecurrenceOp later);

} // namespace rnnc

#endif // RNNC_COMPILER_CODEGEN_KERNELINTERLEAVE_H
