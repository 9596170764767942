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
} // namespace mlir::rnn

#endif // RNNC_DIALECT_RNNDIALECT_H
