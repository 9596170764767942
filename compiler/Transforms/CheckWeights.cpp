// rnn-check-weights: a module whose weights were printed elided is refused before any pass
// reads them, so rnn-opt's pipelines fail where rnnc's import does.
#include "compiler/Transforms/Passes.h"
#include "compiler/Utils/TensorUtils.h"

namespace rnnc {
#define GEN_PASS_DEF_CHECKWEIGHTS
#include "compiler/Transforms/Passes.h.inc"
} // namespace rnnc

namespace {

struct CheckWeights : rnnc::impl::CheckWeightsBase<CheckWeights> {
  void runOnOperation() override {
    if (failed(rnnc::checkWeightsPresent(getOperation())))
      signalPassFailure();
  }
};

} // namespace
