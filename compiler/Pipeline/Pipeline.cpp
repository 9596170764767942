// The pass pipelines from the `rnn` dialect to the LLVM dialect.
#include "compiler/Pipeline/Pipeline.h"
#include "compiler/Codegen/Passes.h"
#include "compiler/Conversion/Passes.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace rnnc {

void buildKernelPipeline(OpPassManager &pm, const PipelineOptions &options) {
  // First, while the requirements still see the arguments' dims.
  pm.addPass(createOutlineRequirements());
  pm.addPass(createExpandBidirectional());
  pm.addPass(createHoistInputProjection());
  pm.addPass(createPackWeights(PackWeightsOptions{options.vectorWidth}));
  pm.addPass(createConvertRNNToLinalg());
  pm.addPass(createDecomposeAggregates());
  // Element-wise arith/math on tensors (importers' Add, Mul, ...) as linalg.generic.
  pm.addPass(createConvertElementwiseToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createEntryABI());
  pm.addPass(createSplitEmptyTensors());
  pm.addPass(bufferization::createEmptyTensorEliminationPass());

  bufferization::OneShotBufferizationOptions bufferization;
  bufferization.setFunctionBoundaryTypeConversion(
      bufferization::LayoutMapOption::IdentityLayoutMap);
  // Copies become linalg.copy loops: a memref.copy of a strided view would lower to a
  // call into MLIR's runner library, which compiled models do not link.
  bufferization.memCpyFn = [](OpBuilder &b, Location loc, Value from,
                              Value to) {
    b.create<linalg::CopyOp>(loc, from, to);
    return success();
  };
  pm.addPass(bufferization::createOneShotBufferizePass(bufferization));
  bufferization::BufferDeallocationPipelineOptions dealloc;
  bufferization::buildBufferDeallocationPipeline(pm, dealloc);
  if (options.parallel)
    pm.addPass(createDistribute());
  pm.addPass(createPlanWorkspace());

  pm.addPass(createLowerKernels(LowerKernelsOptions{
      options.unroll, options.vectorRegisters, options.minChains,
      options.interleave}));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void buildLLVMPipeline(OpPassManager &pm) {
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createApproximateMath());
  // What has an LLVM intrinsic (fma, exp, ...) becomes one; the rest, which the f32
  // approximations leave only in f64 models (tanh), calls libm (link -lm).
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createConvertSCFToCFPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // Vector first: its patterns can turn 1-element vector accesses into memref ops,
  // which the memref conversion after it must still see.
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

namespace {
struct KernelPipelineOptions : PassPipelineOptions<KernelPipelineOptions> {
  Option<int64_t> vectorWidth{*this, "vector-width", llvm::cl::init(16)};
  Option<int64_t> vectorRegisters{*this, "vector-registers",
                                  llvm::cl::init(32)};
  Option<std::string> unroll{*this, "unroll", llvm::cl::init("auto")};
  Option<int64_t> minChains{*this, "min-chains", llvm::cl::init(8)};
  Option<bool> interleave{*this, "interleave", llvm::cl::init(true)};
  Option<bool> parallel{*this, "parallel", llvm::cl::init(false)};
};
} // namespace

void registerPipelines() {
  PassPipelineRegistration<KernelPipelineOptions>(
      "rnn-lower-to-kernels",
      "Lower rnn layers to bufferized vector kernels (scf/vector/memref)",
      [](OpPassManager &pm, const KernelPipelineOptions &o) {
        buildKernelPipeline(pm, PipelineOptions{o.vectorWidth, o.vectorRegisters,
                                                o.unroll, o.minChains,
                                                o.interleave, o.parallel});
      });
  PassPipelineRegistration<>("rnn-lower-to-llvm",
                             "Lower rnnc's kernel loops to the LLVM dialect",
                             buildLLVMPipeline);
}

} // namespace rnnc
