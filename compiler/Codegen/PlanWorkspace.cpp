// rnn-plan-workspace: a model function's work buffers go on the stack when small and
// static, else into one heap block allocated and checked before any work, so running out
// of memory is a status the caller sees rather than a crash.
#include "compiler/Codegen/Passes.h"
#include "compiler/Utils/ModelABI.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace rnnc {
#define GEN_PASS_DEF_PLANWORKSPACE
#include "compiler/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

int64_t alignUp(int64_t bytes) { return llvm::alignTo(bytes, rnnc::kBufferAlignment); }

struct PlanWorkspace : rnnc::impl::PlanWorkspaceBase<PlanWorkspace> {
  using Base::Base;

  void runOnOperation() override {
    // Functions are collected first: planning a worker function adds its size function.
    SmallVector<func::FuncOp> functions(getOperation().getOps<func::FuncOp>());
    for (func::FuncOp fn : functions)
      if (!fn.isExternal() && failed(plan(fn)))
        return signalPassFailure();
  }

private:
  LogicalResult plan(func::FuncOp fn) {
    SmallVector<memref::AllocOp> allocs;
    SmallVector<memref::DeallocOp> deallocs;
    fn.walk([&](memref::AllocOp op) { allocs.push_back(op); });
    fn.walk([&](memref::DeallocOp op) { deallocs.push_back(op); });
    bool worker = fn->hasAttr("rnn.workers");
    if (allocs.empty() && !worker) {
      record(fn, "none", allocs);
      return success();
    }
    if (!allocs.empty() && failed(checkPlannable(fn, allocs, deallocs)))
      return failure();
    for (memref::DeallocOp op : deallocs)
      op.erase();
    if (worker) {
      record(fn, "caller", allocs);
      placeInArgument(fn, allocs);
      return success();
    }

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
    bool stack = allStatic && staticBytes <= stackLimit;
    record(fn, stack ? "stack" : "heap", allocs);
    if (stack)
      placeOnStack(fn, allocs);
    else
      placeInHeapBlock(fn, allocs);
    return success();
  }

  /// With `describe`, keeps the plan on the function (kWorkspaceAttrName) for
  /// `rnnc --emit=summary`.
  void record(func::FuncOp fn, StringRef place, ArrayRef<memref::AllocOp> allocs) {
    if (!describe)
      return;
    Builder b(fn.getContext());
    SmallVector<Attribute> buffers;
    for (memref::AllocOp op : allocs) {
      SmallVector<int64_t> size{staticBytesOf(op.getType())};
      for (Value dim : op.getDynamicSizes())
        traceSize(dim, size);
      buffers.push_back(b.getDenseI64ArrayAttr(size));
    }
    fn->setAttr(rnnc::kWorkspaceAttrName,
                b.getDictionaryAttr({b.getNamedAttr("place", b.getStringAttr(place)),
                                     b.getNamedAttr("buffers", b.getArrayAttr(buffers))}));
  }

  /// Multiplies `size` (bytes first, then (argument, dim) pairs) by `value`: a constant, an
  /// argument's dim, or a product of them; anything else is an unknown factor (-1, -1).
  static void traceSize(Value value, SmallVectorImpl<int64_t> &size) {
    if (std::optional<int64_t> constant = getConstantIntValue(value)) {
      size[0] *= *constant;
      return;
    }
    if (auto dim = value.getDefiningOp<memref::DimOp>()) {
      auto arg = llvm::dyn_cast<BlockArgument>(dim.getSource());
      std::optional<int64_t> index = dim.getConstantIndex();
      if (arg && index && llvm::isa<func::FuncOp>(arg.getOwner()->getParentOp())) {
        size.append({int64_t(arg.getArgNumber()), *index});
        return;
      }
    }
    if (auto mul = value.getDefiningOp<arith::MulIOp>()) {
      traceSize(mul.getLhs(), size);
      traceSize(mul.getRhs(), size);
      return;
    }
    size.append({-1, -1});
  }

  // As LLVM stores them: an i1 takes a byte.
  static int64_t elementBytes(MemRefType type) {
    return (type.getElementType().getIntOrFloatBitWidth() + 7) / 8;
  }

