// rnn-lower-kernels: rnn.matmul and rnn.recurrence on memrefs become vector loop nests
// around the panel micro-kernel; the recurrence's time loop is a real loop or unrolled.
#include "compiler/Codegen/PanelKernel.h"
#include "compiler/Codegen/Passes.h"

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

/// Sequences at most this long are unrolled fully under `unroll=auto`.
constexpr int64_t kAutoUnrollSteps = 16;

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

/// A dim of `mem`: a constant when the type knows it, so loop bounds and the kernel's
/// blocking see static sizes.
Value dimOf(OpBuilder &b, Location loc, Value mem, int64_t d) {
  auto type = llvm::cast<MemRefType>(mem.getType());
  if (!type.isDynamicDim(d))
    return cIdx(b, loc, type.getDimSize(d));
  return b.create<memref::DimOp>(loc, mem, d);
}

/// A vector of the panel `panel` of row `idx` of `mem`, whose last dim has `n` valid
/// columns; reads past `n` give zero.
Value readPanel(OpBuilder &b, Location loc, Value mem, ValueRange idx,
                int64_t panel, int64_t vw, int64_t n) {
  auto type = llvm::cast<MemRefType>(mem.getType());
  auto vecType = VectorType::get({vw}, type.getElementType());
  SmallVector<Value> indices(idx);
  indices.push_back(cIdx(b, loc, panel * vw));
  bool inBounds = (panel + 1) * vw <= n;
  Value zero = b.create<arith::ConstantOp>(
      loc, b.getFloatAttr(type.getElementType(), 0.0));
  return b.create<vector::TransferReadOp>(
      loc, vecType, mem, indices, zero, ArrayRef<bool>{inBounds});
}

void writePanel(OpBuilder &b, Location loc, Value v, Value mem, ValueRange idx,
                int64_t panel, int64_t vw, int64_t n) {
  SmallVector<Value> indices(idx);
  indices.push_back(cIdx(b, loc, panel * vw));
  bool inBounds = (panel + 1) * vw <= n;
  b.create<vector::TransferWriteOp>(loc, v, mem, indices,
                                    ArrayRef<bool>{inBounds});
}

