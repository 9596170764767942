// Evaluation of ONNX ops on compile-time constants. Integer elements may be symbols (a
// tensor's run-time dims, as Shape produces them); data movement carries them along.
#ifndef RNNC_COMPILER_FRONTENDS_ONNX_CONSTANTFOLDING_H
#define RNNC_COMPILER_FRONTENDS_ONNX_CONSTANTFOLDING_H

#include "compiler/Frontends/ONNX/Symbols.h"
#include "compiler/Frontends/ONNX/Tensor.h"

#include <optional>

namespace rnnc::onnximport {

/// The largest constant the importer computes element by element. Larger results of ops on
/// constants are computed at run time (or refused where a constant is required), so that a
/// small file cannot make the compiler build gigabytes.
constexpr int64_t kMaxFoldedElements = int64_t(1) << 24;

/// Positions gathered from a run-time tensor one slice each; more take one gather.
constexpr int64_t kMaxSlicedPositions = 64;

/// Whether a result of this shape may be computed at compile time.
bool isFoldableShape(const Shape &shape);

/// Output dim i is input dim perm[i]. A splat may have a symbolic shape.
Tensor transposeConstant(const Tensor &t, llvm::ArrayRef<int64_t> perm);

/// The same elements in row-major order under a new shape.
Tensor reshapeConstant(const Tensor &t, Shape shape);

/// Elements starts[d] + k * steps[d] for k < outShape[d], per dim (static, or a splat).
Tensor sliceConstant(const Tensor &t, llvm::ArrayRef<int64_t> starts, llvm::ArrayRef<int64_t> steps,
                     Shape outShape);

/// ONNX Gather on a static constant with known indices (negative ones count from the end).
llvm::Expected<Tensor> gatherConstant(const Tensor &data, const Tensor &indices, int64_t axis);

/// ONNX Concat of static constants.
Tensor concatConstant(llvm::ArrayRef<const Tensor *> parts, int64_t axis);

/// Broadcasts `t` to `outShape` (static unless `t` is a splat).
Tensor expandConstant(const Tensor &t, Shape outShape);

/// ONNX Cast; integer symbols survive casts between integer types.
llvm::Expected<Tensor> castConstant(const Tensor &t, DataType to);

enum class BinaryKind { Add, Sub, Mul, Div };
/// Element-wise arithmetic with broadcasting; nullopt when a symbol cannot be combined
/// (e.g. the sum of two run-time dims).
std::optional<Tensor> binaryConstant(BinaryKind kind, const Tensor &a, const Tensor &b,
                                     Symbols &symbols);

enum class UnaryKind { Sigmoid, Tanh, Relu };
Tensor unaryConstant(UnaryKind kind, const Tensor &t);

/// Row-major strides of a static shape.
std::vector<int64_t> stridesOf(const Shape &shape);

} // namespace rnnc::onnximport

#endif // RNNC_COMPILER_FRONTENDS_ONNX_CONSTANTFOLDING_H
