// rnn-lower-kernels: rnn.matmul and rnn.recurrence on memrefs become vector loop nests
// around the panel micro-kernel; the recurrence's time loop is a real loop or unrolled.
#include "compiler/Codegen/KernelInterleave.h"
#include "compiler/Codegen/PanelKernel.h"
#include "compiler/Codegen/Passes.h"
#include "compiler/Utils/ModelABI.h"

#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/MathExtras.h"

namespace rnnc {
#define GEN_PASS_DEF_LOWERKERNELS
#include "compiler/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// Recurrent weights larger than this alternate their traversal order per step
/// (measured at batch 1, 200 steps: H = 112 7% faster, H = 120 33%, H = 160 16%,
/// H = 512 16%). The exception: panels a multiple of 4 KiB apart and at most twice this
/// size (H = 128) measured 5% faster in a fixed order, L1 keeping part of each set.
constexpr int64_t kZigZagBytes = 32 * 1024;
/// At batch 1, a parallel run shares each step's columns out only past this many bytes of
/// recurrent weights (this core's L1: 48 KiB). Below it a step takes ~100 ns, less than
/// the barrier after it: (1,50,32,64) ran 3.4 us on one thread and 5.3 us on two.
constexpr int64_t kSplitPanelBytes = 48 * 1024;
/// With more rows each panel group is reused from L1 by several row blocks; the order
/// then measured neutral ((32, 50, 256, 256)) to 2% slower ((64, 50, 512, 512)).
constexpr int64_t kMaxZigZagRows = 8;

struct UnrollPolicy {
  enum Kind { Auto, None, Full, Factor } kind = Auto;
  int64_t factor = 1;
};

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

Value cIdx(OpBuilder &b, Location loc, int64_t v) {
  return b.create<arith::ConstantIndexOp>(loc, v);
}

/// A worker function's share of the work (see rnn-distribute): its index, the number of
/// workers and the barrier they meet at, read from the function's `rnn.workers` argument
/// indices. Empty in an ordinary function.
struct Workers {
  Value worker, count, sync;

  static Workers of(Operation *op) {
    auto fn = op->getParentOfType<func::FuncOp>();
    auto args = fn ? fn->getAttrOfType<DenseI64ArrayAttr>("rnn.workers") : nullptr;
    if (!args || args.size() != 3)
      return {};
    return {fn.getArgument(args[0]), fn.getArgument(args[1]), fn.getArgument(args[2])};
  }
  explicit operator bool() const { return worker != nullptr; }

  void barrier(OpBuilder &b, Location loc) const {
    b.create<func::CallOp>(loc, rnnc::kBarrierSymbol, TypeRange{}, ValueRange{sync, count});
  }
  Value isFirst(OpBuilder &b, Location loc) const {
    return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, worker,
                                   b.create<arith::ConstantIndexOp>(loc, 0));
  }
  /// [begin, end) of `total` rows for this worker: contiguous, sizes differing by one.
  std::pair<Value, Value> slice(OpBuilder &b, Location loc, Value total) const {
    Value c1 = b.create<arith::ConstantIndexOp>(loc, 1);
    auto at = [&](Value w) {
      return b.create<arith::DivUIOp>(loc, b.create<arith::MulIOp>(loc, total, w), count)
          .getResult();
    };
    return {at(worker), at(b.create<arith::AddIOp>(loc, worker, c1))};
  }
  /// Panel groups are dealt round-robin.
  Value ownsGroup(OpBuilder &b, Location loc, Value group) const {
    return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                   b.create<arith::RemUIOp>(loc, group, count), worker);
  }
};

/// A dim of `mem`: a constant when the type knows it, so loop bounds and the kernel's
/// blocking see static sizes.
Value dimOf(OpBuilder &b, Location loc, Value mem, int64_t d) {
  auto type = llvm::cast<MemRefType>(mem.getType());
  if (!type.isDynamicDim(d))
    return cIdx(b, loc, type.getDimSize(d));
  return b.create<memref::DimOp>(loc, mem, d);
}

using Panel = rnnc::PanelKernel::Panel;

