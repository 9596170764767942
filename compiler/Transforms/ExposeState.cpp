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
    SmallVector<SimpleRNNOp> layers;
    fn.walk([&](SimpleRNNOp op) { layers.push_back(op); });
    for (SimpleRNNOp op : layers)
      if (op.getInitialState()) {
        op.emitOpError("already has an initial state; a stateful model takes "
                       "it from the previous call");
        failedAny = true;
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
    for (auto [index, op] : llvm::enumerate(layers)) {
      auto inType = llvm::cast<RankedTensorType>(op.getInput().getType());
      auto stateType =
          RankedTensorType::get({inType.getDimSize(0), op.getUnits()}, inType.getElementType());
      unsigned argNo = fn.getNumArguments();
      std::string name = "state" + std::to_string(index);
      fn.insertArgument(
          argNo, stateType,
          b.getDictionaryAttr({b.getNamedAttr("rnn.name", b.getStringAttr(name)),
                               b.getNamedAttr("rnn.state", b.getI64IntegerAttr(index))}),
          op.getLoc());
      // The layer, rebuilt with the state as its initial state and a last result.
      b.setInsertionPoint(op);
      Type seqType = op.getSequence() ? op.getSequence().getType() : Type();
      auto stateful = b.create<SimpleRNNOp>(
          op.getLoc(), seqType, stateType, op.getInput(), op.getKernel(), op.getRecurrentKernel(),
          op.getBias(), fn.getArgument(argNo), op.getLengths(), op.getMask(), op.getActivation(),
          op.getDirectionAttr(), op.getClipAttr());
      if (op.getSequence())
        op.getSequence().replaceAllUsesWith(stateful.getSequence());
      if (op.getLastState()) {
        // Users keep the old type (a dynamic batch may be static in one of them).
        Value last = stateful.getLastState();
        if (last.getType() != op.getLastState().getType())
          last = b.create<tensor::CastOp>(op.getLoc(), op.getLastState().getType(), last);
        op.getLastState().replaceAllUsesWith(last);
      }
      for (Value &v : results)
        if (v.getDefiningOp() == op.getOperation())
          v = v == op.getSequence() ? stateful.getSequence() : stateful.getLastState();
      op.erase();
      results.push_back(stateful.getLastState());
      resultAttrs.push_back(
          b.getDictionaryAttr({b.getNamedAttr("rnn.name", b.getStringAttr(name + "_out")),
                               b.getNamedAttr("rnn.state", b.getI64IntegerAttr(index))}));
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
