// The importer of ONNX RNN: rnn.simple_rnn (forward / reverse) or rnn.bidirectional
// (merge_mode none), with the weights in the dialect's layout (kernel = W[d]^T,
// recurrent = R[d]^T, bias = Wb[d] + Rb[d]) and the outputs in the graph's layout.
#include "compiler/Frontends/ONNX/Ops.h"
#include "compiler/Frontends/ONNX/RecurrentNode.h"

using namespace mlir;

namespace rnnc::onnximport {

namespace {

constexpr int64_t kBlocks[] = {0};
const StringRef kDefaults[] = {"Tanh"};
const CellSpec kRNN = {1, kBlocks, "f", kDefaults, "", 6};

LogicalResult emitRNN(RecurrentNode &r) {
  NodeContext &n = r.n;
  MLIRContext *ctx = n.e.b.getContext();
  Value input = r.input(), lengths = r.lengths();
  SmallVector<Value> kernels, recurrents, biases, initials;
  for (int64_t d = 0; d < r.numDirections; ++d) {
    kernels.push_back(r.kernel(d));
    recurrents.push_back(r.recurrentKernel(d));
    biases.push_back(r.summedBias(d));
    initials.push_back(r.initialState(5, d, "rnn_initial_h"));
  }
  if (r.numDirections == 1) {
    auto op = n.e.b.create<rnn::SimpleRNNOp>(
        n.loc, r.resultType(0), r.resultType(1), input, kernels[0], recurrents[0], biases[0],
        initials[0], lengths, Value(), r.activations[0],
        rnn::DirectionAttr::get(ctx, r.direction(0)), r.clipAttr());
    r.addResults({op.getSequence(), op.getLastState()});
    return success();
  }
  SmallVector<Type> seqTypes, lastTypes;
  if (Type t = r.resultType(0))
    seqTypes.assign(2, t);
  if (Type t = r.resultType(1))
    lastTypes.assign(2, t);
  rnn::ActivationAttr fw = r.activations[0], bw = r.activations[1];
  auto op = n.e.b.create<rnn::BidirectionalOp>(
      n.loc, seqTypes, lastTypes, input, kernels[0], recurrents[0], biases[0], initials[0],
      kernels[1], recurrents[1], biases[1], initials[1], lengths, Value(), fw,
      bw != fw ? bw : rnn::ActivationAttr(), rnn::MergeModeAttr::get(ctx, rnn::MergeMode::none),
      r.clipAttr());
  // merge_mode none: the forward and the backward half of each output.
  for (int64_t d = 0; d < 2; ++d)
    r.addResults({seqTypes.empty() ? Value() : op.getSequences()[d],
                  lastTypes.empty() ? Value() : op.getLastStates()[d]});
  return success();
}

} // namespace

LogicalResult importRNN(NodeContext &n) { return importRecurrent(n, kRNN, emitRNN); }

} // namespace rnnc::onnximport
