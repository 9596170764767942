// The `rnn` dialect class, its enums and attributes.
#ifndef RNNC_DIALECT_RNNDIALECT_H
#define RNNC_DIALECT_RNNDIALECT_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"

#include <optional>

#include "dialect/RNNDialect.h.inc"
#include "dialect/RNNEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialect/RNNAttrs.h.inc"

namespace mlir::rnn {
/// int8 packed weights (rnn-narrow-weights) end each panel with this many rows of bytes:
/// row K + j holds byte j (least significant first) of each lane's float32 scale.
inline constexpr int64_t kInt8ScaleRows = 4;
/// bf16 packed weights store each panel's rows in pairs, (2m, 2m + 1) interleaved lane by
/// lane: element v of row 2m + i sits at 2 * v + i of the pair's 2 * VW values, so one
/// 32-bit lane holds both rows' weights of a column and two bit operations widen a pair (no
/// shuffle). The rows are padded to an even count with zeros.
inline constexpr int64_t kBF16PairRows = 2;
/// int8-dot packed weights store each panel's rows in quads, (4m .. 4m + 3) interleaved lane
/// by lane: element v of row 4m + i sits at 4 * v + i of the quad's 4 * VW bytes, the
/// operand of one 8-bit dot product (AVX512_VNNI's vpdpbusd) per quad. The rows are padded
/// to a multiple of 4 with zeros, then come a quad of each lane's float32 scale and a quad
/// of its int32 128 * sum_k q[k] (the correction for the operand's offset: it is read as
/// unsigned q + 128), little-endian: one vector load each (int8-dot targets are x86).
inline constexpr int64_t kInt8QuadRows = 4;
inline constexpr int64_t kInt8SumRows = 4;
/// The rows of an int8-dot panel of reduction length `k`.
inline constexpr int64_t int8DotRows(int64_t k) {
  return (k + kInt8QuadRows - 1) / kInt8QuadRows * kInt8QuadRows + kInt8ScaleRows + kInt8SumRows;
}
} // namespace mlir::rnn

#endif // RNNC_DIALECT_RNNDIALECT_H
