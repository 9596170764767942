// Passes that rewrite `rnn` layers on tensors into their kernel form.
#ifndef RNNC_COMPILER_TRANSFORMS_PASSES_H
#define RNNC_COMPILER_TRANSFORMS_PASSES_H

#include "dialect/RNNOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace rnnc {

#define GEN_PASS_DECL
#include "compiler/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Transforms/Passes.h.inc"

} // namespace rnnc

#endif // RNNC_COMPILER_TRANSFORMS_PASSES_H
