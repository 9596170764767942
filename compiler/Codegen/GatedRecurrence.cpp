// The lowering of rnn.gated_recurrence (LSTM, GRU) on memrefs. Each step is one pass of
// the panel micro-kernel over the packed gate panels (a panel group holds every gate of
// its unit blocks), whose epilogue applies the gates and updates the state in registers:
// no gate tensor is written and read back. A GRU without reset_after takes two passes,
// the z / r one storing r ⊙ h for the h one.
#include "compiler/Codegen/GatedRecurrence.h"
#include "compiler/Codegen/KernelInterleave.h"
#include "compiler/Utils/Activation.h"
#include "dialect/PanelGroups.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::rnn;

namespace rnnc {

namespace {

using Panel = PanelKernel::Panel;
/// A scalar of the state a step reads, (row, k); null means zero.
using ScalarSource = std::function<Value(OpBuilder &, Location, Value row, Value kk)>;
/// The state a step reads, as the vector of one unit panel of a row.
using PanelSource = std::function<Value(OpBuilder &, Location, Value row, const Panel &)>;
/// Whether a row takes the step (lengths, mask); null means every row does.
using RowCondition = std::function<Value(OpBuilder &, Location, Value row)>;

/// What one step reads and where it writes.
struct Step {
  Value t;        // the input-time row of this step
  Value rows;     // rows computed by this worker (or all)
  bool reverse;   // walk the weights backwards (see PanelKernel::reverse)
  ScalarSource h; // h_{t-1} for the recurrent product
  PanelSource hPanel;
  RowCondition valid;
};

struct GatedLowering {
  GatedLowering(GatedRecurrenceOp op, const KernelOptions &options)
      : op(op), options(options), workers(Workers::of(op)) {}

  GatedRecurrenceOp op;
  KernelOptions options;
  Workers workers;
  bool splitPanels = false;
  Value rowBegin;

  Value seq, last, cell, scratch, proj, packed, h0, c0, lengths, mask, rbias, peep;
  int64_t units = 0, vw = 0;
  /// The panel group the narrow recurrent kernel is stored in (dialect/PanelGroups.h).
  int64_t panelGroup = 1;
  bool forward = true;
  Type elt;

  Value splat(OpBuilder &b, Location loc, double v) {
    auto type = VectorType::get({vw}, elt);
    return b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(type, b.getFloatAttr(elt, v)));
  }
  Value add(OpBuilder &b, Location loc, Value x, Value y) {
    return b.create<arith::AddFOp>(loc, x, y);
  }
  Value mul(OpBuilder &b, Location loc, Value x, Value y) {
    return b.create<arith::MulFOp>(loc, x, y);
  }
  Value act(OpBuilder &b, Location loc, ActivationAttr a, Value x, bool clipped = true) {
    FloatAttr clip = clipped ? op.getClipAttr() : FloatAttr();
    if (a.getKind() != ActivationKind::sigmoid)
      return emitActivation(b, loc, a, clip, x);
    // A gate's sigmoid as ½ + ½·tanh(x/2): one rational polynomial where exp takes a range
    // reduction, a polynomial and a division (the LSTM step measured 6% faster at H = 64).
    // Its absolute error stays at float32's (~3e-8); the relative error of outputs below
    // ~1e-7 grows, which a gate multiplying bounded values never shows.
    MLIRContext *ctx = b.getContext();
    x = emitActivation(b, loc, ActivationAttr::get(ctx, ActivationKind::linear), clip, x);
    Value half = splat(b, loc, 0.5);
    Value t = emitActivation(b, loc, ActivationAttr::get(ctx, ActivationKind::tanh), FloatAttr(),
                             mul(b, loc, half, x));
    return add(b, loc, half, mul(b, loc, half, t));
  }
  /// z ⊙ h + (1 - z) ⊙ h̃, as h̃ + z ⊙ (h - h̃).
  Value blend(OpBuilder &b, Location loc, Value z, Value h, Value candidate) {
    return add(b, loc, candidate, mul(b, loc, z, b.create<arith::SubFOp>(loc, h, candidate)));
  }