/// Views a (d0, ..., dn-1, k) buffer as (d0 * ... * dn-1, k) rows.
Value collapseRows(OpBuilder &b, Location loc, Value mem) {
  auto type = llvm::cast<MemRefType>(mem.getType());
  if (type.getRank() == 2)
    return mem;
  ReassociationIndices rows;
  for (int64_t i = 0; i + 1 < type.getRank(); ++i)
    rows.push_back(i);
  return b.create<memref::CollapseShapeOp>(
      loc, mem, SmallVector<ReassociationIndices>{rows, {type.getRank() - 1}});
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
    if (rank == 2 || memref::CollapseShapeOp::isGuaranteedCollapsible(
                         type, {rows, {rank - 1}}))
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
  kernel.k = packedType.getDimSize(1);
  kernel.n = n;
  kernel.packed = op.getPackedWeights();
  kernel.registers = registers;
  kernel.minChains = minChains;
  kernel.activation = op.getActivation();
  Value bias = op.getBias();
  kernel.loadA = [lhs](OpBuilder &ob, Location l, Value row, Value kk) {
    return ob.create<memref::LoadOp>(l, lhs.mem, lhs.at(ob, l, row, kk))
        .getResult();
  };
  Type elt = init.getElementType();
  kernel.initAcc = [=](OpBuilder &ob, Location l, Value, int64_t panel) {
    if (bias)
      return readPanel(ob, l, bias, {}, panel, vw, n);
    auto vecType = VectorType::get({vw}, elt);
    return ob
        .create<arith::ConstantOp>(
            l, DenseElementsAttr::get(vecType, ob.getFloatAttr(elt, 0.0)))
        .getResult();
  };
  kernel.store = [=](OpBuilder &ob, Location l, Value row, int64_t panel,
                     Value v) {
    SmallVector<Value> idx = out.at(ob, l, row, Value());
    idx.pop_back();
    writePanel(ob, l, v, out.mem, idx, panel, vw, n);
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
      loc, c0, rows, c1, std::nullopt,
      [&](OpBuilder &ob, Location l, Value row, ValueRange) {
        ob.create<scf::ForOp>(
            l, c0, nV, c1, std::nullopt,
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

  Value seq, last, h0, lengths, mask, packed;
  int64_t units = 0, vw = 0;
  bool forward = true;
  Type elt;

  /// The input-time row processed at step `s`.
  Value timeOf(OpBuilder &b, Location loc, Value s, Value steps) {
    if (forward)
      return s;
    return b.create<arith::SubIOp>(
        loc, b.create<arith::SubIOp>(loc, steps, cIdx(b, loc, 1)), s);
  }

  /// One step: seq[:, t, :] = act(seq[:, t, :] + state · R), `state` may be null (zero).
  void emitStep(OpBuilder &b, Location loc, Value rows, Value t,
                std::function<Value(OpBuilder &, Location, Value, Value)> state) {
    rnnc::PanelKernel kernel;
    kernel.rows = rows;
    kernel.k = units;
    kernel.n = units;
    kernel.packed = packed;
    kernel.registers = registers;
    kernel.minChains = minChains;
    kernel.activation = op.getActivation();
    kernel.clip = op.getClipAttr();
    kernel.loadA = state;
    Value seqV = seq;
    int64_t w = vw, n = units;
    kernel.initAcc = [=](OpBuilder &ob, Location l, Value row, int64_t panel) {
      return readPanel(ob, l, seqV, {row, t}, panel, w, n);
    };
    kernel.store = [=](OpBuilder &ob, Location l, Value row, int64_t panel,
                       Value v) { writePanel(ob, l, v, seqV, {row, t}, panel, w, n); };
    kernel.emit(b, loc);
  }

  Value loadState(OpBuilder &b, Location loc, Value mem, ValueRange idx) {
    return b.create<memref::LoadOp>(loc, mem, idx);
  }

  /// Unrolls the time loop as the policy says; `auto` unrolls short static loops fully.
  void applyUnroll(scf::ForOp loop) {
    std::optional<int64_t> trips =
        constantTripCount(loop.getLowerBound(), loop.getUpperBound(),
                          loop.getStep());
    switch (unroll.kind) {
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

  LogicalResult run() {
    OpBuilder b(op);
    Location loc = op.getLoc();
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

    Value rows = dimOf(b, loc, seq, 0);
    Value steps = dimOf(b, loc, seq, 1);
    Value c0 = cIdx(b, loc, 0), c1 = cIdx(b, loc, 1);
    Value zeroF = b.create<arith::ConstantOp>(loc, b.getFloatAttr(elt, 0.0));

    if (!lengths && !mask)
      emitPlain(b, loc, rows, steps, c0, c1, zeroF);
    else
      emitMasked(b, loc, rows, steps, c0, c1, zeroF);
    op.erase();
    return success();
  }

  /// No mask: h_{t-1} is read from the previous output row, so a step writes only its
  /// own row and nothing is copied.
  void emitPlain(OpBuilder &b, Location loc, Value rows, Value steps, Value c0,
                 Value c1, Value zeroF) {
    Value hasSteps =
        b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sgt, steps, c0);
    Value h0V = h0, seqV = seq;
    // Step 0 reads the initial state, or skips the product when it is zero.
    auto ifFirst = b.create<scf::IfOp>(loc, hasSteps, /*withElse=*/false);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(ifFirst.thenBlock());
      Value t0 = timeOf(b, loc, c0, steps);
      std::function<Value(OpBuilder &, Location, Value, Value)> state;
      if (h0V)
        state = [=](OpBuilder &ob, Location l, Value row, Value kk) {
          return ob.create<memref::LoadOp>(l, h0V, ValueRange{row, kk})
              .getResult();
        };
      emitStep(b, loc, rows, t0, state);
    }
    auto loop = b.create<scf::ForOp>(loc, c1, steps, c1);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPoint(loop.getBody()->getTerminator());
      Value s = loop.getInductionVar();
      Value t = timeOf(b, loc, s, steps);
      Value prev = forward ? b.create<arith::SubIOp>(loc, t, c1).getResult()
                           : b.create<arith::AddIOp>(loc, t, c1).getResult();
      emitStep(b, loc, rows, t,
               [=](OpBuilder &ob, Location l, Value row, Value kk) {
                 return ob.create<memref::LoadOp>(l, seqV,
                                                  ValueRange{row, prev, kk})
                     .getResult();
               });
    }
    applyUnroll(loop);

    // last = the final row, or the initial state (zero) when there are no steps.
    Value lastT = forward ? b.create<arith::SubIOp>(loc, steps, c1).getResult()
                          : c0;
    Value lastV = last;
    emitRowCopy(
        b, loc, rows, units,
        [&](OpBuilder &ob, Location l, Value row, Value j) -> Value {
          auto sel = ob.create<scf::IfOp>(
              l, TypeRange{elt}, hasSteps, /*withElse=*/true);
          OpBuilder tb = sel.getThenBodyBuilder();
          tb.create<scf::YieldOp>(
              l, tb.create<memref::LoadOp>(l, seqV, ValueRange{row, lastT, j})
                     .getResult());
          OpBuilder eb = sel.getElseBodyBuilder();
          Value fallback =
              h0V ? eb.create<memref::LoadOp>(l, h0V, ValueRange{row, j})
                        .getResult()
                  : zeroF;
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
  void emitMasked(OpBuilder &b, Location loc, Value rows, Value steps, Value c0,
                  Value c1, Value zeroF) {
    Value lastV = last, seqV = seq, h0V = h0, lengthsV = lengths, maskV = mask;
    emitRowCopy(
        b, loc, rows, units,
        [&](OpBuilder &ob, Location l, Value row, Value j) -> Value {
          return h0V ? ob.create<memref::LoadOp>(l, h0V, ValueRange{row, j})
                           .getResult()
                     : zeroF;
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
      emitStep(b, loc, rows, t,
               [=](OpBuilder &ob, Location l, Value row, Value kk) {
                 return ob.create<memref::LoadOp>(l, lastV,
                                                  ValueRange{row, kk})
                     .getResult();
               });
      Value isFirst =
          b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, s, c0);
      Value prev = forward ? b.create<arith::SubIOp>(loc, t, c1).getResult()
                           : b.create<arith::AddIOp>(loc, t, c1).getResult();
      Value nV = cIdx(b, loc, units);
      b.create<scf::ForOp>(
          loc, c0, rows, c1, std::nullopt,
          [&](OpBuilder &ob, Location l, Value row, ValueRange) {
            Value valid;
            if (maskV) {
              valid = ob.create<memref::LoadOp>(l, maskV, ValueRange{row, t});
            } else {
              Value len = ob.create<memref::LoadOp>(l, lengthsV, ValueRange{row});
              Value lenIdx =
                  ob.create<arith::IndexCastOp>(l, ob.getIndexType(), len);
              valid = ob.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt,
                                               t, lenIdx);
            }
            auto branch = ob.create<scf::IfOp>(l, valid, /*withElse=*/true);
            {
              OpBuilder tb = branch.getThenBodyBuilder();
              tb.create<scf::ForOp>(
                  l, c0, nV, c1, std::nullopt,
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
                          il, se.create<memref::LoadOp>(il, seqV,
                                                        ValueRange{row, prev, j})
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
      LogicalResult result =
          llvm::isa<MatmulOp>(op)
              ? lowerMatmul(llvm::cast<MatmulOp>(op), vectorRegisters,
                            minChains)
              : RecurrenceLowering{llvm::cast<RecurrenceOp>(op),
                                   vectorRegisters, minChains, *policy}
                    .run();
      if (failed(result))
        return signalPassFailure();
    }
  }
};

} // namespace
