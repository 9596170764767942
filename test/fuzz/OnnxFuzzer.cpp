// Fuzzes the ONNX importer: the input is an .onnx protobuf, imported and, when the
// importer accepts it, checked by the module verifier as rnnc does.
#include "compiler/Frontends/ONNX/ONNXImporter.h"
#include "test/fuzz/FuzzSupport.h"

#include "mlir/IR/Verifier.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rnnc::fuzz::TempFile file(data, size, "onnx");
  if (file.path().empty())
    return 0;
  auto ctx = rnnc::fuzz::makeQuietContext();
  if (mlir::OwningOpRef<mlir::ModuleOp> module = rnnc::importONNXModel(file.path(), *ctx))
    (void)mlir::verify(*module);
  return 0;
}
