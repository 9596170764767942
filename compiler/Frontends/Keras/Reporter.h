// Errors of the Keras frontend, located in the model file:
// `model.h5: layer 'x' (Class): ...`.
#ifndef RNNC_COMPILER_FRONTENDS_KERAS_REPORTER_H
#define RNNC_COMPILER_FRONTENDS_KERAS_REPORTER_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

#include <string>

namespace rnnc::keras {

class Reporter {
public:
  Reporter(mlir::MLIRContext *ctx, std::string path) : ctx(ctx), path(std::move(path)) {}

  mlir::MLIRContext *getContext() const { return ctx; }
  llvm::StringRef getPath() const { return path; }
  mlir::Location loc() const { return mlir::FileLineColLoc::get(ctx, path, 0, 0); }
  mlir::InFlightDiagnostic error() const { return mlir::emitError(loc()); }
  /// An error about one layer: "layer 'name' (Class): ...".
  mlir::InFlightDiagnostic layerError(llvm::StringRef name, llvm::StringRef className) const {
    mlir::InFlightDiagnostic diag = error();
    diag << "layer '" << name << "' (" << className << "): ";
    return diag;
  }

private:
  mlir::MLIRContext *ctx;
  std::string path;
};

} // namespace rnnc::keras

#endif // RNNC_COMPILER_FRONTENDS_KERAS_REPORTER_H
