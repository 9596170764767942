// rnn-expand-bidirectional: a bidirectional layer is a forward layer, a reverse layer
// and a merge; after this pass only directional layers remain.
#include "compiler/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace rnnc {
#define GEN_PASS_DEF_EXPANDBIDIRECTIONAL
#include "compiler/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

struct ExpandBidirectionalPattern : OpRewritePattern<BidirectionalOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BidirectionalOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MergeMode mode = op.getMergeMode();
    bool wantSeq = !op.getSequences().empty();
    bool wantLast = !op.getLastStates().empty();
    auto inputType = llvm::cast<RankedTensorType>(op.getInput().getType());
    Type elt = inputType.getElementType();

    auto makeHalf = [&](Value kernel, Value recurrent, Value bias, Value h0, ActivationAttr act,
                        Direction dir) {
      int64_t units = llvm::cast<RankedTensorType>(kernel.getType()).getDimSize(1);
      Type seqType = wantSeq ? RankedTensorType::get(
                                   {inputType.getDimSize(0), inputType.getDimSize(1), units}, elt)
                             : Type();
      Type lastType =
          wantLast ? RankedTensorType::get({inputType.getDimSize(0), units}, elt) : Type();
      return rewriter.create<SimpleRNNOp>(loc, seqType, lastType, op.getInput(), kernel, recurrent,
                                          bias, h0, op.getLengths(), op.getMask(), act,
                                          DirectionAttr::get(getContext(), dir), op.getClipAttr());
    };
    SimpleRNNOp fw =
        makeHalf(op.getForwardKernel(), op.getForwardRecurrentKernel(), op.getForwardBias(),
                 op.getForwardInitialState(), op.getActivation(), Direction::forward);
    SimpleRNNOp bw = makeHalf(op.getBackwardKernel(), op.getBackwardRecurrentKernel(),
                              op.getBackwardBias(), op.getBackwardInitialState(),
                              op.getEffectiveBackwardActivation(), Direction::reverse);

    SmallVector<Value> results;
    auto merge = [&](Value f, Value b, Type type) {
      if (mode == MergeMode::none) {
        results.push_back(f);
        results.push_back(b);
        return;
      }
      results.push_back(
          rewriter.create<MergeOp>(loc, type, MergeModeAttr::get(getContext(), mode), f, b));
    };
    if (wantSeq)
      merge(fw.getSequence(), bw.getSequence(), op.getSequences().front().getType());
    if (wantLast)
      merge(fw.getLastState(), bw.getLastState(), op.getLastStates().front().getType());
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct ExpandBidirectional : rnnc::impl::ExpandBidirectionalBase<ExpandBidirectional> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ExpandBidirectionalPattern>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