/// A vector of the panel `panel` of row `idx` of `mem`; reads past the last dim give zero.
Value readPanel(OpBuilder &b, Location loc, Value mem, ValueRange idx, const Panel &panel,
                int64_t vw) {
  auto type = llvm::cast<MemRefType>(mem.getType());
  auto vecType = VectorType::get({vw}, type.getElementType());
  SmallVector<Value> indices(idx);
  indices.push_back(panel.column);
  Value zero = b.create<arith::ConstantOp>(loc, b.getFloatAttr(type.getElementType(), 0.0));
  return b.create<vector::TransferReadOp>(loc, vecType, mem, indices, zero,
                                          ArrayRef<bool>{panel.inBounds});
}

void writePanel(OpBuilder &b, Location loc, Value v, Value mem, ValueRange idx,
                const Panel &panel) {
  SmallVector<Value> indices(idx);
  indices.push_back(panel.column);
  b.create<vector::TransferWriteOp>(loc, v, mem, indices, ArrayRef<bool>{panel.inBounds});
}

/// Views a (d0, ..., dn-1, k) buffer as (d0 * ... * dn-1, k) rows.
Value collapseRows(OpBuilder &b, Location loc, Value mem) {
  auto type = llvm::cast<MemRefType>(mem.getType());
  if (type.getRank() == 2)
    return mem;
  ReassociationIndices rows;
  for (int64_t i = 0; i + 1 < type.getRank(); ++i)
    rows.push_back(i);
  SmallVector<ReassociationIndices> groups{rows, {type.getRank() - 1}};
  // MLIR folds 0 x ? to a static 0, which the op's verifier then rejects: a group with a
  // dynamic dim stays dynamic.
  MemRefType collapsed = memref::CollapseShapeOp::computeCollapsedType(type, groups);
  SmallVector<int64_t> shape(collapsed.getShape());
  for (auto [i, group] : llvm::enumerate(groups))
    if (llvm::any_of(group, [&](int64_t d) { return type.isDynamicDim(d); }))
      shape[i] = ShapedType::kDynamic;
  return b.create<memref::CollapseShapeOp>(loc, collapsed.clone(shape), mem, groups);
}

/// Row addressing of a (d0, ..., dn-1, k) buffer: a view as (rows, k) when its rows are
/// contiguous, else the leading indices recovered from the row number.
struct RowView {
  Value mem;
  SmallVector<Value> leadingDims; // empty: `mem` is already (rows, k)

  static RowView make(OpBuilder &b, Location loc, Value mem) {
    auto type = llvm::cast<MemRefType>(mem.getType());
    int64_t rank = type.getRank();
    ReassociationIndices rows = llvm::to_vector(llvm::seq<int64_t>(0, rank - 1));
    if (rank == 2 || memref::CollapseShapeOp::isGuaranteedCollapsible(type, {rows, {rank - 1}}))
      return {collapseRows(b, loc, mem), {}};
    RowView view{mem, {}};
    for (int64_t d = 0; d + 1 < rank; ++d)
      view.leadingDims.push_back(dimOf(b, loc, mem, d));
    return view;
  }
  Value rowCount(OpBuilder &b, Location loc) const {
    if (leadingDims.empty())
      return dimOf(b, loc, mem, 0);
    Value count = leadingDims.front();
    for (Value d : ArrayRef<Value>(leadingDims).drop_front())
      count = b.create<arith::MulIOp>(loc, count, d);
    return count;
  }
  /// Indices of element (row, col).
  SmallVector<Value> at(OpBuilder &b, Location loc, Value row, Value col) const {
    if (leadingDims.empty())
      return {row, col};
    SmallVector<Value> idx(leadingDims.size());
    for (size_t d = leadingDims.size(); d-- > 0;) {
      if (d == 0) {
        idx[d] = row;
        break;
      }
      idx[d] = b.create<arith::RemUIOp>(loc, row, leadingDims[d]);
      row = b.create<arith::DivUIOp>(loc, row, leadingDims[d]);
    }
    idx.push_back(col);
    return idx;
  }
};

