// Finds the model function of a module, with the errors that say why there is none.
#include "compiler/Transforms/ModelFunction.h"

using namespace mlir;

namespace rnnc {

func::FuncOp findModelFunction(ModuleOp module, StringRef name) {
  SmallVector<func::FuncOp> candidates;
  for (auto fn : module.getOps<func::FuncOp>())
    if (name.empty() ? fn.isPublic() && !fn.isExternal() : fn.getSymName() == name)
      candidates.push_back(fn);
  if (candidates.size() == 1) {
    if (candidates.front().isExternal()) {
      emitError(candidates.front().getLoc())
          << "function '" << candidates.front().getSymName() << "' has no body to compile";
      return nullptr;
    }
    return candidates.front();
  }
  if (!name.empty()) {
    emitError(module.getLoc()) << "no function named '" << name << "'";
  } else if (candidates.empty() && !module.getOps<ModuleOp>().empty()) {
    // Two `module {}` blocks in one file parse as modules nested in an implicit one.
    emitError(module.getLoc()) << "the file holds " << llvm::range_size(module.getOps<ModuleOp>())
                               << " modules; rnnc compiles the functions of one top-level module";
  } else if (candidates.empty()) {
    emitError(module.getLoc()) << "the model has no public function to compile";
  } else {
    auto diag = emitError(module.getLoc()) << "the model has " << candidates.size()
                                           << " public functions; choose one with --function:";
    for (auto fn : candidates)
      diag << " " << fn.getSymName();
  }
  return nullptr;
}

} // namespace rnnc
