// What the kernel lowerings share: a worker's share of the work, unrolling, panel reads
// and writes, row copies, and the weights' traversal order.
#include "compiler/Codegen/KernelLoops.h"
#include "compiler/Codegen/KernelInterleave.h"
#include "compiler/Utils/ModelABI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace rnnc {

namespace {

/// Recurrent weights larger than this alternate their traversal order per step
/// (measured at batch 1, 200 steps: H = 112 7% faster, H = 120 33%, H = 160 16%,
/// H = 512 16%). The exception: panels a multiple of 4 KiB apart and at most twice this
/// size (H = 128) measured 5% faster in a fixed order, L1 keeping part of each set.
constexpr int64_t kZigZagBytes = 32 * 1024;
/// With more rows each panel group is reused from L1 by several row blocks; the order
/// then measured neutral ((32, 50, 256, 256)) to 2% slower ((64, 50, 512, 512)).
constexpr int64_t kMaxZigZagRows = 8;

} // namespace

FailureOr<UnrollPolicy> parseUnroll(StringRef text) {
  UnrollPolicy p;
  if (text == "auto")
    return p;
  if (text == "none") {
    p.kind = UnrollPolicy::None;
    return p;
  }
  if (text == "full") {
    p.kind = UnrollPolicy::Full;
    return p;
  }
  int64_t n;
  if (text.getAsInteger(10, n) || n < 1)
    return failure();
  p.kind = n == 1 ? UnrollPolicy::None : UnrollPolicy::Factor;
  p.factor = n;
  return p;
}

void applyUnroll(scf::ForOp loop, const UnrollPolicy &policy) {
  std::optional<int64_t> trips =
      constantTripCount(loop.getLowerBound(), loop.getUpperBound(), loop.getStep());
  switch (policy.kind) {
  case UnrollPolicy::None:
    return;
  case UnrollPolicy::Auto:
    if (trips && *trips > 1 && *trips <= kAutoUnrollSteps)
      (void)loopUnrollByFactor(loop, *trips);
    return;
  case UnrollPolicy::Full:
    if (trips && *trips > 1)
      (void)loopUnrollByFactor(loop, *trips);
    return;
  case UnrollPolicy::Factor:
    // A factor past a static trip count means full unrolling; more copies would only be
    // guarded away.
    if (trips && *trips <= int64_t(policy.factor)) {
      if (*trips > 1)
        (void)loopUnrollByFactor(loop, *trips);
      return;
    }
    (void)loopUnrollByFactor(loop, policy.factor);
    return;
  }
}

Workers Workers::of(Operation *op) {
  auto fn = op->getParentOfType<func::FuncOp>();
  auto args = fn ? fn->getAttrOfType<DenseI64ArrayAttr>("rnn.workers") : nullptr;
  if (!args || args.size() != 3)
    return {};
  return {fn.getArgument(args[0]), fn.getArgument(args[1]), fn.getArgument(args[2])};
}

void Workers::barrier(OpBuilder &b, Location loc) const {
  b.create<func::CallOp>(loc, kBarrierSymbol, TypeRange{}, ValueRange{sync, count});
}

Value Workers::isFirst(OpBuilder &b, Location loc) const {
  return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, worker, cIdx(b, loc, 0));
}

std::pair<Value, Value> Workers::slice(OpBuilder &b, Location loc, Value total) const {
  Value c1 = cIdx(b, loc, 1);
  auto at = [&](Value w) {
    return b.create<arith::DivUIOp>(loc, b.create<arith::MulIOp>(loc, total, w), count).getResult();
  };
  return {at(worker), at(b.create<arith::AddIOp>(loc, worker, c1))};
}

Value Workers::ownsGroup(OpBuilder &b, Location loc, Value group) const {
  return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                 b.create<arith::RemUIOp>(loc, group, count), worker);
}

Value cIdx(OpBuilder &b, Location loc, int64_t v) {
  return b.create<arith::ConstantIndexOp>(loc, v);
}

Value dimOf(OpBuilder &b, Location loc, Value mem, int64_t d) {
  auto type = llvm::cast<MemRefType>(mem.getType());
  if (!type.isDynamicDim(d))
    return cIdx(b, loc, type.getDimSize(d));
  return b.create<memref::DimOp>(loc, mem, d);
}

Value readPanel(OpBuilder &b, Location loc, Value mem, ValueRange idx,
                const PanelKernel::Panel &panel, int64_t vw, int64_t offset) {
  auto type = llvm::cast<MemRefType>(mem.getType());
  auto vecType = VectorType::get({vw}, type.getElementType());
  SmallVector<Value> indices(idx);
  indices.push_back(
      offset == 0 ? panel.column
                  : b.create<arith::AddIOp>(loc, panel.column, cIdx(b, loc, offset)).getResult());
  Value zero = b.create<arith::ConstantOp>(loc, b.getFloatAttr(type.getElementType(), 0.0));
  return b.create<vector::TransferReadOp>(loc, vecType, mem, indices, zero,
                                          ArrayRef<bool>{panel.inBounds});
}

void writePanel(OpBuilder &b, Location loc, Value v, Value mem, ValueRange idx,
                const PanelKernel::Panel &panel) {
  SmallVector<Value> indices(idx);
  indices.push_back(panel.column);
  b.create<vector::TransferWriteOp>(loc, v, mem, indices, ArrayRef<bool>{panel.inBounds});
}

