// rnn-expose-state: streaming models carry each layer's state between calls, so each
// layer's initial state becomes a model input and its last state a model output.
#include "compiler/Transforms/ModelFunction.h"
#include "compiler/Transforms/Passes.h"

namespace rnnc {
#define GEN_PASS_DEF_EXPOSESTATE
#include "compiler/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

Value initialState(Operation *op) {
  if (auto rnn = dyn_cast<SimpleRNNOp>(op))
    return rnn.getInitialState();
  if (auto lstm = dyn_cast<LSTMOp>(op))
    return lstm.getInitialState();
  return cast<GRUOp>(op).getInitialState();
}

/// Replaces `old`'s results by `now`'s (same order): the model's own results take the new
/// values; other users keep the type they saw (a dynamic batch may be static in one of
/// them).
void replaceLayer(OpBuilder &b, Operation *old, ArrayRef<Value> oldResults,
                  ArrayRef<Value> newResults, SmallVectorImpl<Value> &results) {
  for (auto [oldValue, to] : llvm::zip(oldResults, newResults)) {
    Value from = oldValue;
    if (!from)
      continue;
    for (Value &r : results)
      if (r == from)
        r = to;
    Value v = to;
    if (v.getType() != from.getType())
      v = b.create<tensor::CastOp>(old->getLoc(), from.getType(), v);
    from.replaceAllUsesWith(v);
  }
  old->erase();
}

/// Rebuilds a layer with `states` as its initial state(s) and every last-state result;
/// returns those results (h, and an LSTM's c).
SmallVector<Value> rebuild(OpBuilder &b, Operation *op, RankedTensorType stateType,
                           ArrayRef<Value> states, SmallVectorImpl<Value> &results) {
  Location loc = op->getLoc();
  if (auto rnn = dyn_cast<SimpleRNNOp>(op)) {
    Type seqType = rnn.getSequence() ? rnn.getSequence().getType() : Type();
    auto now = b.create<SimpleRNNOp>(loc, seqType, stateType, rnn.getInput(), rnn.getKernel(),
                                     rnn.getRecurrentKernel(), rnn.getBias(), states[0],
                                     rnn.getLengths(), rnn.getMask(), rnn.getActivation(),
                                     rnn.getDirectionAttr(), rnn.getClipAttr());
    replaceLayer(b, op, {rnn.getSequence(), rnn.getLastState()},
                 {now.getSequence(), now.getLastState()}, results);
    return {now.getLastState()};
  }
  if (auto gru = dyn_cast<GRUOp>(op)) {
    Type seqType = gru.getSequence() ? gru.getSequence().getType() : Type();
    auto now = b.create<GRUOp>(loc, seqType, stateType, gru.getInput(), gru.getKernel(),
                               gru.getRecurrentKernel(), gru.getBias(), gru.getRecurrentBias(),
                               states[0], gru.getLengths(), gru.getMask(),
                               gru.getRecurrentActivation(), gru.getActivation(),
                               gru.getDirectionAttr(), gru.getClipAttr(), gru.getResetAfterAttr());
    replaceLayer(b, op, {gru.getSequence(), gru.getLastState()},
                 {now.getSequence(), now.getLastState()}, results);
    return {now.getLastState()};
  }
  auto lstm = cast<LSTMOp>(op);
  Type seqType = lstm.getSequence() ? lstm.getSequence().getType() : Type();
  auto now =
      b.create<LSTMOp>(loc, seqType, stateType, stateType, lstm.getInput(), lstm.getKernel(),
                       lstm.getRecurrentKernel(), lstm.getBias(), lstm.getPeepholes(), states[0],
                       states[1], lstm.getLengths(), lstm.getMask(), lstm.getRecurrentActivation(),
                       lstm.getActivation(), lstm.getOutputActivationAttr(),
                       lstm.getDirectionAttr(), lstm.getClipAttr(), lstm.getInputForgetAttr());
  replaceLayer(b, op, {lstm.getSequence(), lstm.getLastState(), lstm.getLastCell()},
               {now.getSequence(), now.getLastState(), now.getLastCell()}, results);
  return {now.getLastState(), now.getLastCell()};
}

struct ExposeState : rnnc::impl::ExposeStateBase<ExposeState> {
  using ExposeStateBase::ExposeStateBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (ifMarked) {
      func::FuncOp model = rnnc::findModelFunction(module, function);
      if (!model)
        return signalPassFailure();
      if (!model->hasAttr("rnn.stateful"))
        return;
    }
    // Every function is rewritten (and every error reported) before the pass fails.
    bool failedAny = false;
    for (auto fn : module.getOps<func::FuncOp>())
      if (fn.isPublic() && !fn.isExternal() && failed(expose(fn)))
        failedAny = true;
    if (failedAny)
      signalPassFailure();
  }

