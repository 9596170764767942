// rnn-hoist-input-projection: x·kernel + bias for every timestep is one matrix product
// ahead of the time loop; only h·R, the add and the activation stay inside it.
#include "compiler/Transforms/Passes.h"
#include "compiler/Utils/TensorUtils.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace rnnc {
#define GEN_PASS_DEF_HOISTINPUTPROJECTION
#include "compiler/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

struct HoistPattern : OpRewritePattern<SimpleRNNOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SimpleRNNOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = llvm::cast<RankedTensorType>(op.getInput().getType());
    int64_t units = op.getUnits();
    Type elt = inputType.getElementType();
    auto seqType =
        RankedTensorType::get({inputType.getDimSize(0), inputType.getDimSize(1), units}, elt);
    auto lastType = RankedTensorType::get({inputType.getDimSize(0), units}, elt);

    Value projection =
        rewriter.create<DenseOp>(loc, seqType, op.getInput(), op.getKernel(), op.getBias(),
                                 ActivationAttr::get(getContext(), ActivationKind::linear));
    Value lastInit = rnnc::emitEmptyLike(rewriter, loc, lastType, op.getInput());

    // A go_backwards layer is a reverse layer whose outputs come in processing order.
    bool goBackwards = op.getDirection() == Direction::go_backwards;
    Direction dir = goBackwards ? Direction::reverse : op.getDirection();
    auto recurrence = rewriter.create<RecurrenceOp>(
        loc, TypeRange{seqType, lastType}, op.getRecurrentKernel(), op.getInitialState(),
        op.getLengths(), op.getMask(), projection, lastInit, op.getActivation(),
        DirectionAttr::get(getContext(), dir), op.getClipAttr());

    SmallVector<Value> results;
    if (Value seq = op.getSequence()) {
      Value states = recurrence.getResult(0);
      if (goBackwards && !seq.use_empty())
        states = rnnc::emitTimeFlip(rewriter, loc, states);
      results.push_back(states);
    }
    if (op.getLastState())
      results.push_back(recurrence.getResult(1));
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct HoistInputProjection : rnnc::impl::HoistInputProjectionBase<HoistInputProjection> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<HoistPattern>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