LogicalResult lowerMatmul(MatmulOp op, int64_t registers, int64_t minChains) {
  OpBuilder b(op);
  Location loc = op.getLoc();
  RowView lhs = RowView::make(b, loc, op.getLhs());
  RowView out = RowView::make(b, loc, op.getInit());
  auto init = llvm::cast<MemRefType>(op.getInit().getType());
  auto packedType = llvm::cast<MemRefType>(op.getPackedWeights().getType());
  int64_t n = init.getShape().back(), vw = packedType.getDimSize(2);
  rnnc::PanelKernel kernel;
  kernel.rows = out.rowCount(b, loc);
  if (Workers workers = Workers::of(op)) {
    kernel.totalRows = getConstantIntValue(kernel.rows);
    std::tie(kernel.rowBegin, kernel.rows) = workers.slice(b, loc, kernel.rows);
  }
  kernel.k = packedType.getDimSize(1);
  kernel.n = n;
  kernel.packed = op.getPackedWeights();
  kernel.registers = registers;
  kernel.minChains = minChains;
  kernel.activation = op.getActivation();
  Value bias = op.getBias();
  kernel.loadA = [lhs](OpBuilder &ob, Location l, Value row, Value kk) {
    return ob.create<memref::LoadOp>(l, lhs.mem, lhs.at(ob, l, row, kk)).getResult();
  };
  Type elt = init.getElementType();
  kernel.initAcc = [=](OpBuilder &ob, Location l, Value, const Panel &panel) {
    if (bias)
      return readPanel(ob, l, bias, {}, panel, vw);
    auto vecType = VectorType::get({vw}, elt);
    return ob
        .create<arith::ConstantOp>(l, DenseElementsAttr::get(vecType, ob.getFloatAttr(elt, 0.0)))
        .getResult();
  };
  kernel.store = [=](OpBuilder &ob, Location l, Value row, const Panel &panel, Value v) {
    SmallVector<Value> idx = out.at(ob, l, row, Value());
    idx.pop_back();
    writePanel(ob, l, v, out.mem, idx, panel);
  };
  kernel.emit(b, loc);
  op.erase();
  return success();
}

/// Emits `for b < rows, j < n: dst[b, j] = src(b, j)` (a plain copy loop: memref.copy of
/// a strided view would become a library call).
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

struct RecurrenceLowering {
  RecurrenceOp op;
  int64_t registers;
  int64_t minChains;
  UnrollPolicy unroll;
  /// In a worker function: at batch 1 each worker computes its panel groups of every step
  /// and all meet at a barrier after each step (every h_t feeds every column of h_{t+1});
  /// with more rows each worker runs its slice of the batch alone.
  Workers workers;
  bool splitPanels = false;
  Value rowBegin;

  Value seq, last, h0, lengths, mask, packed;
  int64_t units = 0, vw = 0;
  bool forward = true;
  Type elt;

  /// The input-time row processed at step `s`.
  Value timeOf(OpBuilder &b, Location loc, Value s, Value steps) {
    if (forward)
      return s;
    return b.create<arith::SubIOp>(loc, b.create<arith::SubIOp>(loc, steps, cIdx(b, loc, 1)), s);
  }

  /// One step: seq[:, t, :] = act(seq[:, t, :] + state · R), `state` may be null (zero).
  void emitStep(OpBuilder &b, Location loc, Value rows, Value t,
                std::function<Value(OpBuilder &, Location, Value, Value)> state,
                bool reverse = false) {
    rnnc::PanelKernel kernel;
    kernel.reverse = reverse;
    kernel.rows = rows;
    kernel.k = units;
    kernel.n = units;
    kernel.packed = packed;
    kernel.registers = registers;
    kernel.minChains = minChains;
    kernel.activation = op.getActivation();
    kernel.clip = op.getClipAttr();
    kernel.loadA = state;
    if (workers && splitPanels) {
      Workers w = workers;
      kernel.ownsGroup = [w](OpBuilder &ob, Location l, Value group) {
        return w.ownsGroup(ob, l, group);
      };
    } else if (workers) {
      kernel.rowBegin = rowBegin;
      int64_t batch = llvm::cast<MemRefType>(seq.getType()).getDimSize(0);
      if (!ShapedType::isDynamic(batch))
        kernel.totalRows = batch;
    }
    Value seqV = seq;
    int64_t w = vw;
    kernel.initAcc = [=](OpBuilder &ob, Location l, Value row, const Panel &panel) {
      return readPanel(ob, l, seqV, {row, t}, panel, w);
    };
    kernel.store = [=](OpBuilder &ob, Location l, Value row, const Panel &panel, Value v) {
      writePanel(ob, l, v, seqV, {row, t}, panel);
    };
    kernel.emit(b, loc);
  }

  Value loadState(OpBuilder &b, Location loc, Value mem, ValueRange idx) {
    return b.create<memref::LoadOp>(loc, mem, idx);
  }

