// The model descriptor of a compiled model (rnnc_model in model_abi.h), added to the LLVM
// module after translation around the entry points rnn-wrap-entry-points built.
#ifndef RNNC_COMPILER_TARGET_MODELDESCRIPTOR_H
#define RNNC_COMPILER_TARGET_MODELDESCRIPTOR_H

#include "compiler/Target/ModelInterface.h"

namespace llvm {
class Module;
} // namespace llvm

namespace rnnc {

/// Makes every definition but <name>_run, <name>_run_parallel and
/// <name>_status_message internal, then adds `<name>_model`, which points at
/// <name>_invoke, <name>_status_message and <name>_invoke_with. With `exportFixedSymbol`
/// it is also exported as rnnc_model_descriptor (for shared libraries).
mlir::LogicalResult addModelDescriptor(llvm::Module &module, const ModelInterface &model,
                                       bool exportFixedSymbol, std::string &error);

} // namespace rnnc

#endif // RNNC_COMPILER_TARGET_MODELDESCRIPTOR_H
