// Passes from bufferized kernels to code LLVM can compile well.
#ifndef RNNC_COMPILER_CODEGEN_PASSES_H
#define RNNC_COMPILER_CODEGEN_PASSES_H

#include "compiler/Target/ModelInterface.h"
#include "dialect/RNNOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <functional>

namespace rnnc {

#define GEN_PASS_DECL
#include "compiler/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Codegen/Passes.h.inc"

/// Receives the external weights' bytes and their layout fingerprint.
using WeightsSink = std::function<void(llvm::ArrayRef<char> bytes, uint64_t fingerprint)>;
/// rnn-detach-weights handing the blob to `sink` before it leaves the module.
std::unique_ptr<mlir::Pass> createDetachWeights(WeightsSink sink);
/// Receives the model's C interface, as the pipeline recorded it.
using ModelSink = std::function<void(const ModelInterface &model)>;
/// rnn-detach-abi handing the description to `sink` before it leaves the module.
std::unique_ptr<mlir::Pass> createDetachABI(ModelSink sink);

} // namespace rnnc

#endif // RNNC_COMPILER_CODEGEN_PASSES_H