  LogicalResult expose(func::FuncOp fn) {
    bool failedAny = false;
    fn.walk([&](BidirectionalOp op) {
      op.emitOpError("cannot be stateful: the backward direction reads the "
                     "whole sequence, which a chunk of it does not have");
      failedAny = true;
    });
    SmallVector<Operation *> layers;
    fn.walk([&](Operation *op) {
      if (isa<SimpleRNNOp, LSTMOp, GRUOp>(op))
        layers.push_back(op);
    });
    for (Operation *op : layers) {
      auto direction = op->getAttrOfType<DirectionAttr>("direction");
      if (direction && direction.getValue() != Direction::forward) {
        op->emitOpError() << "cannot be stateful: direction "
                          << stringifyDirection(direction.getValue())
                          << " reads each call's chunk from its end, which a stream "
                             "continuing in the next call does not have";
        failedAny = true;
      }
      auto lstm = dyn_cast<LSTMOp>(op);
      if (initialState(op) || (lstm && lstm.getInitialCell())) {
        op->emitOpError("already has an initial state; a stateful model takes "
                        "it from the previous call");
        failedAny = true;
      }
    }
    if (failedAny)
      return failure();
    if (layers.empty())
      return fn.emitError("a stateful model needs at least one recurrent layer");

    Block &entry = fn.getBody().front();
    auto ret = llvm::cast<func::ReturnOp>(entry.getTerminator());
    SmallVector<Value> results(ret.getOperands());
    SmallVector<DictionaryAttr> resultAttrs;
    for (unsigned i = 0; i < fn.getNumResults(); ++i)
      resultAttrs.push_back(fn.getResultAttrDict(i));
    OpBuilder b(fn.getContext());
    int64_t slot = 0;
    for (auto [layer, op] : llvm::enumerate(layers)) {
      auto input = llvm::cast<RankedTensorType>(op->getOperand(0).getType());
      int64_t units = llvm::cast<RankedTensorType>(op->getResult(op->getNumResults() - 1).getType())
                          .getShape()
                          .back();
      auto stateType = RankedTensorType::get({input.getDimSize(0), units}, input.getElementType());
      // A slot for h ("state<layer>"), and an LSTM's second for c ("cell<layer>"); the
      // results add "_out".
      SmallVector<std::string> names = {"state" + std::to_string(layer)};
      if (isa<LSTMOp>(op))
        names.push_back("cell" + std::to_string(layer));
      SmallVector<Value> states;
      for (auto [k, name] : llvm::enumerate(names)) {
        unsigned argNo = fn.getNumArguments();
        fn.insertArgument(
            argNo, stateType,
            b.getDictionaryAttr(
                {b.getNamedAttr("rnn.name", b.getStringAttr(name)),
                 b.getNamedAttr("rnn.state", b.getI64IntegerAttr(slot + int64_t(k)))}),
            op->getLoc());
        states.push_back(fn.getArgument(argNo));
      }
      b.setInsertionPoint(op);
      SmallVector<Value> lasts = rebuild(b, op, stateType, states, results);
      for (auto [k, last] : llvm::enumerate(lasts)) {
        results.push_back(last);
        std::string name = names[k] + "_out";
        resultAttrs.push_back(b.getDictionaryAttr(
            {b.getNamedAttr("rnn.name", b.getStringAttr(name)),
             b.getNamedAttr("rnn.state", b.getI64IntegerAttr(slot + int64_t(k)))}));
      }
      slot += lasts.size();
    }
    b.setInsertionPoint(ret);
    b.create<func::ReturnOp>(ret.getLoc(), results);
    ret.erase();
    fn.setFunctionType(b.getFunctionType(entry.getArgumentTypes(), ValueRange(results).getTypes()));
    fn.setAllResultAttrs(resultAttrs);
    return success();
  }
};

} // namespace
