// What `rnnc --emit=summary` prints: a model's layers, shapes, parameters, FLOPs, weight bytes
// and C entry points, read from the prepared module and its description.
#ifndef RNNC_COMPILER_TARGET_MODELSUMMARY_H
#define RNNC_COMPILER_TARGET_MODELSUMMARY_H

#include "compiler/Target/ModelInterface.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <string>

namespace rnnc {

/// The summary of the model function `fn` (after the prepare pipeline), described by `model`.
std::string summarizeModel(mlir::func::FuncOp fn, const ModelInterface &model);

} // namespace rnnc

#endif // RNNC_COMPILER_TARGET_MODELSUMMARY_H
