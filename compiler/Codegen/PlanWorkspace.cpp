// rnn-plan-workspace: a model function's work buffers go on the stack when small and
// static, else into one heap block allocated and checked before any work, so running out
// of memory is a status the caller sees rather than a crash.
#include "compiler/Codegen/Passes.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace rnnc {
#define GEN_PASS_DEF_PLANWORKSPACE
#include "compiler/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

constexpr int64_t kAlignment = 64;
constexpr int32_t kOutOfMemory = 3; // RNNC_ERR_OUT_OF_MEMORY
// A single buffer above this is reported as out of memory; the bound leaves headroom so
// that adding up the buffers' sizes cannot wrap.
constexpr int64_t kMaxBufferBytes = int64_t(1) << 56;

int64_t alignUp(int64_t bytes) {
  return (bytes + kAlignment - 1) / kAlignment * kAlignment;
}

struct PlanWorkspace : rnnc::impl::PlanWorkspaceBase<PlanWorkspace> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp fn = getOperation();
    if (fn.isExternal())
      return;
    SmallVector<memref::AllocOp> allocs;
    SmallVector<memref::DeallocOp> deallocs;
    fn.walk([&](memref::AllocOp op) { allocs.push_back(op); });
    fn.walk([&](memref::DeallocOp op) { deallocs.push_back(op); });
    if (allocs.empty())
      return;
    if (failed(checkPlannable(fn, allocs, deallocs)))
      return signalPassFailure();
    for (memref::DeallocOp op : deallocs)
      op.erase();

    int64_t staticBytes = 0;
    bool allStatic = true;
    for (memref::AllocOp op : allocs) {
      MemRefType type = op.getType();
      if (!type.hasStaticShape()) {
        allStatic = false;
        break;
      }
      staticBytes += alignUp(type.getNumElements() * elementBytes(type));
      if (staticBytes > stackLimit)
        break;
    }
    if (allStatic && staticBytes <= stackLimit)
      placeOnStack(fn, allocs);
    else
      placeInHeapBlock(fn, allocs);
  }