  /// Unrolls the time loop as the policy says; `auto` unrolls short static loops fully.
  void applyUnroll(scf::ForOp loop) {
    std::optional<int64_t> trips =
        constantTripCount(loop.getLowerBound(), loop.getUpperBound(), loop.getStep());
    switch (unroll.kind) {
    case UnrollPolicy::None:
      return;
    case UnrollPolicy::Auto:
      if (trips && *trips > 1 && *trips <= rnnc::kAutoUnrollSteps)
        (void)loopUnrollByFactor(loop, *trips);
      return;
    case UnrollPolicy::Full:
      if (trips && *trips > 1)
        (void)loopUnrollByFactor(loop, *trips);
      return;
    case UnrollPolicy::Factor:
      // A factor past a static trip count means full unrolling; more copies would
      // only be guarded away.
      if (trips && *trips <= int64_t(unroll.factor)) {
        if (*trips > 1)
          (void)loopUnrollByFactor(loop, *trips);
        return;
      }
      (void)loopUnrollByFactor(loop, unroll.factor);
      return;
    }
  }

  /// Reads the op's operands and checks the weights are packed.
  LogicalResult prepare() {
    seq = op.getSequence();
    last = op.getLast();
    h0 = op.getInitialState();
    lengths = op.getLengths();
    mask = op.getMask();
    packed = op.getRecurrentKernel();
    auto packedType = llvm::dyn_cast<MemRefType>(packed.getType());
    if (!packedType || packedType.getRank() != 3)
      return op.emitOpError("needs packed recurrent weights; run "
                            "rnn-pack-weights first");
    auto seqType = llvm::cast<MemRefType>(seq.getType());
    units = seqType.getDimSize(2);
    vw = packedType.getDimSize(2);
    elt = seqType.getElementType();
    forward = op.getDirection() == Direction::forward;
    return success();
  }

  bool isPlain() { return !op.getLengths() && !op.getMask(); }

