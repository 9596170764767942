// Chooses the frontend for a model file by its extension.
#include "compiler/Frontends/Import.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

namespace rnnc {

OwningOpRef<ModuleOp> importModel(StringRef path, const ImportOptions &options,
                                  MLIRContext &ctx, llvm::SourceMgr &sourceMgr) {
  Location fileLoc = FileLineColLoc::get(&ctx, path, 0, 0);
  StringRef ext = llvm::sys::path::extension(path);
  if (!options.weightsFile.empty()) {
    emitError(fileLoc) << "--weights-file applies to Keras JSON configs only";
    return nullptr;
  }
  if (ext != ".mlir") {
    emitError(fileLoc) << "unsupported model format '" << ext
                       << "'; expected a .mlir file in the rnn dialect";
    return nullptr;
  }
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(path);
  if (std::error_code ec = buffer.getError()) {
    emitError(fileLoc) << "cannot read the model: " << ec.message();
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &ctx);
  if (module && failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace rnnc
