// Reads a model file into the `rnn` dialect, choosing the frontend by file extension.
#ifndef RNNC_COMPILER_FRONTENDS_IMPORT_H
#define RNNC_COMPILER_FRONTENDS_IMPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace rnnc {

struct ImportOptions {
  /// Weights for a config-only model (Keras `model.to_json()`): a `save_weights` file.
  std::string weightsFile;
};

/// Imports `path`. Errors are reported through the context's diagnostic handler, located
/// in the file; returns null on failure.
mlir::OwningOpRef<mlir::ModuleOp> importModel(llvm::StringRef path, const ImportOptions &options,
                                              mlir::MLIRContext &ctx, llvm::SourceMgr &sourceMgr);

} // namespace rnnc

#endif // RNNC_COMPILER_FRONTENDS_IMPORT_H
