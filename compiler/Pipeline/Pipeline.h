// The pass pipelines from the `rnn` dialect to the LLVM dialect, in the driver's stage
// order; rnn-opt registers them too, so each stage can be reproduced by hand.
#ifndef RNNC_COMPILER_PIPELINE_PIPELINE_H
#define RNNC_COMPILER_PIPELINE_PIPELINE_H

#include "mlir/Pass/PassManager.h"

#include <string>

namespace rnnc {

struct PipelineOptions {
  /// Widest vector the kernels use, in elements (16 = 512-bit f32).
  int64_t vectorWidth = 16;
  /// Vector registers of the target (32 with AVX-512, 16 with AVX2 or NEON... 32).
  int64_t vectorRegisters = 32;
  /// Time loop unrolling: auto, none, full or a factor.
  std::string unroll = "auto";
  /// Independent FMA chains the kernels keep in flight (rnn-lower-kernels' min-chains).
  int64_t minChains = 8;
  /// Independent recurrences share a time loop (rnn-lower-kernels' interleave).
  bool interleave = true;
  /// Also build a worker version of the model function (rnn-distribute), for
  /// <name>_run_parallel.
  bool parallel = false;
};

/// rnn layers -> bufferized kernels lowered to scf/vector/memref loops.
void buildKernelPipeline(mlir::OpPassManager &pm, const PipelineOptions &options);
/// scf/vector/memref/linalg loops -> the LLVM dialect.
void buildLLVMPipeline(mlir::OpPassManager &pm);

/// Registers `rnn-lower-to-kernels` and `rnn-lower-to-llvm` for rnn-opt.
void registerPipelines();

} // namespace rnnc

#endif // RNNC_COMPILER_PIPELINE_PIPELINE_H