  /// The input-time row processed at step `s`.
  Value timeOf(OpBuilder &b, Location loc, Value s, Value steps) {
    if (forward)
      return s;
    return b.create<arith::SubIOp>(loc, b.create<arith::SubIOp>(loc, steps, cIdx(b, loc, 1)), s);
  }

  /// One pass of the micro-kernel over `gates` panels per unit block from packed panel
  /// `offset` on.
  void emitPass(OpBuilder &b, Location loc, const Step &st, int64_t gates, int64_t offset,
                ScalarSource a,
                std::function<Value(OpBuilder &, Location, Value, const Panel &)> initAcc,
                decltype(PanelKernel::finish) finish) {
    PanelKernel kernel;
    kernel.reverse = st.reverse;
    kernel.rows = st.rows;
    kernel.k = units;
    kernel.n = units;
    kernel.packed = packed;
    kernel.gates = gates;
    kernel.panelOffset = offset;
    kernel.panelGroup = panelGroup;
    kernel.registers = options.registers;
    kernel.minChains = options.minChains;
    kernel.dotBF16 = options.bf16Dot;
    kernel.loadA = std::move(a);
    kernel.initAcc = std::move(initAcc);
    kernel.finish = std::move(finish);
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
    kernel.emit(b, loc);
  }

  /// The projection of gate `gate` for a unit panel of row `row` at step `t`.
  Value projected(OpBuilder &b, Location loc, Value row, Value t, const Panel &p, int64_t gate) {
    return readPanel(b, loc, proj, {row, t}, p, vw, gate * units);
  }

  void lstmStep(OpBuilder &b, Location loc, const Step &st) {
    ActivationAttr sigma = op.getRecurrentActivation(), g = op.getActivation(),
                   out = op.getEffectiveOutputActivation();
    bool coupled = op.getInputForget();
    auto finish = [&](OpBuilder &ob, Location l, Value row, ArrayRef<Panel> panels,
                      ArrayRef<Value> accs) {
      for (size_t s = 0; s < panels.size(); s += 4) {
        const Panel &p = panels[s];
        Value c = readPanel(ob, l, cell, {row}, p, vw);
        Value ai = accs[s], af = accs[s + 1], ac = accs[s + 2], ao = accs[s + 3];
        if (peep) {
          ai = add(ob, l, ai, mul(ob, l, readPanel(ob, l, peep, {}, p, vw, 0), c));
          af = add(ob, l, af, mul(ob, l, readPanel(ob, l, peep, {}, p, vw, units), c));
        }
        Value i = act(ob, l, sigma, ai);
        Value f = coupled ? ob.create<arith::SubFOp>(l, splat(ob, l, 1.0), i).getResult()
                          : act(ob, l, sigma, af);
        Value next = add(ob, l, mul(ob, l, f, c), mul(ob, l, i, act(ob, l, g, ac)));
        if (peep)
          ao = add(ob, l, ao, mul(ob, l, readPanel(ob, l, peep, {}, p, vw, 2 * units), next));
        Value h = mul(ob, l, act(ob, l, sigma, ao), act(ob, l, out, next, /*clipped=*/false));
        if (st.valid)
          next = ob.create<arith::SelectOp>(l, st.valid(ob, l, row), next, c);
        writePanel(ob, l, next, cell, {row}, p);
        writePanel(ob, l, h, seq, {row, st.t}, p);
      }
    };
    emitPass(
        b, loc, st, 4, 0, st.h,
        [&](OpBuilder &ob, Location l, Value row, const Panel &p) {
          return projected(ob, l, row, st.t, p, p.gate);
        },
        finish);
  }