  LogicalResult run() {
    if (failed(prepare()))
      return failure();
    OpBuilder b(op);
    Location loc = op.getLoc();
    Value rows = dimOf(b, loc, seq, 0);
    Value steps = dimOf(b, loc, seq, 1);
    Value c0 = cIdx(b, loc, 0), c1 = cIdx(b, loc, 1);
    Value zeroF = b.create<arith::ConstantOp>(loc, b.getFloatAttr(elt, 0.0));

    if (isPlain()) {
      Value stepRows = rows;
      if (workers) {
        // Sharing a step's columns costs a barrier per step: worth it only when the
        // weights outgrow one core's L1 (then each core keeps its share there). Else the
        // one row goes to one worker, which runs every step alone.
        splitPanels =
            getConstantIntValue(rows) == 1 && rnnc::staticBytes(packed) > kSplitPanelBytes;
        if (!splitPanels)
          std::tie(rowBegin, stepRows) = workers.slice(b, loc, rows);
      }
      Value hasSteps = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sgt, steps, c0);
      auto ifFirst = b.create<scf::IfOp>(loc, hasSteps, /*withElse=*/false);
      {
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPointToStart(ifFirst.thenBlock());
        emitFirstStep(b, loc, stepRows, steps);
        if (workers && splitPanels)
          workers.barrier(b, loc);
      }
      auto loop = b.create<scf::ForOp>(loc, c1, steps, c1);
      {
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPoint(loop.getBody()->getTerminator());
        emitLaterStep(b, loc, stepRows, steps, loop.getInductionVar());
        if (workers && splitPanels)
          workers.barrier(b, loc);
      }
      applyUnroll(loop);
      if (workers) {
        // The last state copy reads every worker's rows.
        if (!splitPanels)
          workers.barrier(b, loc);
        auto first = b.create<scf::IfOp>(loc, workers.isFirst(b, loc), false);
        b.setInsertionPointToStart(first.thenBlock());
      }
      emitLastCopy(b, loc, rows, steps, hasSteps, zeroF);
    } else {
      // Lengths and masks keep per-row state in `last`: one worker runs it all.
      if (workers) {
        auto first = b.create<scf::IfOp>(loc, workers.isFirst(b, loc), false);
        b.setInsertionPointToStart(first.thenBlock());
        workers = {};
      }
      emitMasked(b, loc, rows, steps, c0, c1, zeroF);
    }
    op.erase();
    return success();
  }

  // Without a mask, h_{t-1} is read from the previous output row, so a step writes only
  // its own row and nothing is copied. The plain lowering in three parts, so that two
  // independent recurrences can share one time loop (see lowerInterleaved).

  /// Step 0 reads the initial state, or skips the product when it is zero.
  void emitFirstStep(OpBuilder &b, Location loc, Value rows, Value steps) {
    Value h0V = h0;
    Value t0 = timeOf(b, loc, cIdx(b, loc, 0), steps);
    std::function<Value(OpBuilder &, Location, Value, Value)> state;
    if (h0V)
      state = [=](OpBuilder &ob, Location l, Value row, Value kk) {
        return ob.create<memref::LoadOp>(l, h0V, ValueRange{row, kk}).getResult();
      };
    emitStep(b, loc, rows, t0, state);
  }

  /// Step s >= 1, reading h_{t-1} from the row written the step before.
  void emitLaterStep(OpBuilder &b, Location loc, Value rows, Value steps, Value s) {
    Value seqV = seq, c1 = cIdx(b, loc, 1);
    Value t = timeOf(b, loc, s, steps);
    Value prev = forward ? b.create<arith::SubIOp>(loc, t, c1).getResult()
                         : b.create<arith::AddIOp>(loc, t, c1).getResult();
    emitStepAt(b, loc, rows, t, s, [=](OpBuilder &ob, Location l, Value row, Value kk) {
      return ob.create<memref::LoadOp>(l, seqV, ValueRange{row, prev, kk}).getResult();
    });
  }

  /// Whether odd steps walk the weights backwards (see PanelKernel::reverse): when they
  /// outgrow L1 and are streamed once per step, i.e. not reused by several row blocks.
  /// Decided by the layer's batch, not a worker's rows, so that every worker sums in the
  /// order a single-threaded run does.
  bool zigZag() {
    int64_t batch = llvm::cast<MemRefType>(seq.getType()).getDimSize(0);
    if (!ShapedType::isDynamic(batch) && batch > kMaxZigZagRows)
      return false;
    auto packedType = llvm::cast<MemRefType>(packed.getType());
    int64_t bytes = rnnc::staticBytes(packed);
    int64_t panelStride = bytes / packedType.getDimSize(0);
    bool aliased = panelStride % 4096 == 0 && bytes <= 2 * kZigZagBytes;
    return bytes > kZigZagBytes && !aliased;
  }

  /// emitStep for step number `s`, in the order zigZag asks for.
  void emitStepAt(OpBuilder &b, Location loc, Value rows, Value t, Value s,
                  std::function<Value(OpBuilder &, Location, Value, Value)> state) {
    if (!zigZag()) {
      emitStep(b, loc, rows, t, state);
      return;
    }
    Value c0 = cIdx(b, loc, 0), c1 = cIdx(b, loc, 1);
    Value odd = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne,
                                        b.create<arith::AndIOp>(loc, s, c1), c0);
    auto parity = b.create<scf::IfOp>(loc, odd, /*withElse=*/true);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(parity.thenBlock());
    emitStep(b, loc, rows, t, state, /*reverse=*/true);
    b.setInsertionPointToStart(parity.elseBlock());
    emitStep(b, loc, rows, t, state);
  }

  /// last = the final row, or the initial state (zero) when there are no steps.
  void emitLastCopy(OpBuilder &b, Location loc, Value rows, Value steps, Value hasSteps,
                    Value zeroF) {
    Value c0 = cIdx(b, loc, 0), c1 = cIdx(b, loc, 1);
    Value h0V = h0, seqV = seq;
    Value lastT = forward ? b.create<arith::SubIOp>(loc, steps, c1).getResult() : c0;
    Value lastV = last;
    emitRowCopy(
        b, loc, rows, units,
        [&](OpBuilder &ob, Location l, Value row, Value j) -> Value {
          auto sel = ob.create<scf::IfOp>(l, TypeRange{elt}, hasSteps, /*withElse=*/true);
          OpBuilder tb = sel.getThenBodyBuilder();
          tb.create<scf::YieldOp>(
              l, tb.create<memref::LoadOp>(l, seqV, ValueRange{row, lastT, j}).getResult());
          OpBuilder eb = sel.getElseBodyBuilder();
          Value fallback =
              h0V ? eb.create<memref::LoadOp>(l, h0V, ValueRange{row, j}).getResult() : zeroF;
          eb.create<scf::YieldOp>(l, fallback);
          return sel.getResult(0);
        },
        [&](OpBuilder &ob, Location l, Value row, Value j, Value v) {
          ob.create<memref::StoreOp>(l, v, lastV, ValueRange{row, j});
        });
  }

  /// With lengths or a mask the state lives in `last`: each step computes into its output
  /// row from `last`, then per row either commits the row to `last` (a valid step) or
  /// restores the row to zero (lengths) or to the previous output (mask).
  void emitMasked(OpBuilder &b, Location loc, Value rows, Value steps, Value c0, Value c1,
                  Value zeroF) {
    Value lastV = last, seqV = seq, h0V = h0, lengthsV = lengths, maskV = mask;
    emitRowCopy(
        b, loc, rows, units,
        [&](OpBuilder &ob, Location l, Value row, Value j) -> Value {
          return h0V ? ob.create<memref::LoadOp>(l, h0V, ValueRange{row, j}).getResult() : zeroF;
        },
        [&](OpBuilder &ob, Location l, Value row, Value j, Value v) {
          ob.create<memref::StoreOp>(l, v, lastV, ValueRange{row, j});
        });
    auto loop = b.create<scf::ForOp>(loc, c0, steps, c1);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPoint(loop.getBody()->getTerminator());
      Value s = loop.getInductionVar();
      Value t = timeOf(b, loc, s, steps);
      emitStepAt(b, loc, rows, t, s, [=](OpBuilder &ob, Location l, Value row, Value kk) {
        return ob.create<memref::LoadOp>(l, lastV, ValueRange{row, kk}).getResult();
      });
      Value isFirst = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, s, c0);
      Value prev = forward ? b.create<arith::SubIOp>(loc, t, c1).getResult()
                           : b.create<arith::AddIOp>(loc, t, c1).getResult();
      Value nV = cIdx(b, loc, units);
      b.create<scf::ForOp>(
          loc, c0, rows, c1, std::nullopt, [&](OpBuilder &ob, Location l, Value row, ValueRange) {
            Value valid;
            if (maskV) {
              valid = ob.create<memref::LoadOp>(l, maskV, ValueRange{row, t});
            } else {
              Value len = ob.create<memref::LoadOp>(l, lengthsV, ValueRange{row});
              Value lenIdx = ob.create<arith::IndexCastOp>(l, ob.getIndexType(), len);
              valid = ob.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, t, lenIdx);
            }
            auto branch = ob.create<scf::IfOp>(l, valid, /*withElse=*/true);
            {
              OpBuilder tb = branch.getThenBodyBuilder();
              tb.create<scf::ForOp>(l, c0, nV, c1, std::nullopt,
                                    [&](OpBuilder &ib, Location il, Value j, ValueRange) {
                                      Value v = ib.create<memref::LoadOp>(il, seqV,
                                                                          ValueRange{row, t, j});
                                      ib.create<memref::StoreOp>(il, v, lastV, ValueRange{row, j});
                                      ib.create<scf::YieldOp>(il);
                                    });
            }
            {
              OpBuilder eb = branch.getElseBodyBuilder();
              eb.create<scf::ForOp>(
                  l, c0, nV, c1, std::nullopt,
                  [&](OpBuilder &ib, Location il, Value j, ValueRange) {
                    Value v = zeroF;
                    if (maskV) {
                      // The previous output, or zero before the first step.
                      auto sel = ib.create<scf::IfOp>(il, TypeRange{elt}, isFirst,
                                                      /*withElse=*/true);
                      OpBuilder st = sel.getThenBodyBuilder();
                      st.create<scf::YieldOp>(il, zeroF);
                      OpBuilder se = sel.getElseBodyBuilder();
                      se.create<scf::YieldOp>(
                          il, se.create<memref::LoadOp>(il, seqV, ValueRange{row, prev, j})
                                  .getResult());
                      v = sel.getResult(0);
                    }
                    ib.create<memref::StoreOp>(il, v, seqV, ValueRange{row, t, j});
                    ib.create<scf::YieldOp>(il);
                  });
            }
            ob.create<scf::YieldOp>(l);
          });
    }
    applyUnroll(loop);
  }
};

