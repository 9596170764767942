// rnn-hoist-input-projection: x·kernel + bias for every timestep (and gate) is one matrix
// product ahead of the time loop; only h·R and the cell's element-wise work stay inside it.
#include "compiler/Transforms/Passes.h"
#include "compiler/Utils/TensorUtils.h"

#include "mlir/IR/Matchers.h"
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

/// The dims of a layer's results: (batch, timesteps, units) and (batch, units).
std::pair<RankedTensorType, RankedTensorType> stateTypes(Value input, int64_t units) {
  auto inputType = llvm::cast<RankedTensorType>(input.getType());
  Type elt = inputType.getElementType();
  return {RankedTensorType::get({inputType.getDimSize(0), inputType.getDimSize(1), units}, elt),
          RankedTensorType::get({inputType.getDimSize(0), units}, elt)};
}

/// A constant vector of `values` rounded to `elt`.
Value constantVector(PatternRewriter &rewriter, Location loc, Type elt, ArrayRef<double> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())}, elt);
  return rewriter.create<arith::ConstantOp>(loc, rnnc::denseFloats(type, values));
}

std::optional<SmallVector<double>> constantValues(Value v) {
  ElementsAttr attr;
  if (v && matchPattern(v, m_Constant(&attr)))
    return rnnc::readFloatConstant(attr);
  return std::nullopt;
}

/// `a + b` of two optional vectors of one type: folded when both are constants, an
/// element-wise add otherwise; null when both are absent.
Value addVectors(PatternRewriter &rewriter, Location loc, Value a, Value b) {
  if (!a || !b)
    return a ? a : b;
  auto va = constantValues(a), vb = constantValues(b);
  if (!va || !vb)
    return rewriter.create<arith::AddFOp>(loc, a, b);
  SmallVector<double> sum;
  for (auto [x, y] : llvm::zip(*va, *vb))
    sum.push_back(x + y);
  return constantVector(rewriter, loc, llvm::cast<ShapedType>(a.getType()).getElementType(), sum);
}

/// Elements [offset, offset + size) of a vector.
Value sliceVector(PatternRewriter &rewriter, Location loc, Value v, int64_t offset, int64_t size) {
  return rewriter.create<tensor::ExtractSliceOp>(
      loc, v, ArrayRef<OpFoldResult>{rewriter.getIndexAttr(offset)},
      ArrayRef<OpFoldResult>{rewriter.getIndexAttr(size)},
      ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1)});
}

/// The gated recurrence's results as the layer's: sequence (time-flipped for
/// go_backwards), last state, and the LSTM's last cell.
void replaceGated(PatternRewriter &rewriter, Operation *op, GatedRecurrenceOp recurrence,
                  bool goBackwards, Value seq, Value last, Value lastCell) {
  SmallVector<Value> results;
  if (seq) {
    Value states = recurrence.getResult(0);
    if (goBackwards && !seq.use_empty())
      states = rnnc::emitTimeFlip(rewriter, op->getLoc(), states);
    results.push_back(states);
  }
  if (last)
    results.push_back(recurrence.getResult(1));
  if (lastCell)
    results.push_back(recurrence.getResult(2));
  rewriter.replaceOp(op, results);
}

struct HoistLSTM : OpRewritePattern<LSTMOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(LSTMOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t units = op.getUnits();
    auto [seqType, lastType] = stateTypes(op.getInput(), units);
    auto projType = RankedTensorType::get({seqType.getDimSize(0), seqType.getDimSize(1), 4 * units},
                                          seqType.getElementType());
    Value projection =
        rewriter.create<DenseOp>(loc, projType, op.getInput(), op.getKernel(), op.getBias(),
                                 ActivationAttr::get(getContext(), ActivationKind::linear));
    Value seqInit = rnnc::emitEmptyLike(rewriter, loc, seqType, op.getInput());
    Value lastInit = rnnc::emitEmptyLike(rewriter, loc, lastType, op.getInput());
    Value cellInit = rnnc::emitEmptyLike(rewriter, loc, lastType, op.getInput());
    bool goBackwards = op.getDirection() == Direction::go_backwards;
    Direction dir = goBackwards ? Direction::reverse : op.getDirection();
    auto recurrence = rewriter.create<GatedRecurrenceOp>(
        loc, TypeRange{seqType, lastType, lastType}, op.getRecurrentKernel(), projection,
        /*recurrent_bias=*/Value(), op.getPeepholes(), op.getInitialState(), op.getInitialCell(),
        op.getLengths(), op.getMask(), seqInit, lastInit, cellInit, /*scratch=*/Value(),
        CellKindAttr::get(getContext(), CellKind::lstm), op.getRecurrentActivation(),
        op.getActivation(), op.getOutputActivationAttr(), DirectionAttr::get(getContext(), dir),
        op.getClipAttr(), op.getInputForgetAttr(), /*reset_after=*/UnitAttr());
    replaceGated(rewriter, op, recurrence, goBackwards, op.getSequence(), op.getLastState(),
                 op.getLastCell());
    return success();
  }
};

