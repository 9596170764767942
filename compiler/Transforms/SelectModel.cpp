// rnn-select-model: the lowering and the entry points work on one function, the model,
// under the name the entry points call (<name>_impl); nothing else is compiled.
#include "compiler/Transforms/ModelFunction.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

namespace rnnc {
#define GEN_PASS_DEF_SELECTMODEL
#include "compiler/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

struct SelectModel : rnnc::impl::SelectModelBase<SelectModel> {
  using SelectModelBase::SelectModelBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp fn = rnnc::findModelFunction(module, function);
    if (!fn)
      return signalPassFailure();
    std::string implName = (name.empty() ? fn.getSymName().str() : name.getValue()) + "_impl";
    for (auto other : module.getOps<func::FuncOp>())
      if (other != fn && other.isPublic())
        other.setPrivate();
    // A private function named by `function` is the model too: symbol DCE must keep it.
    fn.setPublic();
    OpPassManager dce(ModuleOp::getOperationName());
    dce.addPass(createSymbolDCEPass());
    if (failed(runPipeline(dce, module)))
      return signalPassFailure();
    // The lowering bufferizes one function with the C ABI's buffers; a call to another
    // tensor function reached LLVM IR translation unlowered (an internal error).
    WalkResult calls = fn.walk([](func::CallOp call) {
      call.emitOpError() << "calls '@" << call.getCallee()
                         << "'; rnnc compiles the model as one function: inline the callee";
      return WalkResult::interrupt();
    });
    if (calls.wasInterrupted())
      return signalPassFailure();
    // Renaming does not update calls: a model function still called after the other
    // functions' dead code is gone (it calls itself, or a function it calls does) would
    // leave them dangling, and it cannot take the buffer-passing signature anyway.
    if (!SymbolTable::symbolKnownUseEmpty(fn, module)) {
      emitError(fn.getLoc()) << "model function '" << fn.getSymName()
                             << "' is called inside the module; only an uncalled public "
                                "function can be compiled (make its callees private)";
      return signalPassFailure();
    }
    fn.setSymName(implName);
  }
};

} // namespace
