// Chooses the frontend for a model file by its extension; refuses weights holding NaN.
#include "compiler/Frontends/Import.h"
#include "compiler/Frontends/Keras/KerasImporter.h"
#include "compiler/Frontends/ONNX/ONNXImporter.h"
#include "compiler/Utils/NaNReport.h"
#include "compiler/Utils/TensorUtils.h"
#include "dialect/RNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include <cstring>

using namespace mlir;

namespace rnnc {

namespace {

bool holdsNaN(const FloatBytes &data) {
  auto scan = [&](auto zero) {
    using T = decltype(zero);
    const char *p = data.bytes.data();
    for (size_t i = 0; i < data.bytes.size(); i += sizeof(T)) {
      T v;
      std::memcpy(&v, p + i, sizeof(T));
      if (v != v)
        return true;
    }
    return false;
  };
  return data.width == 4 ? scan(0.0f) : scan(0.0);
}

/// Fails on the first float constant holding a NaN. The Keras and ONNX importers check their
/// weights as they read them (naming the dataset or initializer); this also covers
/// rnn-dialect files and constants an importer computed.
LogicalResult checkNoNaNWeights(ModuleOp module) {
  WalkResult walk = module.walk([](arith::ConstantOp op) {
    auto attr = llvm::dyn_cast<ElementsAttr>(op.getValue());
    if (!attr || !llvm::isa<FloatType>(attr.getElementType()))
      return WalkResult::advance();
    // Most weights hold no NaN: their bytes are scanned in place, and only a constant that
    // holds one is read out to describe where.
    if (std::optional<FloatBytes> data = floatBytes(attr); data && !holdsNaN(*data))
      return WalkResult::advance();
    // A splat is one value, however large its type (reading it out would materialise it).
    std::optional<SmallVector<double>> values;
    if (auto dense = llvm::dyn_cast<DenseElementsAttr>(attr); dense && dense.isSplat())
      values = SmallVector<double>{dense.getSplatValue<APFloat>().convertToDouble()};
    else
      values = readFloatConstant(attr);
    if (!values)
      return WalkResult::advance();
    SmallVector<int64_t> dims(attr.getShapedType().getShape());
    if (values->size() == 1)
      dims.assign(dims.size(), 1);
    std::optional<std::string> nan = describeNaNs(ArrayRef<double>(*values), dims);
    if (!nan)
      return WalkResult::advance();
    op.emitError() << "weights " << attr.getShapedType() << " hold " << *nan;
    return WalkResult::interrupt();
  });
  return failure(walk.wasInterrupted());
}

OwningOpRef<ModuleOp> importByFormat(StringRef path, const ImportOptions &options, MLIRContext &ctx,
                                     llvm::SourceMgr &sourceMgr) {
  Location fileLoc = FileLineColLoc::get(&ctx, path, 0, 0);
  StringRef ext = llvm::sys::path::extension(path);
  // Every importer reads the whole file into memory: a device or pipe (/dev/zero, a
  // FIFO) would be read until memory runs out.
  llvm::sys::fs::file_status status;
  if (!llvm::sys::fs::status(path, status) && llvm::sys::fs::exists(status) &&
      status.type() != llvm::sys::fs::file_type::regular_file) {
    emitError(fileLoc) << "cannot read the model: "
                       << (llvm::sys::fs::is_directory(status) ? "it is a directory"
                                                               : "not a regular file");
    return nullptr;
  }
  if (isKerasModelFile(path))
    return importKerasModel(path, options, ctx);
  if (!options.weightsFile.empty()) {
    emitError(fileLoc) << "--weights-file applies to Keras JSON configs only";
    return nullptr;
  }
  if (ext == ".onnx") {
    OwningOpRef<ModuleOp> module = importONNXModel(path, ctx);
    if (module && failed(verify(*module)))
      return nullptr;
    return module;
  }
  if (ext != ".mlir") {
    emitError(fileLoc) << "unsupported model format '" << ext
                       << "'; expected .h5, .hdf5, .keras, .json (Keras), .onnx "
                          "or .mlir (the rnn dialect)";
    return nullptr;
  }
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(path);
  if (std::error_code ec = buffer.getError()) {
    emitError(fileLoc) << "cannot read the model: " << ec.message();
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &ctx);
  if (module && (failed(rnnc::checkWeightsPresent(*module)) || failed(verify(*module))))
    return nullptr;
  return module;
}

} // namespace

OwningOpRef<ModuleOp> importModel(StringRef path, const ImportOptions &options, MLIRContext &ctx,
                                  llvm::SourceMgr &sourceMgr) {
  OwningOpRef<ModuleOp> module = importByFormat(path, options, ctx, sourceMgr);
  if (module && failed(checkNoNaNWeights(*module)))
    return nullptr;
  // Dense layers take the bias and activation that follow them, from any frontend.
  if (module)
    rnn::fuseDenseLayers(*module);
  return module;
}

} // namespace rnnc
