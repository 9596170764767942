// Where the dims of the model-level ops' results come from: each op names the operand whose
// dims its results repeat (RNNInterfaces.td), and reifies its result shapes from it.
#include "dialect/RNNOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::rnn;

#include "dialect/RNNInterfaces.cpp.inc"

namespace {

/// Result dims as values: a repeated operand dim is that operand's size, any other dim is
/// static (the verifiers hold widths static).
LogicalResult reifyFromShapeSource(ShapedResultsOpInterface op, OpBuilder &b,
                                   ReifiedRankedShapedTypeDims &shapes) {
  for (OpResult result : op->getResults()) {
    auto type = llvm::cast<ShapedType>(result.getType());
    SmallVector<OpFoldResult> &dims = shapes.emplace_back();
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (auto src = op.getDimSource(result, d))
        dims.push_back(tensor::getMixedSize(b, op.getLoc(), src->first, src->second));
      else if (!type.isDynamicDim(d))
        dims.push_back(b.getIndexAttr(type.getDimSize(d)));
      else
        return op->emitOpError("result dim ") << d << " has no source";
    }
  }
  return success();
}

} // namespace

#define RNN_SHAPE_SOURCE(Op, source)                                                               \
  Value Op::getShapeSource() { return source; }                                                    \
  LogicalResult Op::reifyResultShapes(OpBuilder &b, ReifiedRankedShapedTypeDims &shapes) {         \
    return reifyFromShapeSource(*this, b, shapes);                                                 \
  }

// Layers: (batch, timesteps, units) and (batch, units) repeat the input's batch and time;
// the width is the layer's own.
RNN_SHAPE_SOURCE(SimpleRNNOp, getInput())
RNN_SHAPE_SOURCE(LSTMOp, getInput())
RNN_SHAPE_SOURCE(GRUOp, getInput())
RNN_SHAPE_SOURCE(BidirectionalOp, getInput())
RNN_SHAPE_SOURCE(MergeOp, getLhs())
RNN_SHAPE_SOURCE(DenseOp, getInput())
RNN_SHAPE_SOURCE(EmbeddingOp, getIds())
// Element-wise ops and masks keep every dim of their input (a mask drops the features).
RNN_SHAPE_SOURCE(ActivateOp, getInput())
RNN_SHAPE_SOURCE(MaskOp, getInput())
#undef RNN_SHAPE_SOURCE

bool ActivateOp::repeatsLastDim() { return true; }
bool MaskOp::repeatsLastDim() { return true; }