  void gruResetAfterStep(OpBuilder &b, Location loc, const Step &st) {
    ActivationAttr sigma = op.getRecurrentActivation(), g = op.getActivation();
    auto finish = [&](OpBuilder &ob, Location l, Value row, ArrayRef<Panel> panels,
                      ArrayRef<Value> accs) {
      for (size_t s = 0; s < panels.size(); s += 3) {
        const Panel &p = panels[s];
        Value z = act(ob, l, sigma, accs[s]), r = act(ob, l, sigma, accs[s + 1]);
        Value candidate = act(
            ob, l, g, add(ob, l, projected(ob, l, row, st.t, p, 2), mul(ob, l, r, accs[s + 2])));
        writePanel(ob, l, blend(ob, l, z, st.hPanel(ob, l, row, p), candidate), seq, {row, st.t},
                   p);
      }
    };
    emitPass(
        b, loc, st, 3, 0, st.h,
        [&](OpBuilder &ob, Location l, Value row, const Panel &p) {
          // The h gate starts from its recurrent bias; its projection joins after r.
          if (p.gate < 2)
            return projected(ob, l, row, st.t, p, p.gate);
          return rbias ? readPanel(ob, l, rbias, {}, p, vw) : splat(ob, l, 0.0);
        },
        finish);
  }

  void gruResetBeforeStep(OpBuilder &b, Location loc, const Step &st) {
    ActivationAttr sigma = op.getRecurrentActivation(), g = op.getActivation();
    // z and r: z waits in the step's output row, r ⊙ h in the scratch rows.
    emitPass(
        b, loc, st, 2, 0, st.h,
        [&](OpBuilder &ob, Location l, Value row, const Panel &p) {
          return projected(ob, l, row, st.t, p, p.gate);
        },
        [&](OpBuilder &ob, Location l, Value row, ArrayRef<Panel> panels, ArrayRef<Value> accs) {
          for (size_t s = 0; s < panels.size(); s += 2) {
            const Panel &p = panels[s];
            writePanel(ob, l, act(ob, l, sigma, accs[s]), seq, {row, st.t}, p);
            Value r = act(ob, l, sigma, accs[s + 1]);
            writePanel(ob, l, mul(ob, l, r, st.hPanel(ob, l, row, p)), scratch, {row}, p);
          }
        });
    // Every unit's r ⊙ h feeds every column of the h product.
    if (workers && splitPanels)
      workers.barrier(b, loc);
    Value scratchV = scratch;
    ScalarSource resetState;
    if (st.h)
      resetState = [scratchV](OpBuilder &ob, Location l, Value row, Value kk) {
        return ob.create<memref::LoadOp>(l, scratchV, ValueRange{row, kk}).getResult();
      };
    int64_t blocks = llvm::divideCeil(units, vw);
    emitPass(
        b, loc, st, 1, 2 * blocks, resetState,
        [&](OpBuilder &ob, Location l, Value row, const Panel &p) {
          return projected(ob, l, row, st.t, p, 2);
        },
        [&](OpBuilder &ob, Location l, Value row, ArrayRef<Panel> panels, ArrayRef<Value> accs) {
          for (auto [p, acc] : llvm::zip(panels, accs)) {
            Value z = readPanel(ob, l, seq, {row, st.t}, p, vw);
            Value h = blend(ob, l, z, st.hPanel(ob, l, row, p), act(ob, l, g, acc));
            writePanel(ob, l, h, seq, {row, st.t}, p);
          }
        });
  }

  void emitStep(OpBuilder &b, Location loc, const Step &st) {
    if (op.getCell() == CellKind::lstm)
      lstmStep(b, loc, st);
    else if (op.getResetAfter())
      gruResetAfterStep(b, loc, st);
    else
      gruResetBeforeStep(b, loc, st);
  }

  /// emitStep for step number `s`, walking the weights backwards on odd steps when they
  /// outgrow L1 (see zigZagWeights); grouped panels fit in L2 and stream faster forwards.
  void emitStepAt(OpBuilder &b, Location loc, Step st, Value s) {
    if (panelGroup > 1 ||
        !zigZagWeights(packed, llvm::cast<MemRefType>(seq.getType()).getDimSize(0))) {
      emitStep(b, loc, st);
      return;
    }
    Value c0 = cIdx(b, loc, 0), c1 = cIdx(b, loc, 1);
    Value odd = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne,
                                        b.create<arith::AndIOp>(loc, s, c1), c0);
    auto parity = b.create<scf::IfOp>(loc, odd, /*withElse=*/true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(parity.thenBlock());
    st.reverse = true;
    emitStep(b, loc, st);
    b.setInsertionPointToStart(parity.elseBlock());
    st.reverse = false;
    emitStep(b, loc, st);
  }