void emitRowCopy(OpBuilder &b, Location loc, Value rows, int64_t n,
                 function_ref<Value(OpBuilder &, Location, Value, Value)> src,
                 function_ref<void(OpBuilder &, Location, Value, Value, Value)> dst) {
  Value c0 = cIdx(b, loc, 0), c1 = cIdx(b, loc, 1), nV = cIdx(b, loc, n);
  b.create<scf::ForOp>(
      loc, c0, rows, c1, std::nullopt, [&](OpBuilder &ob, Location l, Value row, ValueRange) {
        ob.create<scf::ForOp>(l, c0, nV, c1, std::nullopt,
                              [&](OpBuilder &ib, Location il, Value j, ValueRange) {
                                dst(ib, il, row, j, src(ib, il, row, j));
                                ib.create<scf::YieldOp>(il);
                              });
        ob.create<scf::YieldOp>(l);
      });
}

void emitLastStateCopy(OpBuilder &b, Location loc, const RecurrenceBuffers &r, Value rows,
                       Value steps, Value hasSteps) {
  Value c0 = cIdx(b, loc, 0), c1 = cIdx(b, loc, 1);
  Type elt = llvm::cast<MemRefType>(r.sequence.getType()).getElementType();
  Value zero = b.create<arith::ConstantOp>(loc, b.getFloatAttr(elt, 0.0));
  Value lastT = r.forward ? b.create<arith::SubIOp>(loc, steps, c1).getResult() : c0;
  emitRowCopy(
      b, loc, rows, r.units,
      [&](OpBuilder &ob, Location l, Value row, Value j) -> Value {
        auto sel = ob.create<scf::IfOp>(l, TypeRange{elt}, hasSteps, /*withElse=*/true);
        OpBuilder tb = sel.getThenBodyBuilder();
        tb.create<scf::YieldOp>(
            l, tb.create<memref::LoadOp>(l, r.sequence, ValueRange{row, lastT, j}).getResult());
        OpBuilder eb = sel.getElseBodyBuilder();
        Value fallback =
            r.initialState
                ? eb.create<memref::LoadOp>(l, r.initialState, ValueRange{row, j}).getResult()
                : zero;
        eb.create<scf::YieldOp>(l, fallback);
        return sel.getResult(0);
      },
      [&](OpBuilder &ob, Location l, Value row, Value j, Value v) {
        ob.create<memref::StoreOp>(l, v, r.last, ValueRange{row, j});
      });
}

Value rowTakesStep(OpBuilder &b, Location loc, Value mask, Value lengths, Value row, Value t) {
  if (mask)
    return b.create<memref::LoadOp>(loc, mask, ValueRange{row, t});
  Value len = b.create<memref::LoadOp>(loc, lengths, ValueRange{row});
  Value lenIdx = b.create<arith::IndexCastOp>(loc, b.getIndexType(), len);
  return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, t, lenIdx);
}

void emitStepCommit(OpBuilder &b, Location loc, const RecurrenceBuffers &r, Value mask,
                    Value lengths, Value rows, Value t, Value s) {
  Value c0 = cIdx(b, loc, 0), c1 = cIdx(b, loc, 1), nV = cIdx(b, loc, r.units);
  Type elt = llvm::cast<MemRefType>(r.sequence.getType()).getElementType();
  Value zero = b.create<arith::ConstantOp>(loc, b.getFloatAttr(elt, 0.0));
  Value isFirst = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, s, c0);
  Value prev = r.forward ? b.create<arith::SubIOp>(loc, t, c1).getResult()
                         : b.create<arith::AddIOp>(loc, t, c1).getResult();
  Value seq = r.sequence, last = r.last;
  b.create<scf::ForOp>(
      loc, c0, rows, c1, std::nullopt, [&](OpBuilder &ob, Location l, Value row, ValueRange) {
        Value valid = rowTakesStep(ob, l, mask, lengths, row, t);
        auto branch = ob.create<scf::IfOp>(l, valid, /*withElse=*/true);
        {
          OpBuilder tb = branch.getThenBodyBuilder();
          tb.create<scf::ForOp>(
              l, c0, nV, c1, std::nullopt, [&](OpBuilder &ib, Location il, Value j, ValueRange) {
                Value v = ib.create<memref::LoadOp>(il, seq, ValueRange{row, t, j});
                ib.create<memref::StoreOp>(il, v, last, ValueRange{row, j});
                ib.create<scf::YieldOp>(il);
              });
        }
        {
          OpBuilder eb = branch.getElseBodyBuilder();
          eb.create<scf::ForOp>(
              l, c0, nV, c1, std::nullopt, [&](OpBuilder &ib, Location il, Value j, ValueRange) {
                Value v = zero;
                if (mask) {
                  auto sel = ib.create<scf::IfOp>(il, TypeRange{elt}, isFirst, /*withElse=*/true);
                  OpBuilder st = sel.getThenBodyBuilder();
                  st.create<scf::YieldOp>(il, zero);
                  OpBuilder se = sel.getElseBodyBuilder();
                  se.create<scf::YieldOp>(
                      il, se.create<memref::LoadOp>(il, seq, ValueRange{row, prev, j}).getResult());
                  v = sel.getResult(0);
                }
                ib.create<memref::StoreOp>(il, v, seq, ValueRange{row, t, j});
                ib.create<scf::YieldOp>(il);
              });
        }
        ob.create<scf::YieldOp>(l);
      });
}

bool zigZagWeights(Value packed, int64_t batch) {
  if (!ShapedType::isDynamic(batch) && batch > kMaxZigZagRows)
    return false;
  auto packedType = llvm::cast<MemRefType>(packed.getType());
  int64_t bytes = staticBytes(packed);
  int64_t panelStride = bytes / packedType.getDimSize(0);
  bool aliased = panelStride % 4096 == 0 && bytes <= 2 * kZigZagBytes;
  return bytes > kZigZagBytes && !aliased;
}

} // namespace rnnc
