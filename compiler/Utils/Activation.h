// Emits an activation function (and the optional clip before it) as arith/math ops on a
// scalar or a vector; used by every lowering that applies one.
#ifndef RNNC_COMPILER_UTILS_ACTIVATION_H
#define RNNC_COMPILER_UTILS_ACTIVATION_H

#include "dialect/RNNDialect.h"
#include "mlir/IR/Builders.h"

namespace rnnc {

/// act(clip(x)): `x` is a float scalar or vector; `clip` may be null.
mlir::Value emitActivation(mlir::OpBuilder &b, mlir::Location loc, mlir::rnn::ActivationAttr act,
                           mlir::FloatAttr clip, mlir::Value x);

} // namespace rnnc

#endif // RNNC_COMPILER_UTILS_ACTIVATION_H
