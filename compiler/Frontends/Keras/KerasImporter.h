// The Keras frontend: legacy HDF5 models (.h5/.hdf5, Keras 1-3), Keras 3 archives
// (.keras) and JSON configs (.json) with a save_weights file, into the `rnn` dialect.
#ifndef RNNC_COMPILER_FRONTENDS_KERAS_KERASIMPORTER_H
#define RNNC_COMPILER_FRONTENDS_KERAS_KERASIMPORTER_H

#include "compiler/Frontends/Import.h"

namespace rnnc {

/// Whether `path` has a Keras model extension (.h5, .hdf5, .keras, .json).
bool isKerasModelFile(llvm::StringRef path);

/// Imports a Keras model; errors are reported through the context, located in the file.
mlir::OwningOpRef<mlir::ModuleOp>
importKerasModel(llvm::StringRef path, const ImportOptions &options, mlir::MLIRContext &ctx);

} // namespace rnnc

#endif // RNNC_COMPILER_FRONTENDS_KERAS_KERASIMPORTER_H
