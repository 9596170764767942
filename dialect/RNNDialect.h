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

#endif // RNNC_DIALECT_RNNDIALECT_H
