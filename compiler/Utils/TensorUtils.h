// Small tensor-level builders shared by the rewrites of `rnn` ops.
#ifndef RNNC_COMPILER_UTILS_TENSORUTILS_H
#define RNNC_COMPILER_UTILS_TENSORUTILS_H

#include "mlir/IR/Builders.h"

namespace rnnc {

/// tensor.empty with `like`'s leading dims (from `source`, static or via tensor.dim)
/// and the static shape of `type`.
mlir::Value emitEmptyLike(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::RankedTensorType type, mlir::Value source);

/// Reverses a (batch, timesteps, features) tensor along time.
mlir::Value emitTimeFlip(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value sequence);

} // namespace rnnc

#endif // RNNC_COMPILER_UTILS_TENSORUTILS_H
