// rnn-split-empty-tensors: one use per tensor.empty, so that eliminating an empty tensor
// into one output's buffer cannot make another result share that buffer.
#include "compiler/Codegen/Passes.h"

namespace rnnc {
#define GEN_PASS_DEF_SPLITEMPTYTENSORS
#include "compiler/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {
struct SplitEmptyTensors : rnnc::impl::SplitEmptyTensorsBase<SplitEmptyTensors> {
  void runOnOperation() override {
    SmallVector<tensor::EmptyOp> shared;
    getOperation()->walk([&](tensor::EmptyOp op) {
      if (!op->hasOneUse() && !op->use_empty())
        shared.push_back(op);
    });
    OpBuilder b(&getContext());
    for (tensor::EmptyOp op : shared) {
      // Every use but the first gets a clone just before its user.
      SmallVector<OpOperand *> uses;
      for (OpOperand &use : op->getUses())
        uses.push_back(&use);
      // In program order where the users share a block (the original stays with the
      // first); any order is correct, since the original dominates every use.
      if (llvm::all_of(uses,
                       [&](OpOperand *u) { return u->getOwner()->getBlock() == op->getBlock(); }))
        llvm::sort(uses, [](OpOperand *x, OpOperand *y) {
          return x->getOwner()->isBeforeInBlock(y->getOwner());
        });
      for (OpOperand *use : llvm::drop_begin(uses)) {
        b.setInsertionPoint(use->getOwner());
        use->set(b.clone(*op)->getResult(0));
      }
    }
  }
};
} // namespace
