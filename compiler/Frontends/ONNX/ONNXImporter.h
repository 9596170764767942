// The ONNX frontend: an .onnx model into one public function in the `rnn` dialect.
#ifndef RNNC_COMPILER_FRONTENDS_ONNX_ONNXIMPORTER_H
#define RNNC_COMPILER_FRONTENDS_ONNX_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace rnnc {

/// Imports the .onnx file at `path`: one public function named after the file stem,
/// whose arguments and results are the graph's inputs and outputs (named by
/// {rnn.name = "..."}). Initializers that are not graph inputs become constants; graph
/// inputs (with or without an initializer) are run-time arguments. Errors are emitted
/// located in the file and name the node, op type and attribute; returns null on failure.
mlir::OwningOpRef<mlir::ModuleOp> importONNXModel(llvm::StringRef path, mlir::MLIRContext &ctx);

} // namespace rnnc

#endif // RNNC_COMPILER_FRONTENDS_ONNX_ONNXIMPORTER_H