  /// A buffer's bytes with each dynamic dim at 1: what its run-time dims multiply.
  static int64_t staticBytesOf(MemRefType type) {
    int64_t bytes = elementBytes(type);
    for (int64_t d : type.getShape())
      if (!ShapedType::isDynamic(d))
        bytes *= d;
    return bytes;
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
        return op.emitOpError("work buffer of type ") << type << " cannot be planned";
    }
    for (memref::DeallocOp op : deallocs)
      if (op->getParentOp() != fn || !op.getMemref().getDefiningOp<memref::AllocOp>())
        return op.emitOpError("frees a buffer that is not a top-level work buffer");
    // The sizes are computed before any work (or by the caller, for a worker function):
    // what they are computed from must not change in between.
    BackwardSliceOptions options;
    options.filter = [&](Operation *op) { return op->getParentOp() == fn; };
    for (memref::AllocOp op : allocs)
      for (Value size : op.getDynamicSizes()) {
        SetVector<Operation *> slice;
        if (Operation *def = size.getDefiningOp()) {
          getBackwardSlice(def, &slice, options);
          slice.insert(def);
        }
        for (Operation *source : slice)
          if (!isMemoryEffectFree(source))
            return source->emitOpError(
                "computes a work buffer's size from memory; sizes must come from the "
                "shapes of the arguments");
      }
    return success();
  }

  void placeOnStack(func::FuncOp fn, ArrayRef<memref::AllocOp> allocs) {
    // At the very start, so LLVM sees fixed-size allocas in the entry block. The builder
    // inserts before the block's first op, which may be one of the buffers: they are
    // erased only once every alloca exists, never under the builder's insertion point.
    OpBuilder b = OpBuilder::atBlockBegin(&fn.getBody().front());
    for (memref::AllocOp op : allocs) {
      auto alloca = b.create<memref::AllocaOp>(op.getLoc(), op.getType(),
                                               b.getI64IntegerAttr(rnnc::kBufferAlignment));
      op.replaceAllUsesWith(alloca.getResult());
    }
    for (memref::AllocOp op : allocs)
      op.erase();
  }

  /// The op before which the plan goes: the first buffer, with the ops computing the
  /// buffers' dynamic sizes (dims of the arguments) moved above it.
  static Operation *prepareSizes(Block &body, ArrayRef<memref::AllocOp> allocs,
                                 SmallVectorImpl<Operation *> &sizeOps) {
    memref::AllocOp first = allocs.front();
    for (memref::AllocOp op : allocs)
      if (op->isBeforeInBlock(first))
        first = op;
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
    sizeOps.assign(slice.begin(), slice.end());
    llvm::sort(sizeOps, [](Operation *x, Operation *y) { return x->isBeforeInBlock(y); });
    for (Operation *op : sizeOps)
      if (first->isBeforeInBlock(op))
        op->moveBefore(first);
    return first;
  }

  struct Layout {
    SmallVector<Value> offsets; // i64 byte offset of each buffer
    Value total;                // i64 bytes of the block (0 when a size overflows)
    Value overflow;             // i1
  };

  /// Emits the block's layout: each buffer at a 64-byte aligned offset, every size
  /// product checked. Dynamic sizes are looked up in `map` (the identity in place).
  static Layout computeLayout(OpBuilder &b, Location loc, ArrayRef<memref::AllocOp> allocs,
                              IRMapping &map) {
    Type i64 = b.getI64Type();
    auto constI64 = [&](int64_t v) { return b.create<arith::ConstantIntOp>(loc, v, 64); };
    Layout layout;
    layout.overflow = b.create<arith::ConstantIntOp>(loc, 0, 1);
    // A single buffer above the tensor limit is reported as out of memory; the bound
    // leaves headroom so that adding up the buffers' sizes cannot wrap.
    Value limit = constI64(rnnc::kMaxBytes);
    Value total = constI64(0);
    for (memref::AllocOp op : allocs) {
      Value bytes = constI64(staticBytesOf(op.getType()));
      for (Value size : op.getDynamicSizes()) {
        Value dim = b.create<arith::IndexCastUIOp>(loc, i64, map.lookupOrDefault(size));
        auto product = b.create<arith::MulUIExtendedOp>(loc, bytes, dim);
        bytes = product.getLow();
        Value high =
            b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, product.getHigh(), constI64(0));
        Value tooBig = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ugt, bytes, limit);
        layout.overflow =
            b.create<arith::OrIOp>(loc, layout.overflow, b.create<arith::OrIOp>(loc, high, tooBig));
      }
      layout.offsets.push_back(total);
      Value aligned = b.create<arith::AndIOp>(
          loc, b.create<arith::AddIOp>(loc, bytes, constI64(rnnc::kBufferAlignment - 1)),
          constI64(-rnnc::kBufferAlignment));
      total = b.create<arith::AddIOp>(loc, total, aligned);
    }
    layout.total = b.create<arith::SelectOp>(loc, layout.overflow, constI64(0), total);
    return layout;
  }

  /// Replaces each buffer by a view of `block` at its offset, before `at`.
  static void viewInto(OpBuilder &b, Value block, Operation *at, ArrayRef<memref::AllocOp> allocs,
                       const Layout &layout) {
    for (auto [i, offset] : llvm::enumerate(layout.offsets)) {
      memref::AllocOp op = allocs[i];
      b.setInsertionPoint(at);
      Value byteShift = b.create<arith::IndexCastUIOp>(op.getLoc(), b.getIndexType(), offset);
      Value view = b.create<memref::ViewOp>(op.getLoc(), op.getType(), block, byteShift,
                                            op.getDynamicSizes());
      op.replaceAllUsesWith(view);
    }
  }

  /// A worker function (rnn-distribute) shares one block with the other workers: the
  /// caller allocates it, sized by `<fn>_workspace`, a function of the same arguments
  /// returning the bytes (-1 when they overflow), and passes it as a trailing argument.
  void placeInArgument(func::FuncOp fn, ArrayRef<memref::AllocOp> allocs) {
    Location loc = fn.getLoc();
    auto blockType = MemRefType::get({ShapedType::kDynamic}, IntegerType::get(fn.getContext(), 8));
    unsigned numArgs = fn.getNumArguments();
    auto module = fn->getParentOfType<ModuleOp>();
    OpBuilder mb = OpBuilder::atBlockEnd(module.getBody());
    auto sizeFn = mb.create<func::FuncOp>(
        loc, (fn.getSymName() + "_workspace").str(),
        FunctionType::get(fn.getContext(), fn.getArgumentTypes(), {mb.getI64Type()}));
    sizeFn.setPrivate();
    OpBuilder sb = OpBuilder::atBlockBegin(sizeFn.addEntryBlock());
    IRMapping map;
    map.map(fn.getArguments(), sizeFn.getArguments());

    Block &body = fn.getBody().front();
    fn.insertArgument(numArgs, blockType, {}, loc);
    Value block = fn.getArgument(numArgs);
    Value bytes;
    if (allocs.empty()) {
      bytes = sb.create<arith::ConstantIntOp>(loc, 0, 64);
    } else {
      SmallVector<Operation *> sizeOps;
      Operation *first = prepareSizes(body, allocs, sizeOps);
      for (Operation *op : sizeOps)
        sb.clone(*op, map);
      Layout sized = computeLayout(sb, loc, allocs, map);
      bytes = sb.create<arith::SelectOp>(loc, sized.overflow,
                                         sb.create<arith::ConstantIntOp>(loc, -1, 64), sized.total);
      IRMapping identity;
      OpBuilder b(first);
      Layout layout = computeLayout(b, loc, allocs, identity);
      viewInto(b, block, first, allocs, layout);
      for (memref::AllocOp op : allocs)
        op.erase();
    }
    sb.create<func::ReturnOp>(loc, bytes);
  }

  void placeInHeapBlock(func::FuncOp fn, ArrayRef<memref::AllocOp> allocs) {
    Block &body = fn.getBody().front();
    SmallVector<Operation *> sizeOps;
    Operation *first = prepareSizes(body, allocs, sizeOps);
    Location loc = fn.getLoc();
    OpBuilder b(first);
    IRMapping identity;
    Layout layout = computeLayout(b, loc, allocs, identity);
    Value overflow = layout.overflow, total = layout.total;
    auto blockType = MemRefType::get({ShapedType::kDynamic}, b.getIntegerType(8));
    Value block = b.create<memref::AllocOp>(
        loc, blockType, ValueRange{b.create<arith::IndexCastUIOp>(loc, b.getIndexType(), total)},
        b.getI64IntegerAttr(rnnc::kBufferAlignment));
    Value address = b.create<memref::ExtractAlignedPointerAsIndexOp>(loc, block);
    Value isNull = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, address,
                                           b.create<arith::ConstantIndexOp>(loc, 0));
    Value failed = b.create<arith::OrIOp>(loc, overflow, isNull);

    viewInto(b, block, first, allocs, layout);
    Operation *lastPlanned = first->getPrevNode();
    for (memref::AllocOp op : allocs)
      op.erase();

    // Everything after the plan runs only when the block exists.
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    b.setInsertionPointAfter(lastPlanned);
    auto guarded = b.create<scf::IfOp>(
        loc, b.create<arith::XOrIOp>(loc, failed, b.create<arith::ConstantIntOp>(loc, 1, 1)));
    Block *then = guarded.thenBlock();
    then->getOperations().splice(then->getTerminator()->getIterator(), body.getOperations(),
                                 std::next(guarded->getIterator()), ret->getIterator());
    b.setInsertionPoint(ret);
    b.create<memref::DeallocOp>(loc, block);
    Value status = b.create<arith::SelectOp>(
        loc, failed, b.create<arith::ConstantIntOp>(loc, RNNC_ERR_OUT_OF_MEMORY, 32),
        b.create<arith::ConstantIntOp>(loc, 0, 32));
    b.create<func::ReturnOp>(ret.getLoc(), status);
    ret.erase();
    fn.setType(FunctionType::get(fn.getContext(), fn.getArgumentTypes(), {b.getI32Type()}));
  }
};

} // namespace
