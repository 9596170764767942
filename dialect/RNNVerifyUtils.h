// Checks shared by the verifiers of the layer ops (RNNOps.cpp) and the kernel ops
// (RNNKernelOps.cpp), so both state a rule the same way.
#ifndef RNNC_DIALECT_RNNVERIFYUTILS_H
#define RNNC_DIALECT_RNNVERIFYUTILS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

namespace mlir::rnn::detail {

/// Two dims agree when either is dynamic or both are equal.
inline bool compatible(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

/// `clip`, when given, is a positive finite bound.
inline LogicalResult verifyClip(Operation *op, FloatAttr clip) {
  if (clip && !(clip.getValue().isFinite() && clip.getValueAsDouble() > 0.0))
    return op->emitOpError("clip must be a positive finite number, got ")
           << clip.getValueAsDouble();
  return success();
}

} // namespace mlir::rnn::detail

#endif // RNNC_DIALECT_RNNVERIFYUTILS_H
