// Conversions from the `rnn` dialect to upstream dialects.
#ifndef RNNC_COMPILER_CONVERSION_PASSES_H
#define RNNC_COMPILER_CONVERSION_PASSES_H

#include "dialect/RNNOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace rnnc {

#define GEN_PASS_DECL
#include "compiler/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Conversion/Passes.h.inc"

} // namespace rnnc

#endif // RNNC_COMPILER_CONVERSION_PASSES_H
