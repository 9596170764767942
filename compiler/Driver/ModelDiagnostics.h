// Prints diagnostics located in a model file that has no line structure (ONNX protobuf,
// HDF5, a .keras archive) as `file: error: ...`: their `file:0:0` is not a position, and
// the message itself names the node or layer.
#ifndef RNNC_COMPILER_DRIVER_MODELDIAGNOSTICS_H
#define RNNC_COMPILER_DRIVER_MODELDIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"

namespace rnnc {

/// Installed after the SourceMgr handler, so it sees each diagnostic first and passes on
/// those with a real position.
class ModelDiagnosticHandler {
public:
  explicit ModelDiagnosticHandler(mlir::MLIRContext &ctx);
  ~ModelDiagnosticHandler();

private:
  mlir::MLIRContext &ctx;
  mlir::DiagnosticEngine::HandlerID id;
};

} // namespace rnnc

#endif // RNNC_COMPILER_DRIVER_MODELDIAGNOSTICS_H
