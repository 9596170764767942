// Shape rules of the ONNX ops the importer handles: broadcasting, Reshape's 0 / -1, and
// the grouping of a reshape into collapses and expansions.
#ifndef RNNC_COMPILER_FRONTENDS_ONNX_SHAPEINFERENCE_H
#define RNNC_COMPILER_FRONTENDS_ONNX_SHAPEINFERENCE_H

#include "compiler/Frontends/ONNX/Symbols.h"
#include "compiler/Frontends/ONNX/Tensor.h"

#include <optional>

namespace rnnc::onnximport {

/// Numpy-style (multidirectional) broadcast; nullopt when static sizes disagree. Two
/// different symbols are taken to be equal (ONNX requires it of valid inputs).
std::optional<Shape> broadcastShapes(const Shape &a, const Shape &b);

/// Whether `from` broadcasts to `to` (unidirectional, Expand / Gemm's C).
bool broadcastsTo(const Shape &from, const Shape &to);

/// Consecutive input dims that become consecutive output dims in a reshape.
struct ReshapeGroup {
  std::vector<int64_t> in, out;
};

/// Splits a reshape of `in` into `out` into the finest groups; nullopt when the sizes
/// cannot be matched group by group (the caller then reshapes through one group).
/// Both shapes have rank >= 1.
std::optional<std::vector<ReshapeGroup>> reassociate(const Shape &in, const Shape &out,
                                                     Symbols &symbols);

/// The output shape of Reshape(data of shape `in`, `shape`): 0 copies the input dim
/// (unless `allowZero`), -1 is inferred.
llvm::Expected<Shape> reshapeTarget(const Shape &in, const Tensor &shape, bool allowZero,
                                    Symbols &symbols);

/// `axis` in [-rank, rank) as a non-negative axis; nullopt when out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

} // namespace rnnc::onnximport

#endif // RNNC_COMPILER_FRONTENDS_ONNX_SHAPEINFERENCE_H
