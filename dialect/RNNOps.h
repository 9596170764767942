// The ops of the `rnn` dialect.
#ifndef RNNC_DIALECT_RNNOPS_H
#define RNNC_DIALECT_RNNOPS_H

#include "dialect/RNNDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialect/RNNInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dialect/RNNOps.h.inc"

namespace mlir::rnn {

/// The operand and dim that dim `dim` of `result` equals, when its op repeats an
/// operand's dims (ShapedResultsOpInterface); nullopt otherwise.
inline std::optional<std::pair<Value, int64_t>> getResultDimSource(OpResult result, int64_t dim) {
  if (auto op = llvm::dyn_cast<ShapedResultsOpInterface>(result.getOwner()))
    return op.getDimSource(result, dim);
  return std::nullopt;
}

/// Applies rnn.dense's canonicalization patterns once to each op under `root` (a bias
/// added to a dense layer's result, an activation applied to it), without folding or
/// moving anything else: importers call it on the module they emitted.
void fuseDenseLayers(Operation *root);

} // namespace mlir::rnn

#endif // RNNC_DIALECT_RNNOPS_H
