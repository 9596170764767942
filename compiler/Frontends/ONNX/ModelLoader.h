// Reads an .onnx file into a ModelProto and checks what the importer relies on: a graph,
// a default-domain opset it knows, weights inside the file.
#ifndef RNNC_COMPILER_FRONTENDS_ONNX_MODELLOADER_H
#define RNNC_COMPILER_FRONTENDS_ONNX_MODELLOADER_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

namespace onnx {
class ModelProto;
} // namespace onnx

namespace rnnc::onnximport {

/// The oldest default-domain opset the importer accepts.
constexpr int64_t kMinOpset = 7;
/// The newest one whose op definitions it follows (ONNX 1.18); a later opset may have
/// changed an op's meaning, and a far larger number is a damaged file.
constexpr int64_t kMaxOpset = 23;

/// Parses `path` into `model` and returns its default-domain opset; errors are emitted
/// at `fileLoc`. Never aborts on corrupt input.
mlir::FailureOr<int64_t> loadModel(llvm::StringRef path, mlir::Location fileLoc,
                                   onnx::ModelProto &model);

} // namespace rnnc::onnximport

#endif // RNNC_COMPILER_FRONTENDS_ONNX_MODELLOADER_H
