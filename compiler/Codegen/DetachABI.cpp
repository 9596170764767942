// rnn-detach-abi: the model's C interface leaves the lowered module for the header and the
// descriptor, so the module that is printed or translated holds code only.
#include "compiler/Codegen/Passes.h"

namespace rnnc {
#define GEN_PASS_DEF_DETACHABI
#include "compiler/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

struct DetachABI : rnnc::impl::DetachABIBase<DetachABI> {
  DetachABI() = default;
  explicit DetachABI(rnnc::ModelSink sink) : sink(std::move(sink)) {}

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<rnnc::ModelInterface> model = rnnc::readModelInterface(module);
    if (failed(model))
      return signalPassFailure();
    module->removeAttr(rnnc::kABIAttrName);
    for (Operation &op : module.getBody()->getOperations())
      op.removeAttr(rnnc::kABIAttrName);
    if (sink)
      sink(*model);
  }

  rnnc::ModelSink sink;
};

} // namespace

std::unique_ptr<Pass> rnnc::createDetachABI(ModelSink sink) {
  return std::make_unique<DetachABI>(std::move(sink));
}
