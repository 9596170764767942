// The exported C entry points of a compiled model, built in LLVM IR around the lowered
// model function: <name>_run, <name>_status_message and the <name>_model descriptor.
#ifndef RNNC_COMPILER_TARGET_ENTRYPOINTS_H
#define RNNC_COMPILER_TARGET_ENTRYPOINTS_H

#include "compiler/Target/ModelInterface.h"

namespace llvm {
class Module;
} // namespace llvm

namespace rnnc {

/// Adds the entry points that call `implName` (the lowered model function, whose memref
/// arguments are expanded into LLVM's descriptor fields). With `exportFixedSymbol` the
/// descriptor is also exported as rnnc_model_descriptor (for shared libraries). Every
/// other definition becomes internal.
mlir::LogicalResult addEntryPoints(llvm::Module &module,
                                   const ModelInterface &model,
                                   llvm::StringRef implName,
                                   bool exportFixedSymbol, std::string &error);

} // namespace rnnc

#endif // RNNC_COMPILER_TARGET_ENTRYPOINTS_H
