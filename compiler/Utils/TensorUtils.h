// Small tensor-level builders shared by the rewrites of `rnn` ops, and constant readers.
#ifndef RNNC_COMPILER_UTILS_TENSORUTILS_H
#define RNNC_COMPILER_UTILS_TENSORUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributeInterfaces.h"

#include <cstdint>
#include <optional>

namespace rnnc {

/// tensor.empty with `like`'s leading dims (from `source`, static or via tensor.dim)
/// and the static shape of `type`.
mlir::Value emitEmptyLike(mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType type,
                          mlir::Value source);

/// Reverses a (batch, timesteps, features) tensor along time.
mlir::Value emitTimeFlip(mlir::OpBuilder &b, mlir::Location loc, mlir::Value sequence);

/// A float constant's values as doubles, from dense or dense_resource (f32, f64)
/// storage; nullopt for other storage (e.g. a resource blob not loaded).
std::optional<llvm::SmallVector<double>> readFloatConstant(mlir::ElementsAttr attr);

/// `values` rounded to nearest even in `type`'s float element type.
mlir::DenseElementsAttr denseFloats(mlir::RankedTensorType type, llvm::ArrayRef<double> values);

/// Fails, at the op, on the first constant under `root` whose values the file did not hold:
/// `rnnc --emit=rnn` (and MLIR's --mlir-elide-resource-strings-if-larger) print large
/// weights elided, as resources without data.
mlir::LogicalResult checkWeightsPresent(mlir::Operation *root);

/// `value` as bf16 bits, rounded to nearest, ties to even (NaNs stay quiet NaNs).
uint16_t roundToBF16(float value);
/// A bf16 scalar or vector as float32: its bits moved to the high half of 32-bit lanes,
/// which is exact and two integer instructions on every target (no bf16 support needed).
mlir::Value widenBF16(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value);

/// The stored bytes of an f32 or f64 constant, element by element in the host's order,
/// without copying them: a weight's values are read where the context keeps them.
struct FloatBytes {
  llvm::ArrayRef<char> bytes;
  int64_t width; // 4 or 8
};
/// Nullopt for splats, other element types and resources not loaded.
std::optional<FloatBytes> floatBytes(mlir::ElementsAttr attr);

} // namespace rnnc

#endif // RNNC_COMPILER_UTILS_TENSORUTILS_H