struct HoistGRU : OpRewritePattern<GRUOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GRUOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t units = op.getUnits();
    auto [seqType, lastType] = stateTypes(op.getInput(), units);
    Type elt = seqType.getElementType();
    auto projType =
        RankedTensorType::get({seqType.getDimSize(0), seqType.getDimSize(1), 3 * units}, elt);
    // Every recurrent bias the reset does not scale joins the projection's bias; with
    // reset_after the h gate's stays apart, for the kernel to add inside r ⊙ (...).
    Value bias = op.getBias(), recurrentBias = op.getRecurrentBias(), kept;
    if (recurrentBias && op.getResetAfter()) {
      if (auto values = constantValues(recurrentBias)) {
        SmallVector<double> zr(*values);
        std::fill(zr.begin() + 2 * units, zr.end(), 0.0);
        kept = constantVector(rewriter, loc, elt, ArrayRef<double>(*values).drop_front(2 * units));
        recurrentBias = constantVector(rewriter, loc, elt, zr);
      } else {
        kept = sliceVector(rewriter, loc, recurrentBias, 2 * units, units);
        Value zeros = rewriter.create<arith::ConstantOp>(
            loc, DenseElementsAttr::get(RankedTensorType::get({units}, elt),
                                        rewriter.getFloatAttr(elt, 0.0)));
        recurrentBias = rewriter.create<tensor::ConcatOp>(
            loc, 0, ValueRange{sliceVector(rewriter, loc, recurrentBias, 0, 2 * units), zeros});
      }
    }
    bias = addVectors(rewriter, loc, bias, recurrentBias);
    Value projection =
        rewriter.create<DenseOp>(loc, projType, op.getInput(), op.getKernel(), bias,
                                 ActivationAttr::get(getContext(), ActivationKind::linear));
    Value seqInit = rnnc::emitEmptyLike(rewriter, loc, seqType, op.getInput());
    Value lastInit = rnnc::emitEmptyLike(rewriter, loc, lastType, op.getInput());
    Value scratch =
        op.getResetAfter() ? Value() : rnnc::emitEmptyLike(rewriter, loc, lastType, op.getInput());
    bool goBackwards = op.getDirection() == Direction::go_backwards;
    Direction dir = goBackwards ? Direction::reverse : op.getDirection();
    SmallVector<Type> resultTypes = {seqType, lastType};
    if (scratch)
      resultTypes.push_back(lastType);
    auto recurrence = rewriter.create<GatedRecurrenceOp>(
        loc, resultTypes, op.getRecurrentKernel(), projection, kept,
        /*peepholes=*/Value(), op.getInitialState(), /*initial_cell=*/Value(), op.getLengths(),
        op.getMask(), seqInit, lastInit, /*last_cell=*/Value(), scratch,
        CellKindAttr::get(getContext(), CellKind::gru), op.getRecurrentActivation(),
        op.getActivation(), /*output_activation=*/ActivationAttr(),
        DirectionAttr::get(getContext(), dir), op.getClipAttr(), /*input_forget=*/UnitAttr(),
        op.getResetAfterAttr());
    replaceGated(rewriter, op, recurrence, goBackwards, op.getSequence(), op.getLastState(),
                 Value());
    return success();
  }
};

struct HoistInputProjection : rnnc::impl::HoistInputProjectionBase<HoistInputProjection> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<HoistPattern, HoistLSTM, HoistGRU>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
