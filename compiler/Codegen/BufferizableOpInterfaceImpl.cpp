// Bufferization models of the destination-style kernel ops: each result lives in its init
// operand's buffer; inits the kernel fully overwrites are not read.
#include "compiler/Codegen/BufferizableOpInterfaceImpl.h"
#include "dialect/RNNOps.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/DstBufferizableOpInterfaceImpl.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::bufferization;
using namespace mlir::rnn;

namespace {

/// Rebuilds `op` on the operands' buffers, without results.
LogicalResult bufferizeKernelOp(Operation *op, RewriterBase &rewriter,
                                const BufferizationOptions &options) {
  auto dps = llvm::cast<DestinationStyleOpInterface>(op);
  SmallVector<Value> operands, initBuffers;
  for (OpOperand &operand : op->getOpOperands()) {
    Value v = operand.get();
    if (llvm::isa<TensorType>(v.getType())) {
      FailureOr<Value> buffer = getBuffer(rewriter, v, options);
      if (failed(buffer))
        return failure();
      v = *buffer;
      if (dps.isDpsInit(&operand))
        initBuffers.push_back(v);
    }
    operands.push_back(v);
  }
  rewriter.setInsertionPoint(op);
  Operation *bufferized =
      Operation::create(op->getLoc(), op->getName(), TypeRange{}, operands,
                        op->getDiscardableAttrDictionary(), op->getPropertiesStorage(), {}, 0);
  rewriter.insert(bufferized);
  replaceOpWithBufferizedValues(rewriter, op, initBuffers);
  return success();
}

template <typename OpTy>
struct KernelOpInterface : DstBufferizableOpInterfaceExternalModel<KernelOpInterface<OpTy>, OpTy> {
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand, const AnalysisState &) const {
    // rnn.recurrence reads its sequence init (the projection); every other init is
    // overwritten whole (rnn.gated_recurrence's cell state and scratch before they are read).
    auto dps = llvm::cast<DestinationStyleOpInterface>(op);
    if (!dps.isDpsInit(&operand))
      return true;
    if (auto rec = llvm::dyn_cast<RecurrenceOp>(op))
      return &operand == &rec.getSequenceMutable();
    return false;
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options) const {
    return bufferizeKernelOp(op, rewriter, options);
  }
};

} // namespace

namespace rnnc {

void registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, RNNDialect *) {
    MatmulOp::attachInterface<KernelOpInterface<MatmulOp>>(*ctx);
    RecurrenceOp::attachInterface<KernelOpInterface<RecurrenceOp>>(*ctx);
    GatedRecurrenceOp::attachInterface<KernelOpInterface<GatedRecurrenceOp>>(*ctx);
  });
}

} // namespace rnnc
