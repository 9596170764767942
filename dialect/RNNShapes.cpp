// Where each dim of an `rnn` op's result comes from.
#include "dialect/RNNShapes.h"
#include "dialect/RNNOps.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::rnn;

std::optional<std::pair<Value, int64_t>>
mlir::rnn::getDimSource(OpResult result, int64_t dim) {
  using Source = std::optional<std::pair<Value, int64_t>>;
  int64_t rank = llvm::cast<ShapedType>(result.getType()).getRank();
  bool leading = dim + 1 < rank;
  return llvm::TypeSwitch<Operation *, Source>(result.getOwner())
      // Layers: (batch, timesteps, units) and (batch, units) repeat the input's
      // batch and time; the width is the layer's own.
      .Case<SimpleRNNOp, BidirectionalOp>([&](auto op) -> Source {
        if (!leading)
          return std::nullopt;
        return std::make_pair(op.getInput(), dim);
      })
      .Case<MergeOp>([&](MergeOp op) -> Source {
        if (!leading)
          return std::nullopt;
        return std::make_pair(op.getLhs(), dim);
      })
      .Case<DenseOp>([&](DenseOp op) -> Source {
        if (!leading)
          return std::nullopt;
        return std::make_pair(op.getInput(), dim);
      })
      .Case<ActivateOp, MaskOp>(
          [&](auto op) -> Source { return std::make_pair(op.getInput(), dim); })
      .Case<EmbeddingOp>([&](EmbeddingOp op) -> Source {
        if (!leading)
          return std::nullopt;
        return std::make_pair(op.getIds(), dim);
      })
      .Default([](Operation *) -> Source { return std::nullopt; });
}
