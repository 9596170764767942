// The ONNX ops rnnc imports, by op type.
#include "compiler/Frontends/ONNX/Ops.h"

#include <algorithm>
#include <iterator>

namespace rnnc::onnximport {

namespace {

struct OpEntry {
  const char *opType;
  OpImporter importer;
};

// In alphabetical order, the order the "not supported" message lists them in.
constexpr OpEntry kOps[] = {
    {"Add", importBinary},
    {"ArgMax", importArgMax},
    {"ArgMin", importArgMax},
    {"Cast", importCast},
    {"Concat", importConcat},
    {"Constant", importConstant},
    {"ConstantOfShape", importConstantOfShape},
    {"Div", importBinary},
    {"Dropout", importDropout},
    {"Elu", importActivation},
    {"Expand", importExpand},
    {"Flatten", importFlatten},
    {"GRU", importGRU},
    {"Gather", importGather},
    {"Gemm", importGemm},
    {"HardSigmoid", importActivation},
    {"Identity", importIdentity},
    {"LSTM", importLSTM},
    {"LeakyRelu", importActivation},
    {"LogSoftmax", importLogSoftmax},
    {"MatMul", importMatMul},
    {"Mul", importBinary},
    {"RNN", importRNN},
    {"Range", importRange},
    {"ReduceMax", importReduce},
    {"ReduceMean", importReduce},
    {"ReduceMin", importReduce},
    {"ReduceProd", importReduce},
    {"ReduceSum", importReduce},
    {"Relu", importActivation},
    {"Reshape", importReshape},
    {"ScatterElements", importScatterElements},
    {"Shape", importShape},
    {"Sigmoid", importActivation},
    {"Slice", importSlice},
    {"Softmax", importSoftmax},
    {"Softplus", importActivation},
    {"Softsign", importActivation},
    {"Squeeze", importSqueeze},
    {"Sub", importBinary},
    {"Tanh", importActivation},
    {"ThresholdedRelu", importActivation},
    {"TopK", importTopK},
    {"Transpose", importTranspose},
    {"Unsqueeze", importUnsqueeze},
};

} // namespace

OpImporter findOpImporter(llvm::StringRef opType) {
  for (const OpEntry &op : kOps)
    if (opType == op.opType)
      return op.importer;
  return nullptr;
}

std::string supportedOpTypes() {
  std::string out;
  for (const OpEntry &op : kOps)
    out += (out.empty() ? "" : ", ") + std::string(op.opType);
  return out;
}

} // namespace rnnc::onnximport
