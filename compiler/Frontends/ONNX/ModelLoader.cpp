// Reading and checking an .onnx file.
#include "compiler/Frontends/ONNX/ModelLoader.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/MemoryBuffer.h"

#include <google/protobuf/io/coded_stream.h>
#include <onnx/onnx_pb.h>

#include <limits>

using namespace mlir;

namespace rnnc::onnximport {

namespace {

/// The first initializer or Constant tensor whose data lives in another file.
const onnx::TensorProto *findExternalData(const onnx::GraphProto &graph, std::string &owner) {
  auto isExternal = [](const onnx::TensorProto &t) {
    return t.data_location() == onnx::TensorProto_DataLocation_EXTERNAL ||
           t.external_data_size() > 0;
  };
  for (const onnx::TensorProto &t : graph.initializer())
    if (isExternal(t)) {
      owner = "initializer '" + t.name() + "'";
      return &t;
    }
  for (const onnx::NodeProto &node : graph.node())
    for (const onnx::AttributeProto &a : node.attribute())
      if (a.has_t() && isExternal(a.t())) {
        owner = "node '" + node.name() + "' (" + node.op_type() + ") attribute '" + a.name() + "'";
        return &a.t();
      }
  return nullptr;
}

} // namespace

FailureOr<int64_t> loadModel(StringRef path, Location fileLoc, onnx::ModelProto &model) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (std::error_code ec = buffer.getError()) {
    emitError(fileLoc) << "cannot read the model: " << ec.message();
    return failure();
  }
  StringRef bytes = (*buffer)->getBuffer();
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    emitError(fileLoc) << "the model is larger than 2 GB, which protobuf cannot "
                          "parse; models with external data files are not supported";
    return failure();
  }
  google::protobuf::io::CodedInputStream stream(reinterpret_cast<const uint8_t *>(bytes.data()),
                                                static_cast<int>(bytes.size()));
  stream.SetTotalBytesLimit(std::numeric_limits<int>::max());
  if (!model.ParseFromCodedStream(&stream) || !stream.ConsumedEntireMessage()) {
    emitError(fileLoc) << "not a valid ONNX model: the file does not parse as an ONNX "
                          "ModelProto (truncated or not an .onnx file)";
    return failure();
  }
  if (!model.has_graph()) {
    emitError(fileLoc) << "not a valid ONNX model: it has no graph "
                          "(truncated or not an .onnx file)";
    return failure();
  }
  int64_t opset = -1;
  for (const onnx::OperatorSetIdProto &id : model.opset_import())
    if (id.domain().empty() || id.domain() == "ai.onnx")
      opset = id.version();
  if (opset < 0) {
    emitError(fileLoc) << "not a valid ONNX model: it imports no default-domain "
                          "(ai.onnx) opset";
    return failure();
  }
  if (opset < kMinOpset) {
    emitError(fileLoc) << "opset " << opset << " is not supported; rnnc imports opset " << kMinOpset
                       << " or later";
    return failure();
  }
  if (opset > kMaxOpset) {
    emitError(fileLoc) << "opset " << opset << " is not supported; rnnc imports opsets "
                       << kMinOpset << " to " << kMaxOpset;
    return failure();
  }
  std::string owner;
  if (const onnx::TensorProto *t = findExternalData(model.graph(), owner)) {
    std::string where;
    for (const onnx::StringStringEntryProto &entry : t->external_data())
      if (entry.key() == "location")
        where = " ('" + entry.value() + "')";
    emitError(fileLoc) << owner << ": the data is stored in an external file" << where
                       << ", which rnnc does not read; save the model with its "
                          "weights inside the .onnx file";
    return failure();
  }
  if (model.graph().sparse_initializer_size() > 0) {
    emitError(fileLoc) << "sparse initializers are not supported";
    return failure();
  }
  return opset;
}

} // namespace rnnc::onnximport