private:
  // As LLVM stores them: an i1 takes a byte.
  static int64_t elementBytes(MemRefType type) {
    return (type.getElementType().getIntOrFloatBitWidth() + 7) / 8;
  }

  // Buffers allocated at the function's top level with an identity layout and freed by a
  // dealloc there: what bufferization makes of a model's intermediate tensors.
  LogicalResult checkPlannable(func::FuncOp fn, ArrayRef<memref::AllocOp> allocs,
                               ArrayRef<memref::DeallocOp> deallocs) {
    if (!fn.getBody().hasOneBlock() || fn.getNumResults() != 0)
      return fn.emitOpError("has work buffers but is not a single-block function "
                            "without results");
    for (memref::AllocOp op : allocs) {
      MemRefType type = op.getType();
      if (op->getParentOp() != fn)
        return op.emitOpError("work buffer allocated inside a region");
      if (!type.getLayout().isIdentity() || op.getSymbolOperands().size() != 0 ||
          !type.getElementType().isIntOrFloat())
        return op.emitOpError("work buffer of type ")
               << type << " cannot be planned";
    }
    for (memref::DeallocOp op : deallocs)
      if (op->getParentOp() != fn || !op.getMemref().getDefiningOp<memref::AllocOp>())
        return op.emitOpError("frees a buffer that is not a top-level work buffer");
    return success();
  }

  void placeOnStack(func::FuncOp fn, ArrayRef<memref::AllocOp> allocs) {
    // At the very start, so LLVM sees fixed-size allocas in the entry block.
    OpBuilder b = OpBuilder::atBlockBegin(&fn.getBody().front());
    for (memref::AllocOp op : allocs) {
      auto alloca = b.create<memref::AllocaOp>(op.getLoc(), op.getType(),
                                               b.getI64IntegerAttr(kAlignment));
      op.replaceAllUsesWith(alloca.getResult());
      op.erase();
    }
  }

  void placeInHeapBlock(func::FuncOp fn, ArrayRef<memref::AllocOp> allocs) {
    Block &body = fn.getBody().front();
    memref::AllocOp first = allocs.front();
    for (memref::AllocOp op : allocs)
      if (op->isBeforeInBlock(first))
        first = op;

    // The dynamic sizes (dims of the arguments) are computed before the first buffer.
    SetVector<Operation *> slice;
    BackwardSliceOptions options;
    options.filter = [&](Operation *op) { return op->getBlock() == &body; };
    for (memref::AllocOp op : allocs)
      for (Value size : op.getDynamicSizes())
        if (Operation *def = size.getDefiningOp())
          if (def->getBlock() == &body) {
            getBackwardSlice(def, &slice, options);
            slice.insert(def);
          }
    SmallVector<Operation *> toMove(slice.begin(), slice.end());
    llvm::sort(toMove, [](Operation *x, Operation *y) { return x->isBeforeInBlock(y); });
    for (Operation *op : toMove)
      if (first->isBeforeInBlock(op))
        op->moveBefore(first);

    Location loc = fn.getLoc();
    OpBuilder b(first);
    Type i64 = b.getI64Type();
    auto constI64 = [&](int64_t v) { return b.create<arith::ConstantIntOp>(loc, v, 64); };
    Value overflow = b.create<arith::ConstantIntOp>(loc, 0, 1);
    Value limit = constI64(kMaxBufferBytes);
    Value total = constI64(0);
    SmallVector<Value> offsets;
    for (memref::AllocOp op : allocs) {
      MemRefType type = op.getType();
      int64_t staticPart = elementBytes(type);
      for (int64_t d : type.getShape())
        if (!ShapedType::isDynamic(d))
          staticPart *= d;
      Value bytes = constI64(staticPart);
      for (Value size : op.getDynamicSizes()) {
        Value dim = b.create<arith::IndexCastUIOp>(loc, i64, size);
        auto product = b.create<arith::MulUIExtendedOp>(loc, bytes, dim);
        bytes = product.getLow();
        Value high = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne,
                                             product.getHigh(), constI64(0));
        Value tooBig =
            b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ugt, bytes, limit);
        overflow = b.create<arith::OrIOp>(
            loc, overflow, b.create<arith::OrIOp>(loc, high, tooBig));
      }
      offsets.push_back(total);
      Value aligned = b.create<arith::AndIOp>(
          loc, b.create<arith::AddIOp>(loc, bytes, constI64(kAlignment - 1)),
          constI64(-kAlignment));
      total = b.create<arith::AddIOp>(loc, total, aligned);
    }
    // An overflowing size asks for nothing; the status check below still fails.
    total = b.create<arith::SelectOp>(loc, overflow, constI64(0), total);
    auto blockType =
        MemRefType::get({ShapedType::kDynamic}, b.getIntegerType(8));
    Value block = b.create<memref::AllocOp>(
        loc, blockType,
        ValueRange{b.create<arith::IndexCastUIOp>(loc, b.getIndexType(), total)},
        b.getI64IntegerAttr(kAlignment));
    Value address = b.create<memref::ExtractAlignedPointerAsIndexOp>(loc, block);
    Value isNull = b.create<arith::CmpIOp>(
        loc, arith::CmpIPredicate::eq, address,
        b.create<arith::ConstantIndexOp>(loc, 0));
    Value failed = b.create<arith::OrIOp>(loc, overflow, isNull);

    for (auto [i, offset] : llvm::enumerate(offsets)) {
      memref::AllocOp op = allocs[i];
      b.setInsertionPoint(first);
      Value byteShift =
          b.create<arith::IndexCastUIOp>(op.getLoc(), b.getIndexType(), offset);
      Value view = b.create<memref::ViewOp>(op.getLoc(), op.getType(), block,
                                            byteShift, op.getDynamicSizes());
      op.replaceAllUsesWith(view);
    }
    Operation *lastPlanned = first->getPrevNode();
    for (memref::AllocOp op : allocs)
      op.erase();

    // Everything after the plan runs only when the block exists.
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    b.setInsertionPointAfter(lastPlanned);
    auto guarded = b.create<scf::IfOp>(loc, b.create<arith::XOrIOp>(
                                                loc, failed,
                                                b.create<arith::ConstantIntOp>(loc, 1, 1)));
    Block *then = guarded.thenBlock();
    then->getOperations().splice(then->getTerminator()->getIterator(),
                                 body.getOperations(),
                                 std::next(guarded->getIterator()), ret->getIterator());
    b.setInsertionPoint(ret);
    b.create<memref::DeallocOp>(loc, block);
    Value status = b.create<arith::SelectOp>(
        loc, failed, b.create<arith::ConstantIntOp>(loc, kOutOfMemory, 32),
        b.create<arith::ConstantIntOp>(loc, 0, 32));
    b.create<func::ReturnOp>(ret.getLoc(), status);
    ret.erase();
    fn.setType(FunctionType::get(fn.getContext(), fn.getArgumentTypes(),
                                 {b.getI32Type()}));
  }
};

} // namespace
