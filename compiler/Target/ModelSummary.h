// What `rnnc --emit=summary` prints: a model's layers, shapes, parameters, FLOPs, weight and
// work buffer bytes and C entry points, read from the prepared module and its description.
#ifndef RNNC_COMPILER_TARGET_MODELSUMMARY_H
#define RNNC_COMPILER_TARGET_MODELSUMMARY_H

#include "compiler/Target/ModelInterface.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace rnnc {

/// The summary of the model function `fn` (after the prepare pipeline), described by `model`;
/// `buffers` is the same module after the buffer pipeline for `target` (packed weights,
/// planned work buffers).
std::string summarizeModel(mlir::func::FuncOp fn, const ModelInterface &model,
                           mlir::ModuleOp buffers, llvm::StringRef target);

} // namespace rnnc

#endif // RNNC_COMPILER_TARGET_MODELSUMMARY_H