  ScalarSource scalarsOf(Value mem, ValueRange lead) {
    SmallVector<Value> leading(lead);
    return [mem, leading](OpBuilder &b, Location loc, Value row, Value kk) {
      SmallVector<Value> idx = {row};
      idx.append(leading.begin(), leading.end());
      idx.push_back(kk);
      return b.create<memref::LoadOp>(loc, mem, idx).getResult();
    };
  }
  PanelSource panelsOf(Value mem, ValueRange lead) {
    SmallVector<Value> leading(lead);
    int64_t w = vw;
    return [mem, leading, w](OpBuilder &b, Location loc, Value row, const Panel &p) {
      SmallVector<Value> idx = {row};
      idx.append(leading.begin(), leading.end());
      return readPanel(b, loc, mem, idx, p, w);
    };
  }

  /// Copies `src` (or zero when null) into the state buffer `dst`, (batch, units).
  void initState(OpBuilder &b, Location loc, Value rows, Value dst, Value src) {
    Value zero = b.create<arith::ConstantOp>(loc, b.getFloatAttr(elt, 0.0));
    emitRowCopy(
        b, loc, rows, units,
        [&](OpBuilder &ob, Location l, Value row, Value j) -> Value {
          return src ? ob.create<memref::LoadOp>(l, src, ValueRange{row, j}).getResult() : zero;
        },
        [&](OpBuilder &ob, Location l, Value row, Value j, Value v) {
          ob.create<memref::StoreOp>(l, v, dst, ValueRange{row, j});
        });
  }

  LogicalResult prepare() {
    seq = op.getSequence();
    last = op.getLast();
    cell = op.getLastCell();
    scratch = op.getScratch();
    proj = op.getProjection();
    packed = op.getRecurrentKernel();
    h0 = op.getInitialState();
    c0 = op.getInitialCell();
    lengths = op.getLengths();
    mask = op.getMask();
    rbias = op.getRecurrentBias();
    peep = op.getPeepholes();
    auto packedType = llvm::dyn_cast<MemRefType>(packed.getType());
    if (!packedType || packedType.getRank() != 3)
      return op.emitOpError("needs packed recurrent weights; run rnn-pack-weights first");
    auto seqType = llvm::cast<MemRefType>(seq.getType());
    units = seqType.getDimSize(2);
    vw = packedType.getDimSize(2);
    elt = seqType.getElementType();
    forward = op.getDirection() == Direction::forward;
    Type stored = packedType.getElementType();
    if (stored.isBF16() || stored.isInteger(8))
      panelGroup = rnn::gatedPanelGroup(op, staticBytes(packed));
    return success();
  }

  LogicalResult run() {
    if (failed(prepare()))
      return failure();
    OpBuilder b(op);
    Location loc = op.getLoc();
    Value rows = dimOf(b, loc, seq, 0), steps = dimOf(b, loc, seq, 1);
    if (lengths || mask) {
      // The state lives in `last` and each row's step is committed or undone after it:
      // one worker runs it all.
      if (workers) {
        auto first = b.create<scf::IfOp>(loc, workers.isFirst(b, loc), false);
        b.setInsertionPointToStart(first.thenBlock());
        workers = {};
      }
      emitMasked(b, loc, rows, steps);
    } else {
      emitPlain(b, loc, rows, steps);
    }
    op.erase();
    return success();
  }

