// The importers of ONNX LSTM and GRU: one rnn.lstm / rnn.gru per direction (a bidirectional
// node is a forward and a reverse layer), the gate blocks in the dialect's order.
#include "compiler/Frontends/ONNX/Ops.h"
#include "compiler/Frontends/ONNX/RecurrentNode.h"

using namespace mlir;

namespace rnnc::onnximport {

namespace {

// ONNX orders the LSTM's gates i, o, f, c and its peepholes i, o, f; the dialect i, f, c, o
// and i, f, o.
constexpr int64_t kLSTMBlocks[] = {0, 2, 3, 1};
constexpr int64_t kPeepholeBlocks[] = {0, 2, 1};
const StringRef kLSTMDefaults[] = {"Sigmoid", "Tanh", "Tanh"};
const CellSpec kLSTM = {4, kLSTMBlocks, "f, g, h", kLSTMDefaults, "input_forget", 8};

// GRU's gates are z, r, h in both. B's halves stay apart: with linear_before_reset, Rbh is
// scaled by r.
constexpr int64_t kGRUBlocks[] = {0, 1, 2};
const StringRef kGRUDefaults[] = {"Sigmoid", "Tanh"};
const CellSpec kGRU = {3, kGRUBlocks, "f, g", kGRUDefaults, "linear_before_reset", 6};

UnitAttr unitIf(MLIRContext *ctx, bool set) { return set ? UnitAttr::get(ctx) : UnitAttr(); }

LogicalResult emitLSTM(RecurrentNode &r) {
  NodeContext &n = r.n;
  const Tensor *p = n.hasInput(7) ? &n.input(7) : nullptr;
  Shape pShape = staticShape({r.numDirections, 3 * r.hidden});
  if (p && p->shape != pShape)
    return n.fail("P must be " + shapeText(pShape) + ", got " + shapeText(p->shape));
  MLIRContext *ctx = n.e.b.getContext();
  Value input = r.input(), lengths = r.lengths();
  for (int64_t d = 0; d < r.numDirections; ++d) {
    Value kernel = r.kernel(d), recurrent = r.recurrentKernel(d), bias = r.summedBias(d);
    Value peepholes = r.vectorOf(p, d, kPeepholeBlocks, "rnn_peepholes");
    Value h0 = r.initialState(5, d, "rnn_initial_h"), c0 = r.initialState(6, d, "rnn_initial_c");
    // f, g, h: the gates' activation, the cell candidate's and the cell output's.
    ArrayRef<rnn::ActivationAttr> acts = ArrayRef(r.activations).slice(3 * d, 3);
    auto op = n.e.b.create<rnn::LSTMOp>(
        n.loc, r.resultType(0), r.resultType(1), r.resultType(2), input, kernel, recurrent, bias,
        peepholes, h0, c0, lengths, Value(), acts[0], acts[1],
        acts[2] != acts[1] ? acts[2] : rnn::ActivationAttr(),
        rnn::DirectionAttr::get(ctx, r.direction(d)), r.clipAttr(), unitIf(ctx, r.flag));
    r.addResults({op.getSequence(), op.getLastState(), op.getLastCell()});
  }
  return success();
}

LogicalResult emitGRU(RecurrentNode &r) {
  NodeContext &n = r.n;
  MLIRContext *ctx = n.e.b.getContext();
  Value input = r.input(), lengths = r.lengths();
  for (int64_t d = 0; d < r.numDirections; ++d) {
    Value kernel = r.kernel(d), recurrent = r.recurrentKernel(d);
    auto [bias, recurrentBias] = r.biases(d);
    Value h0 = r.initialState(5, d, "rnn_initial_h");
    ArrayRef<rnn::ActivationAttr> acts = ArrayRef(r.activations).slice(2 * d, 2);
    auto op = n.e.b.create<rnn::GRUOp>(
        n.loc, r.resultType(0), r.resultType(1), input, kernel, recurrent, bias, recurrentBias, h0,
        lengths, Value(), acts[0], acts[1], rnn::DirectionAttr::get(ctx, r.direction(d)),
        r.clipAttr(), unitIf(ctx, r.flag));
    r.addResults({op.getSequence(), op.getLastState()});
  }
  return success();
}

} // namespace

LogicalResult importLSTM(NodeContext &n) { return importRecurrent(n, kLSTM, emitLSTM); }

LogicalResult importGRU(NodeContext &n) { return importRecurrent(n, kGRU, emitGRU); }

} // namespace rnnc::onnximport
