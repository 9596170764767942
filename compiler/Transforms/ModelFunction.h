// The model function of a module: the one public function rnnc compiles (or the one named),
// found the same way by the driver and by the passes that act on it.
#ifndef RNNC_COMPILER_TRANSFORMS_MODELFUNCTION_H
#define RNNC_COMPILER_TRANSFORMS_MODELFUNCTION_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace rnnc {

/// The function named `name`, or with an empty name the only public function with a body.
/// Emits a located error and returns null when there is none, several, or it has no body.
mlir::func::FuncOp findModelFunction(mlir::ModuleOp module, llvm::StringRef name);

} // namespace rnnc

#endif // RNNC_COMPILER_TRANSFORMS_MODELFUNCTION_H
