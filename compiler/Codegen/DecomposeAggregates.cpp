// rnn-decompose-aggregates: linalg.softmax and tensor.concat into ops that bufferize in
// place and lower to loops (upstream has the decompositions but no pass for softmax).
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace rnnc {
#define GEN_PASS_DEF_DECOMPOSEAGGREGATES
#include "compiler/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

struct DecomposeAggregatedOp : OpInterfaceRewritePattern<linalg::AggregatedOpInterface> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;
  LogicalResult matchAndRewrite(linalg::AggregatedOpInterface op,
                                PatternRewriter &rewriter) const override {
    FailureOr<SmallVector<Value>> results = op.decomposeOperation(rewriter);
    if (failed(results))
      return rewriter.notifyMatchFailure(op, "cannot be decomposed");
    rewriter.replaceOp(op, *results);
    return success();
  }
};

struct DecomposeAggregates : rnnc::impl::DecomposeAggregatesBase<DecomposeAggregates> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<DecomposeAggregatedOp>(&getContext());
    tensor::populateDecomposeTensorConcatPatterns(patterns);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
