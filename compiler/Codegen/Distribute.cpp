// rnn-distribute: a worker copy of each model function, in which every worker runs the
// whole function, sharing out the kernels and meeting at barriers between them.
#include "compiler/Codegen/Passes.h"
#include "compiler/Utils/ModelABI.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace rnnc {
#define GEN_PASS_DEF_DISTRIBUTE
#include "compiler/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

/// Whether `op` (with its regions) may write memory.
bool mayWrite(Operation *op) {
  std::optional<SmallVector<MemoryEffects::EffectInstance>> effects = getEffectsRecursively(op);
  if (!effects)
    return true;
  return llvm::any_of(*effects, [](const MemoryEffects::EffectInstance &e) {
    return !isa<MemoryEffects::Read>(e.getEffect());
  });
}

struct Distribute : rnnc::impl::DistributeBase<Distribute> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    SmallVector<func::FuncOp> entries;
    for (auto fn : module.getOps<func::FuncOp>())
      if (fn.isPublic() && !fn.isExternal())
        entries.push_back(fn);
    if (entries.empty())
      return;
    Type ptr = LLVM::LLVMPointerType::get(ctx);
    OpBuilder mb = OpBuilder::atBlockEnd(module.getBody());
    if (!module.lookupSymbol(rnnc::kBarrierSymbol)) {
      auto barrier = mb.create<func::FuncOp>(module.getLoc(), rnnc::kBarrierSymbol,
                                             FunctionType::get(ctx, {ptr, mb.getIndexType()}, {}));
      barrier.setPrivate();
    }
    for (func::FuncOp fn : entries) {
      if (!fn.getBody().hasOneBlock() || fn.getNumResults() != 0) {
        fn.emitOpError("cannot be distributed: expected one block and no results");
        return signalPassFailure();
      }
      auto worker = cast<func::FuncOp>(fn->clone());
      worker.setSymName((fn.getSymName() + "_worker").str());
      worker.setPrivate();
      mb.insert(worker);
      unsigned n = worker.getNumArguments();
      Location loc = fn.getLoc();
      worker.insertArgument(n, mb.getIndexType(), {}, loc);
      worker.insertArgument(n + 1, mb.getIndexType(), {}, loc);
      worker.insertArgument(n + 2, ptr, {}, loc);
      worker->setAttr("rnn.workers",
                      DenseI64ArrayAttr::get(ctx, {int64_t(n), int64_t(n + 1), int64_t(n + 2)}));
      if (failed(distribute(worker, worker.getArgument(n), worker.getArgument(n + 1),
                            worker.getArgument(n + 2))))
        return signalPassFailure();
    }
  }

  LogicalResult distribute(func::FuncOp fn, Value index, Value count, Value sync) {
    Block &body = fn.getBody().front();
    for (Operation &op : llvm::make_early_inc_range(body.without_terminator())) {
      OpBuilder b(&op);
      Location loc = op.getLoc();
      auto barrierAfter = [&] {
        b.setInsertionPointAfter(&op);
        b.create<func::CallOp>(loc, rnnc::kBarrierSymbol, TypeRange{}, ValueRange{sync, count});
      };
      if (isa<rnn::MatmulOp, rnn::RecurrenceOp, rnn::GatedRecurrenceOp>(op)) {
        barrierAfter(); // rnn-lower-kernels shares the kernel out
        continue;
      }
      // Buffers are planned later (rnn-plan-workspace); reading is safe on any worker.
      if (isa<memref::AllocOp, memref::DeallocOp, memref::AllocaOp>(op) || !mayWrite(&op))
        continue;
      if (!op.use_empty())
        return op.emitOpError("cannot be distributed: writes memory and has results");
      Value first = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, index,
                                            b.create<arith::ConstantIndexOp>(loc, 0));
      auto onFirst = b.create<scf::IfOp>(loc, first, /*withElse=*/false);
      op.moveBefore(onFirst.thenBlock()->getTerminator());
      b.setInsertionPointAfter(onFirst);
      b.create<func::CallOp>(loc, rnnc::kBarrierSymbol, TypeRange{}, ValueRange{sync, count});
    }
    return success();
  }
};

} // namespace
