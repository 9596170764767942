// rnn-lower-kernels: rnn.matmul, rnn.recurrence and rnn.gated_recurrence (its lowering in
// GatedRecurrence.cpp) on memrefs become vector loop nests around the panel micro-kernel;
// a recurrence's time loop is a real loop or unrolled.
#include "compiler/Codegen/GatedRecurrence.h"
#include "compiler/Codegen/KernelInterleave.h"
#include "compiler/Codegen/KernelLoops.h"
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
using rnnc::cIdx;
using rnnc::dimOf;
using rnnc::emitRowCopy;
using rnnc::readPanel;
using rnnc::UnrollPolicy;
using rnnc::Workers;
using rnnc::writePanel;
using Panel = rnnc::PanelKernel::Panel;

namespace {

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
  // K from the rows: int8 panels carry scale rows past K.
  kernel.k = llvm::cast<MemRefType>(op.getLhs().getType()).getShape().back();
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

struct RecurrenceLowering {
  RecurrenceOp op;
  int64_t registers;
  int64_t minChains;
  UnrollPolicy unroll;
  bool bf16Dot = false;
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
    kernel.dotBF16 = bf16Dot;
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

  void applyUnroll(scf::ForOp loop) { rnnc::applyUnroll(loop, unroll); }

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
            getConstantIntValue(rows) == 1 && rnnc::staticBytes(packed) > rnnc::kSplitPanelBytes;
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
      emitLastCopy(b, loc, rows, steps, hasSteps);
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
    return rnnc::zigZagWeights(packed, llvm::cast<MemRefType>(seq.getType()).getDimSize(0));
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
  void emitLastCopy(OpBuilder &b, Location loc, Value rows, Value steps, Value hasSteps) {
    rnnc::emitLastStateCopy(b, loc, {seq, last, h0, units, forward}, rows, steps, hasSteps);
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
      rnnc::emitStepCommit(b, loc, {seqV, lastV, h0V, units, forward}, maskV, lengthsV, rows, t, s);
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
    r->emitLastCopy(b, loc, r == &a ? rowsA : rowsB, steps, hasSteps);
  a.op.erase();
  b2.op.erase();
}

struct LowerKernels : rnnc::impl::LowerKernelsBase<LowerKernels> {
  using LowerKernelsBase::LowerKernelsBase;

  void runOnOperation() override {
    FailureOr<UnrollPolicy> policy = rnnc::parseUnroll(unroll);
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
      if (llvm::isa<MatmulOp, RecurrenceOp, GatedRecurrenceOp>(op))
        kernels.push_back(op);
    });
    for (Operation *op : kernels) {
      if (op->getNumResults() != 0) {
        op->emitOpError("must be bufferized before rnn-lower-kernels");
        return signalPassFailure();
      }
      // Each unrolled step is a copy of the whole step kernel: thousands of them take
      // minutes to compile for no speed.
      Value sequence;
      if (auto recurrence = llvm::dyn_cast<RecurrenceOp>(op))
        sequence = recurrence.getSequence();
      if (auto gated = llvm::dyn_cast<GatedRecurrenceOp>(op))
        sequence = gated.getSequence();
      int64_t steps = sequence ? llvm::cast<MemRefType>(sequence.getType()).getDimSize(1)
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
        RecurrenceLowering a{later, vectorRegisters, minChains, *policy, bf16Dot};
        RecurrenceLowering b2{llvm::cast<RecurrenceOp>(op), vectorRegisters, minChains, *policy,
                              bf16Dot};
        if (failed(a.prepare()) || failed(b2.prepare()))
          return signalPassFailure();
        OpBuilder b(op);
        lowerInterleaved(a, b2, b);
        continue;
      }
      if (paired.contains(op))
        continue; // lowered with its partner
      if (auto gated = llvm::dyn_cast<GatedRecurrenceOp>(op)) {
        if (failed(
                rnnc::lowerGatedRecurrence(gated, {vectorRegisters, minChains, *policy, bf16Dot})))
          return signalPassFailure();
        continue;
      }
      LogicalResult result = llvm::isa<MatmulOp>(op)
                                 ? lowerMatmul(llvm::cast<MatmulOp>(op), vectorRegisters, minChains)
                                 : RecurrenceLowering{llvm::cast<RecurrenceOp>(op),
                                                      vectorRegisters,
                                                      minChains,
                                                      *policy,
                                                      bf16Dot,
                                                      Workers::of(op)}
                                       .run();
      if (failed(result))
        return signalPassFailure();
    }
  }
};

} // namespace