/// Two independent recurrences in one time loop, at `b`'s position: each step runs one
/// step of each, so while one waits on its activation the other's FMAs run.
void lowerInterleaved(RecurrenceLowering &a, RecurrenceLowering &b2, OpBuilder &b) {
  Location loc = b2.op.getLoc();
  Value steps = dimOf(b, loc, b2.seq, 1);
  Value rowsA = dimOf(b, loc, a.seq, 0), rowsB = dimOf(b, loc, b2.seq, 0);
  Value c1 = cIdx(b, loc, 1);
  a.emitFirstStep(b, loc, rowsA, steps);
  b2.emitFirstStep(b, loc, rowsB, steps);
  auto loop = b.create<scf::ForOp>(loc, c1, steps, c1);
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPoint(loop.getBody()->getTerminator());
    a.emitLaterStep(b, loc, rowsA, steps, loop.getInductionVar());
    b2.emitLaterStep(b, loc, rowsB, steps, loop.getInductionVar());
  }
  a.applyUnroll(loop);
  Value hasSteps = b.create<arith::ConstantIntOp>(loc, 1, 1);
  for (RecurrenceLowering *r : {&a, &b2})
    r->emitLastCopy(b, loc, r == &a ? rowsA : rowsB, steps, hasSteps,
                    b.create<arith::ConstantOp>(loc, b.getFloatAttr(r->elt, 0.0)));
  a.op.erase();
  b2.op.erase();
}

