// The pass pipelines from the imported `rnn` module to the LLVM dialect.
#include "compiler/Pipeline/Pipeline.h"
#include "compiler/Codegen/Passes.h"
#include "compiler/Conversion/Passes.h"
#include "compiler/Transforms/Passes.h"
#include "compiler/Utils/ModelABI.h"
#include "dialect/RNNOps.h"

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

CompileOptions::CompileOptions() {
  // Each default is the one its pass declares.
  SpecializeShapesOptions shapes;
  batch = shapes.batch;
  timesteps = shapes.timesteps;
  vectorWidth = PackWeightsOptions().vectorWidth;
  weightPrecision = NarrowWeightsOptions().precision;
  LowerKernelsOptions kernels;
  unroll = kernels.unroll;
  vectorRegisters = kernels.vectorRegisters;
  minChains = kernels.minChains;
  interleave = kernels.interleave;
  bigEndian = ConstantBytesOptions().bigEndian;
}

void buildPreparePipeline(OpPassManager &pm, const CompileOptions &options) {
  pm.addPass(createCheckWeights());
  if (options.batch > 0 || options.timesteps > 0 || !options.dims.empty()) {
    std::vector<std::string> dims(options.dims.begin(), options.dims.end());
    SpecializeShapesOptions shapes{options.batch, options.timesteps, dims};
    pm.addNestedPass<func::FuncOp>(createSpecializeShapes(shapes));
  }
  // Streaming: asked for, or the model says so (Keras stateful=True).
  pm.addPass(createExposeState(ExposeStateOptions{!options.stateful, options.function}));
  pm.addPass(
      createDescribeABI(DescribeABIOptions{options.function, options.name, options.parallel,
                                           options.weightPrecision}));
}

LogicalResult checkPreparedModel(ModuleOp module, const CompileOptions &options) {
  if (options.unroll.getValue() != "full")
    return success();
  Operation *dynamic = nullptr;
  module.walk([&](Operation *op) {
    if (!llvm::isa<rnn::SimpleRNNOp, rnn::BidirectionalOp, rnn::LSTMOp, rnn::GRUOp>(op) ||
        op->getNumOperands() == 0)
      return WalkResult::advance();
    auto fn = op->getParentOfType<func::FuncOp>();
    if (!fn || (!options.function.empty() && fn.getSymName() != options.function.getValue()))
      return WalkResult::advance();
    auto input = llvm::dyn_cast<RankedTensorType>(op->getOperand(0).getType());
    if (!input || input.getRank() < 2 || !input.isDynamicDim(1))
      return WalkResult::advance();
    dynamic = op;
    return WalkResult::interrupt();
  });
  if (!dynamic)
    return success();
  return emitError(dynamic->getLoc())
         << "--unroll=full needs a static number of time steps, and this layer's is "
            "dynamic; give --timesteps=N, or --unroll=auto, none or a factor";
}

void buildLowerPipeline(OpPassManager &pm, const CompileOptions &options, WeightsSink weights,
                        ModelSink model) {
  pm.addPass(createSelectModel(SelectModelOptions{options.function, options.name}));
  buildKernelPipeline(pm, options);
  if (options.externalWeights)
    pm.addPass(createExternalizeWeights());
  // The C entry points, while the model function is still on memrefs.
  pm.addPass(createWrapEntryPoints(WrapEntryPointsOptions{options.targetTriple}));
  buildLLVMPipeline(pm, options);
  if (options.externalWeights)
    pm.addPass(weights ? createDetachWeights(std::move(weights)) : createDetachWeights());
  pm.addPass(model ? createDetachABI(std::move(model)) : createDetachABI());
}

void buildSummaryPipeline(OpPassManager &pm, const CompileOptions &options) {
  pm.addPass(createSelectModel(SelectModelOptions{options.function, options.name}));
  buildBufferPipeline(pm, options, /*describeWorkspace=*/true);
}

void buildCompilePipeline(OpPassManager &pm, const CompileOptions &options) {
  buildPreparePipeline(pm, options);
  buildLowerPipeline(pm, options);
}

void buildBufferPipeline(OpPassManager &pm, const CompileOptions &options, bool describeWorkspace) {
  // First, while the requirements still see the arguments' dims.
  pm.addPass(createOutlineRequirements());
  pm.addPass(createExpandBidirectional());
  pm.addPass(createHoistInputProjection());
  pm.addPass(createPackWeights(PackWeightsOptions{options.vectorWidth}));
  pm.addPass(createNarrowWeights(NarrowWeightsOptions{options.weightPrecision}));
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
  bufferization.memCpyFn = [](OpBuilder &b, Location loc, Value from, Value to) {
    b.create<linalg::CopyOp>(loc, from, to);
    return success();
  };
  pm.addPass(bufferization::createOneShotBufferizePass(bufferization));
  bufferization::BufferDeallocationPipelineOptions dealloc;
  bufferization::buildBufferDeallocationPipeline(pm, dealloc);
  if (options.parallel)
    pm.addPass(createDistribute());
  PlanWorkspaceOptions workspace;
  workspace.describe = describeWorkspace;
  pm.addPass(createPlanWorkspace(workspace));
}

void buildKernelPipeline(OpPassManager &pm, const CompileOptions &options) {
  buildBufferPipeline(pm, options);
  pm.addPass(createLowerKernels(LowerKernelsOptions{
      options.unroll, options.vectorRegisters, options.minChains, options.interleave,
      roundsStateToBF16(options.weightPrecision.getValue())}));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void buildLLVMPipeline(OpPassManager &pm, const CompileOptions &options) {
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
  pm.addPass(createConstantBytes(ConstantBytesOptions{options.bigEndian}));
}

void registerPipelines() {
  PassPipelineRegistration<CompileOptions>(
      "rnn-compile",
      "What rnnc runs: the imported rnn module to the LLVM dialect (rnnc --emit=mlir)",
      buildCompilePipeline);
  PassPipelineRegistration<CompileOptions>(
      "rnn-lower-to-kernels", "Lower rnn layers to bufferized vector kernels (scf/vector/memref)",
      buildKernelPipeline);
  PassPipelineRegistration<CompileOptions>(
      "rnn-lower-to-llvm", "Lower rnnc's kernel loops to the LLVM dialect", buildLLVMPipeline);
}

} // namespace rnnc
