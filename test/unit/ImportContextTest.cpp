// The importers as a library: each loads the dialects it builds, so a caller's bare
// MLIRContext is enough (found by the keras-json fuzzer, which aborted in func.func).
#include "compiler/Frontends/Keras/KerasImporter.h"
#include "compiler/Frontends/ONNX/ONNXImporter.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <string>

namespace {

const std::string kInputs = RNNC_SOURCE_DIR "/test/Frontends";

TEST(ImportContext, KerasJsonConfigInABareContext) {
  mlir::MLIRContext ctx;
  rnnc::ImportOptions options{kInputs + "/Keras/Inputs/k3_json.weights.h5"};
  auto module = rnnc::importKerasModel(kInputs + "/Keras/Inputs/k3_json.json", options, ctx);
  EXPECT_TRUE(module);
}

TEST(ImportContext, KerasH5ModelInABareContext) {
  mlir::MLIRContext ctx;
  auto module = rnnc::importKerasModel(kInputs + "/Keras/Inputs/k2_simple_seq.h5", {}, ctx);
  EXPECT_TRUE(module);
}

TEST(ImportContext, OnnxModelInABareContext) {
  mlir::MLIRContext ctx;
  auto module = rnnc::importONNXModel(kInputs + "/ONNX/Inputs/torch/rnn_one_layer.onnx", ctx);
  EXPECT_TRUE(module);
}

} // namespace