struct LowerKernels : rnnc::impl::LowerKernelsBase<LowerKernels> {
  using LowerKernelsBase::LowerKernelsBase;

  void runOnOperation() override {
    FailureOr<UnrollPolicy> policy = parseUnroll(unroll);
    if (minChains < 1) {
      getOperation()->emitError("min-chains must be at least 1");
      return signalPassFailure();
    }
    if (failed(policy)) {
      getOperation()->emitError("unroll must be auto, none, full or a "
                                "positive integer, got '")
          << unroll << "'";
      return signalPassFailure();
    }
    SmallVector<Operation *> kernels;
    getOperation()->walk([&](Operation *op) {
      if (llvm::isa<MatmulOp, RecurrenceOp>(op))
        kernels.push_back(op);
    });
    for (Operation *op : kernels) {
      if (op->getNumResults() != 0) {
        op->emitOpError("must be bufferized before rnn-lower-kernels");
        return signalPassFailure();
      }
      // Each unrolled step is a copy of the whole step kernel: thousands of them take
      // minutes to compile for no speed.
      auto recurrence = llvm::dyn_cast<RecurrenceOp>(op);
      int64_t steps = recurrence
                          ? llvm::cast<MemRefType>(recurrence.getSequence().getType()).getDimSize(1)
                          : ShapedType::kDynamic;
      if (policy->kind == UnrollPolicy::Full && !ShapedType::isDynamic(steps) &&
          steps > rnnc::kMaxUnrollSteps) {
        op->emitOpError() << "has " << steps << " steps; unroll=full copies each step, "
                          << "and unrolls at most " << rnnc::kMaxUnrollSteps
                          << " (auto, none or a factor of at most 64 keep a loop)";
        return signalPassFailure();
      }
    }
    // Pairs of independent recurrences share a time loop, emitted at the later one.
    DenseMap<Operation *, RecurrenceOp> partnerOf;
    DenseSet<Operation *> paired;
    if (interleave)
      for (Operation *op : kernels)
        if (auto later = llvm::dyn_cast<RecurrenceOp>(op); later && !Workers::of(op))
          if (RecurrenceOp earlier = rnnc::interleavePartner(later);
              earlier && !paired.contains(earlier)) {
            partnerOf[later] = earlier;
            paired.insert(earlier);
            paired.insert(later);
          }
    for (Operation *op : kernels) {
      if (auto later = partnerOf.lookup(op)) {
        RecurrenceLowering a{later, vectorRegisters, minChains, *policy};
        RecurrenceLowering b2{llvm::cast<RecurrenceOp>(op), vectorRegisters, minChains, *policy};
        if (failed(a.prepare()) || failed(b2.prepare()))
          return signalPassFailure();
        OpBuilder b(op);
        lowerInterleaved(a, b2, b);
        continue;
      }
      if (paired.contains(op))
        continue; // lowered with its partner
      LogicalResult result = llvm::isa<MatmulOp>(op)
                                 ? lowerMatmul(llvm::cast<MatmulOp>(op), vectorRegisters, minChains)
                                 : RecurrenceLowering{llvm::cast<RecurrenceOp>(op), vectorRegisters,
                                                      minChains, *policy, Workers::of(op)}
                                       .run();
      if (failed(result))
        return signalPassFailure();
    }
  }
};

} // namespace
