// rnn-detach-weights: the weights blob leaves the module for its own file, so the lowered
// module that is printed or translated holds code only.
#include "compiler/Codegen/Passes.h"

#include "mlir/IR/DialectResourceBlobManager.h"

namespace rnnc {
#define GEN_PASS_DEF_DETACHWEIGHTS
#include "compiler/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

struct DetachWeights : rnnc::impl::DetachWeightsBase<DetachWeights> {
  DetachWeights() = default;
  explicit DetachWeights(rnnc::WeightsSink sink) : sink(std::move(sink)) {}

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto blob = module->getAttrOfType<DenseResourceElementsAttr>("rnn.weights");
    auto print = module->getAttrOfType<IntegerAttr>("rnn.weights_fingerprint");
    AsmResourceBlob *data = blob ? blob.getRawHandle().getBlob() : nullptr;
    // Without a blob the sink is not called; the driver reports the weights missing.
    if (data && print && sink)
      sink(data->getData(), uint64_t(print.getInt()));
    module->removeAttr("rnn.weights");
    module->removeAttr("rnn.weights_fingerprint");
  }

  rnnc::WeightsSink sink;
};

} // namespace

std::unique_ptr<Pass> rnnc::createDetachWeights(WeightsSink sink) {
  return std::make_unique<DetachWeights>(std::move(sink));
}
