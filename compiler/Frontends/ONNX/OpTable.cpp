// The ONNX ops rnnc imports, by op type.
#include "compiler/Frontends/ONNX/Ops.h"

#include "llvm/ADT/StringSwitch.h"

namespace rnnc::onnximport {

OpImporter findOpImporter(llvm::StringRef opType) {
  return llvm::StringSwitch<OpImporter>(opType)
      .Case("Constant", importConstant)
      .Case("Shape", importShape)
      .Case("ConstantOfShape", importConstantOfShape)
      .Case("Identity", importIdentity)
      .Case("Dropout", importDropout)
      .Case("Cast", importCast)
      .Case("Reshape", importReshape)
      .Case("Squeeze", importSqueeze)
      .Case("Unsqueeze", importUnsqueeze)
      .Case("Flatten", importFlatten)
      .Case("Transpose", importTranspose)
      .Case("Concat", importConcat)
      .Case("Gather", importGather)
      .Case("Slice", importSlice)
      .Case("Expand", importExpand)
      .Cases("Add", "Sub", "Mul", "Div", importBinary)
      .Cases("Sigmoid", "Tanh", "Relu", "LeakyRelu", "Elu", importActivation)
      .Cases("HardSigmoid", "Softsign", "Softplus", "ThresholdedRelu",
             importActivation)
      .Case("Softmax", importSoftmax)
      .Case("Gemm", importGemm)
      .Case("MatMul", importMatMul)
      .Case("RNN", importRNN)
      .Default(nullptr);
}

} // namespace rnnc::onnximport
