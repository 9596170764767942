// The whole compilation from the imported `rnn` module to the LLVM dialect, in the driver's
// stage order, with the one set of options rnnc and rnn-opt (--rnn-compile) share.
#ifndef RNNC_COMPILER_PIPELINE_PIPELINE_H
#define RNNC_COMPILER_PIPELINE_PIPELINE_H

#include "compiler/Codegen/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

#include <string>

namespace rnnc {

/// Every option of the compilation. The defaults are those of the passes the options go
/// to (Transforms/Passes.td, Codegen/Passes.td). rnnc sets them from its command line and
/// derives vector-width and vector-registers from the target.
struct CompileOptions : mlir::PassPipelineOptions<CompileOptions> {
  CompileOptions();

  Option<std::string> function{*this, "function",
                               llvm::cl::desc("The model function (default: the only public "
                                              "function)")};
  Option<std::string> name{*this, "name",
                           llvm::cl::desc("Prefix of the exported symbols; the model "
                                          "function becomes <name>_impl (default: its name)")};
  Option<int64_t> batch{*this, "batch", llvm::cl::desc("Specialise a dynamic batch dim")};
  Option<int64_t> timesteps{*this, "timesteps", llvm::cl::desc("Specialise a dynamic time dim")};
  ListOption<std::string> dims{*this, "dims",
                               llvm::cl::desc("Specialise dims by name: NAME=SIZE, ...")};
  Option<bool> stateful{*this, "stateful",
                        llvm::cl::desc("Carry each layer's state between calls (also done "
                                       "for a model function marked rnn.stateful)")};
  Option<bool> parallel{*this, "parallel",
                        llvm::cl::desc("Also build the worker version of the model "
                                       "function, for <name>_run_parallel")};
  Option<bool> externalWeights{*this, "external-weights",
                               llvm::cl::desc("Read the constant weights from a blob "
                                              "passed at run time")};
  Option<std::string> unroll{*this, "unroll", llvm::cl::desc("Time loop: auto|none|full|N")};
  Option<int64_t> vectorWidth{*this, "vector-width",
                              llvm::cl::desc("Widest vector the kernels use, in elements")};
  Option<std::string> weightPrecision{
      *this, "weight-precision",
      llvm::cl::desc("Stored precision of the constant weight matrices: f32|bf16|bf16-dot|int8|int8-dot")};
  Option<int64_t> vectorRegisters{*this, "vector-registers",
                                  llvm::cl::desc("Vector registers of the target")};
  Option<int64_t> minChains{*this, "min-chains",
                            llvm::cl::desc("Independent FMA chains the kernels keep in "
                                           "flight")};
  Option<bool> bigEndian{*this, "big-endian",
                         llvm::cl::desc("The target stores values most significant byte "
                                        "first (the byte order of the weights)")};
  Option<std::string> targetTriple{*this, "target-triple",
                                   llvm::cl::desc("Target of the generated code (default: "
                                                  "the host); picks the barrier's pause "
                                                  "hint")};
  Option<bool> interleave{*this, "interleave",
                          llvm::cl::desc("Run a bidirectional layer's two time loops as "
                                         "one")};
};

/// The imported module made the model the C interface describes (dims specialised, state
/// exposed), and that interface recorded (rnn.abi): all --emit=header needs.
void buildPreparePipeline(mlir::OpPassManager &pm, const CompileOptions &options);
/// What the prepared model (after the prepare pipeline) and the options cannot compile
/// together, reported at the layer: today `unroll=full` on a dynamic time dim, which the
/// kernels would otherwise keep as a loop.
mlir::LogicalResult checkPreparedModel(mlir::ModuleOp module, const CompileOptions &options);
/// The prepared module to the LLVM dialect: the model function alone as <name>_impl,
/// lowered to kernels, then to LLVM. External weights go to `weights`, the model's C
/// interface to `model` (when given); neither stays in the module.
void buildLowerPipeline(mlir::OpPassManager &pm, const CompileOptions &options,
                        WeightsSink weights = nullptr, ModelSink model = nullptr);
/// The prepared module as far as `--emit=summary` measures it: the model function alone,
/// through buildBufferPipeline.
void buildSummaryPipeline(mlir::OpPassManager &pm, const CompileOptions &options);
/// Both, in order: what `rnnc --emit=mlir` runs (`rnn-opt --rnn-compile`).
void buildCompilePipeline(mlir::OpPassManager &pm, const CompileOptions &options);

/// rnn layers -> rnn.matmul / rnn.recurrence on buffers, weights packed as the kernels
/// read them and work buffers planned (and with `describeWorkspace` the plan recorded as
/// rnn.workspace): what `--emit=summary` measures.
void buildBufferPipeline(mlir::OpPassManager &pm, const CompileOptions &options,
                         bool describeWorkspace = false);
/// rnn layers -> bufferized kernels lowered to scf/vector/memref loops.
void buildKernelPipeline(mlir::OpPassManager &pm, const CompileOptions &options);
/// scf/vector/memref/linalg loops -> the LLVM dialect.
void buildLLVMPipeline(mlir::OpPassManager &pm, const CompileOptions &options);

/// Registers `rnn-compile`, `rnn-lower-to-kernels` and `rnn-lower-to-llvm` for rnn-opt.
void registerPipelines();

} // namespace rnnc

#endif // RNNC_COMPILER_PIPELINE_PIPELINE_H
