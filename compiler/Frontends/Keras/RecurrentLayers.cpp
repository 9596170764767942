// SimpleRNN and Bidirectional(SimpleRNN) as rnn.simple_rnn / rnn.bidirectional, with
// Keras' masking rules (a masked step carries the previous state and output; a
// Bidirectional layer returning sequences zeroes the outputs of masked steps).
#include "compiler/Frontends/Keras/ModelBuilder.h"
#include "dialect/RNNOps.h"

using namespace mlir;
using llvm::StringRef;

namespace rnnc::keras {

namespace {

/// The fields of a SimpleRNN config the importer uses.
struct RecurrentConfig {
  int64_t units = 0;
  rnn::ActivationAttr activation;
  bool useBias = true;
  bool returnSequences = false;
  bool returnState = false;
  bool goBackwards = false;
  bool zeroOutputForMask = false;
};

FailureOr<RecurrentConfig> readRecurrent(const LayerConfig &layer, int kerasMajor,
                                         MLIRContext *ctx) {
  RecurrentConfig c;
  FailureOr<bool> stateful = layer.getBool("stateful", false);
  FailureOr<bool> timeMajor = layer.getBool("time_major", false);
  // stateful=True is read by the importer, which marks the model for streaming.
  if (failed(stateful) || failed(timeMajor))
    return failure();
  if (*timeMajor) {
    layer.error() << "time_major layers are not supported";
    return failure();
  }
  FailureOr<int64_t> units = layer.getInt({"units", "output_dim"});
  FailureOr<std::string> actName = layer.getActivation("tanh");
  FailureOr<bool> useBias = layer.getUseBias();
  FailureOr<bool> seq = layer.getBool("return_sequences", false);
  FailureOr<bool> state = layer.getBool("return_state", false);
  FailureOr<bool> back = layer.getBool("go_backwards", false);
  FailureOr<bool> zero = layer.getBool("zero_output_for_mask", false);
  if (failed(units) || failed(actName) || failed(useBias) || failed(seq) || failed(state) ||
      failed(back) || failed(zero))
    return failure();
  if (*units <= 0) {
    layer.error() << "units must be positive, got " << *units;
    return failure();
  }
  std::optional<KerasActivation> act = lookupActivation(*actName, kerasMajor, ctx);
  if (!act) {
    layer.error() << "unknown activation '" << *actName
                  << "'; supported: " << kSupportedActivations;
    return failure();
  }
  if (act->kind != KerasActivation::Kind::Elementwise) {
    layer.error() << "activation '" << *actName << "' is not supported in a recurrent cell";
    return failure();
  }
  c.units = *units;
  c.activation = act->attr;
  c.useBias = *useBias;
  c.returnSequences = *seq;
  c.returnState = *state;
  c.goBackwards = *back;
  c.zeroOutputForMask = *zero;
  return c;
}

} // namespace

FailureOr<LayerOutputs> ModelBuilder::emitSimpleRNN(const LayerConfig &layer, Tensor in) {
  FailureOr<RecurrentConfig> cfg = readRecurrent(layer, model.kerasMajor, ctx);
  if (failed(cfg))
    return failure();
  FailureOr<RankedTensorType> inType = floatInput(layer, in, 3, 3);
  if (failed(inType))
    return failure();
  if (in.mask && cfg->zeroOutputForMask && (!cfg->returnSequences || cfg->goBackwards)) {
    layer.error() << "zero_output_for_mask with a mask is supported only for "
                     "forward layers returning sequences";
    return failure();
  }
  int64_t inputDim = inType->getDimSize(2), units = cfg->units;
  llvm::SmallVector<StringRef, 3> roles = {"kernel", "recurrent_kernel"};
  if (cfg->useBias)
    roles.push_back("bias");
  FailureOr<std::vector<Weight>> ws = layerWeights(layer, roles);
  if (failed(ws))
    return failure();
  FailureOr<Value> kernel = weightConstant(layer, (*ws)[0], "kernel", {inputDim, units});
  if (failed(kernel))
    return failure();
  FailureOr<Value> recurrent = weightConstant(layer, (*ws)[1], "recurrent_kernel", {units, units});
  if (failed(recurrent))
    return failure();
  Value bias;
  if (cfg->useBias) {
    FailureOr<Value> b = weightConstant(layer, (*ws)[2], "bias", {units});
    if (failed(b))
      return failure();
    bias = *b;
  }

  Type f32 = builder.getF32Type();
  int64_t batch = inType->getDimSize(0), steps = inType->getDimSize(1);
  Type seqType, lastType;
  if (cfg->returnSequences)
    seqType = RankedTensorType::get({batch, steps, units}, f32);
  if (!cfg->returnSequences || cfg->returnState)
    lastType = RankedTensorType::get({batch, units}, f32);
  auto op = builder.create<rnn::SimpleRNNOp>(
      loc, seqType, lastType, in.value, *kernel, *recurrent, bias,
      /*initial_state=*/Value(), /*lengths=*/Value(), in.mask, cfg->activation,
      cfg->goBackwards ? rnn::Direction::go_backwards : rnn::Direction::forward, FloatAttr());

  LayerOutputs outs;
  if (cfg->returnSequences) {
    Value seq = op.getSequence();
    if (in.mask && cfg->zeroOutputForMask)
      seq = zeroMasked(seq, in.mask);
    // Keras passes the input mask on unchanged, even after go_backwards.
    outs.push_back(Tensor{seq, in.mask, ""});
  } else {
    outs.push_back(Tensor{op.getLastState(), Value(), ""});
  }
  if (cfg->returnState)
    outs.push_back(Tensor{op.getLastState(), Value(), "_state"});
  return outs;
}

FailureOr<LayerOutputs> ModelBuilder::emitBidirectional(const LayerConfig &layer, Tensor in) {
  FailureOr<std::optional<LayerConfig>> fwLayer = layer.getWrapped("layer");
  FailureOr<std::optional<LayerConfig>> bwLayer = layer.getWrapped("backward_layer");
  if (failed(fwLayer) || failed(bwLayer))
    return failure();
  if (!*fwLayer) {
    layer.error() << "missing 'layer' (the wrapped recurrent layer)";
    return failure();
  }
  for (const std::optional<LayerConfig> &half : {*fwLayer, *bwLayer})
    if (half && half->className != "SimpleRNN") {
      layer.error() << "wraps a layer of class '" << half->className
                    << "'; only SimpleRNN is supported";
      return failure();
    }
  FailureOr<RecurrentConfig> fw = readRecurrent(**fwLayer, model.kerasMajor, ctx);
  if (failed(fw))
    return failure();
  RecurrentConfig bw = *fw;
  bw.goBackwards = !fw->goBackwards;
  if (*bwLayer) {
    FailureOr<RecurrentConfig> b = readRecurrent(**bwLayer, model.kerasMajor, ctx);
    if (failed(b))
      return failure();
    bw = *b;
  }
  if (fw->goBackwards || !bw.goBackwards) {
    layer.error() << "the forward half must read forwards and the backward half "
                     "backwards (go_backwards)";
    return failure();
  }
  if (fw->returnSequences != bw.returnSequences || fw->returnState != bw.returnState) {
    layer.error() << "the halves disagree on return_sequences / return_state";
    return failure();
  }

  rnn::MergeMode mode = rnn::MergeMode::concat;
  if (layer.hasKey("merge_mode")) {
    FailureOr<std::string> name = layer.getString("merge_mode", "none");
    if (failed(name))
      return failure();
    std::optional<rnn::MergeMode> m = rnn::symbolizeMergeMode(*name);
    if (!m) {
      layer.error() << "unknown merge_mode '" << *name
                    << "'; expected concat, sum, mul, ave or None";
      return failure();
    }
    mode = *m;
  }
  bool elementwise =
      mode == rnn::MergeMode::sum || mode == rnn::MergeMode::mul || mode == rnn::MergeMode::ave;
  if (elementwise && fw->units != bw.units) {
    layer.error() << "merge_mode " << rnn::stringifyMergeMode(mode)
                  << " needs both halves to have the same units, got " << fw->units << " and "
                  << bw.units;
    return failure();
  }

  FailureOr<RankedTensorType> inType = floatInput(layer, in, 3, 3);
  if (failed(inType))
    return failure();
  int64_t inputDim = inType->getDimSize(2);

  llvm::SmallVector<StringRef, 6> roles;
  for (const RecurrentConfig *half : {&*fw, &bw}) {
    bool forward = half == &*fw;
    roles.push_back(forward ? "forward kernel" : "backward kernel");
    roles.push_back(forward ? "forward recurrent_kernel" : "backward recurrent_kernel");
    if (half->useBias)
      roles.push_back(forward ? "forward bias" : "backward bias");
  }
  FailureOr<std::vector<Weight>> ws = layerWeights(layer, roles);
  if (failed(ws))
    return failure();
  Value consts[2][3];
  size_t next = 0;
  for (int h = 0; h < 2; ++h) {
    const RecurrentConfig &half = h == 0 ? *fw : bw;
    FailureOr<Value> k = weightConstant(layer, (*ws)[next], roles[next], {inputDim, half.units});
    if (failed(k))
      return failure();
    ++next;
    FailureOr<Value> r = weightConstant(layer, (*ws)[next], roles[next], {half.units, half.units});
    if (failed(r))
      return failure();
    ++next;
    consts[h][0] = *k;
    consts[h][1] = *r;
    if (half.useBias) {
      FailureOr<Value> b = weightConstant(layer, (*ws)[next], roles[next], {half.units});
      if (failed(b))
        return failure();
      ++next;
      consts[h][2] = *b;
    }
  }

  bool rs = fw->returnSequences, st = fw->returnState;
  // Keras 2 and 3 force zero_output_for_mask on both halves when returning sequences.
  bool zeroOutput = rs && in.mask && model.kerasMajor >= 2;
  // Keras returns the final states unmerged; a layer that returns them merges its
  // output here with rnn.merge.
  bool separate = mode == rnn::MergeMode::none || st;
  Type f32 = builder.getF32Type();
  int64_t batch = inType->getDimSize(0), steps = inType->getDimSize(1);
  int64_t mergedUnits = mode == rnn::MergeMode::concat ? fw->units + bw.units : fw->units;
  auto seqOf = [&](int64_t u) { return RankedTensorType::get({batch, steps, u}, f32); };
  auto lastOf = [&](int64_t u) { return RankedTensorType::get({batch, u}, f32); };
  SmallVector<Type, 2> seqTypes, lastTypes;
  if (separate) {
    if (rs)
      seqTypes = {seqOf(fw->units), seqOf(bw.units)};
    if (!rs || st)
      lastTypes = {lastOf(fw->units), lastOf(bw.units)};
  } else if (rs) {
    seqTypes = {seqOf(mergedUnits)};
  } else {
    lastTypes = {lastOf(mergedUnits)};
  }
  rnn::ActivationAttr backwardAct =
      bw.activation == fw->activation ? rnn::ActivationAttr() : bw.activation;
  auto op = builder.create<rnn::BidirectionalOp>(
      loc, seqTypes, lastTypes, in.value, consts[0][0], consts[0][1], consts[0][2],
      /*forward_initial_state=*/Value(), consts[1][0], consts[1][1], consts[1][2],
      /*backward_initial_state=*/Value(), /*lengths=*/Value(), in.mask, fw->activation, backwardAct,
      separate ? rnn::MergeMode::none : mode, FloatAttr());

  Value outMask = rs ? in.mask : Value();
  LayerOutputs outs;
  if (!separate) {
    Value main = rs ? op.getSequences()[0] : op.getLastStates()[0];
    if (zeroOutput)
      main = zeroMasked(main, in.mask);
    outs.push_back(Tensor{main, outMask, ""});
    return outs;
  }
  SmallVector<Value, 2> halves(rs ? op.getSequences() : op.getLastStates());
  if (zeroOutput)
    for (Value &h : halves)
      h = zeroMasked(h, in.mask);
  if (mode == rnn::MergeMode::none) {
    outs.push_back(Tensor{halves[0], outMask, "_forward"});
    outs.push_back(Tensor{halves[1], outMask, "_backward"});
  } else {
    Type mergedType = rs ? Type(seqOf(mergedUnits)) : Type(lastOf(mergedUnits));
    Value merged = builder.create<rnn::MergeOp>(loc, mergedType, mode, halves[0], halves[1]);
    outs.push_back(Tensor{merged, outMask, ""});
  }
  if (st) {
    outs.push_back(Tensor{op.getLastStates()[0], Value(), "_forward_state"});
    outs.push_back(Tensor{op.getLastStates()[1], Value(), "_backward_state"});
  }
  return outs;
}

} // namespace rnnc::keras