  // Without lengths or a mask, h_{t-1} is the previous output row and c lives in `cell`.
  void emitPlain(OpBuilder &b, Location loc, Value rows, Value steps) {
    Value c0i = cIdx(b, loc, 0), c1 = cIdx(b, loc, 1);
    Value stepRows = rows;
    if (workers) {
      splitPanels = getConstantIntValue(rows) == 1 && staticBytes(packed) > kSplitPanelBytes;
      if (!splitPanels)
        std::tie(rowBegin, stepRows) = workers.slice(b, loc, rows);
    }
    auto onFirstWorker = [&](function_ref<void()> body) {
      if (!workers) {
        body();
        return;
      }
      auto first = b.create<scf::IfOp>(loc, workers.isFirst(b, loc), false);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(first.thenBlock());
      body();
    };
    if (cell) {
      onFirstWorker([&] { initState(b, loc, rows, cell, c0); });
      if (workers)
        workers.barrier(b, loc);
    }
    Value hasSteps = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sgt, steps, c0i);
    auto ifFirst = b.create<scf::IfOp>(loc, hasSteps, /*withElse=*/false);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(ifFirst.thenBlock());
      Step st{timeOf(b, loc, c0i, steps), stepRows, false, {}, {}, {}};
      if (h0) {
        st.h = scalarsOf(h0, {});
        st.hPanel = panelsOf(h0, {});
      } else {
        st.hPanel = [this](OpBuilder &ob, Location l, Value, const Panel &) {
          return splat(ob, l, 0.0);
        };
      }
      emitStep(b, loc, st);
      if (workers && splitPanels)
        workers.barrier(b, loc);
    }
    auto loop = b.create<scf::ForOp>(loc, c1, steps, c1);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(loop.getBody()->getTerminator());
      Value s = loop.getInductionVar();
      Value t = timeOf(b, loc, s, steps);
      Value prev = forward ? b.create<arith::SubIOp>(loc, t, c1).getResult()
                           : b.create<arith::AddIOp>(loc, t, c1).getResult();
      Step st{t, stepRows, false, scalarsOf(seq, {prev}), panelsOf(seq, {prev}), {}};
      emitStepAt(b, loc, st, s);
      if (workers && splitPanels)
        workers.barrier(b, loc);
    }
    applyUnroll(loop, options.unroll);
    if (workers && !splitPanels)
      workers.barrier(b, loc); // the last state copy reads every worker's rows
    onFirstWorker([&] { emitLastCopy(b, loc, rows, steps, hasSteps); });
  }

  RecurrenceBuffers buffers() const { return {seq, last, h0, units, forward}; }

  /// last = the final row, or the initial state (zero) when there are no steps.
  void emitLastCopy(OpBuilder &b, Location loc, Value rows, Value steps, Value hasSteps) {
    emitLastStateCopy(b, loc, buffers(), rows, steps, hasSteps);
  }

  /// With lengths or a mask h lives in `last` (and c in `cell`): each step computes into
  /// its output row, then per row either commits the row to `last` (a step taken) or sets
  /// the row to zero (lengths) or to the previous output (mask); c is kept by the step.
  void emitMasked(OpBuilder &b, Location loc, Value rows, Value steps) {
    Value c0i = cIdx(b, loc, 0), c1 = cIdx(b, loc, 1);
    initState(b, loc, rows, last, h0);
    if (cell)
      initState(b, loc, rows, cell, c0);
    auto loop = b.create<scf::ForOp>(loc, c0i, steps, c1);
    emitMaskedStep(b, loc, rows, steps, loop);
    applyUnroll(loop, options.unroll);
  }

  void emitMaskedStep(OpBuilder &b, Location loc, Value rows, Value steps, scf::ForOp loop) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(loop.getBody()->getTerminator());
    Value s = loop.getInductionVar();
    Value t = timeOf(b, loc, s, steps);
    Value maskV = mask, lengthsV = lengths;
    Step st{t,
            rows,
            false,
            scalarsOf(last, {}),
            panelsOf(last, {}),
            [maskV, lengthsV, t](OpBuilder &ob, Location l, Value row) {
              return rowTakesStep(ob, l, maskV, lengthsV, row, t);
            }};
    emitStepAt(b, loc, st, s);
    emitStepCommit(b, loc, buffers(), mask, lengths, rows, t, s);
  }
};

} // namespace

LogicalResult lowerGatedRecurrence(GatedRecurrenceOp op, const KernelOptions &options) {
  return GatedLowering(op, options).run();
}

} // namespace rnnc
