// Keras' recurrent layers: SimpleRNN, LSTM, GRU, CuDNNLSTM and CuDNNGRU as rnn.simple_rnn,
// rnn.lstm and rnn.gru, and Bidirectional around them (rnn.bidirectional for SimpleRNN;
// a forward and a reverse layer and rnn.merge for gated cells), with Keras' masking rules
// (a masked step carries the previous state and output; a Bidirectional layer returning
// sequences zeroes the outputs of masked steps).
#include "compiler/Frontends/Keras/RecurrentLayers.h"
#include "compiler/Frontends/Keras/ModelBuilder.h"
#include "dialect/RNNOps.h"

using namespace mlir;
using llvm::StringRef;

namespace rnnc::keras {

namespace {

/// Appends a layer's final states as model outputs: h (`<half>_state`), and an LSTM's h
/// and c (`<half>_state_h`, `<half>_state_c`).
void appendStates(LayerOutputs &outs, const CellResults &r, StringRef half) {
  if (!r.lastCell) {
    outs.push_back(Tensor{r.last, Value(), (half + "_state").str()});
    return;
  }
  outs.push_back(Tensor{r.last, Value(), (half + "_state_h").str()});
  outs.push_back(Tensor{r.lastCell, Value(), (half + "_state_c").str()});
}

} // namespace

FailureOr<SmallVector<CellWeights, 2>>
ModelBuilder::cellWeights(const LayerConfig &layer, ArrayRef<const RecurrentConfig *> cells,
                          int64_t inputDim) {
  FailureOr<std::vector<Weight>> found = weights.weightsOf(layer);
  if (failed(found))
    return failure();
  bool perGate = model.kerasMajor == 1 && hasPerGateWeights(*cells.front(), *found);
  auto prefixOf = [&](size_t half) -> StringRef {
    return cells.size() == 1 ? "" : half == 0 ? "forward " : "backward ";
  };
  SmallVector<SmallVector<std::string, 12>, 2> roles;
  SmallVector<StringRef> allRoles;
  for (auto [h, cfg] : llvm::enumerate(cells))
    roles.push_back(cellWeightRoles(*cfg, perGate, prefixOf(h)));
  for (const auto &half : roles)
    allRoles.append(half.begin(), half.end());
  if (failed(checkWeightCount(layer, found->size(), allRoles)))
    return failure();

  SmallVector<CellWeights, 2> out;
  size_t next = 0;
  for (auto [h, cfg] : llvm::enumerate(cells)) {
    ArrayRef<Weight> mine = ArrayRef<Weight>(*found).slice(next, roles[h].size());
    next += roles[h].size();
    FailureOr<CellArrays> arrays =
        convertCellWeights(layer, *cfg, perGate, mine, roles[h], inputDim);
    if (failed(arrays))
      return failure();
    std::string prefix = prefixOf(h).str();
    auto constant = [&](const FloatArray &a, StringRef role) {
      return a.values.empty() ? Value() : arrayConstant(layer, prefix + role.str(), a);
    };
    out.push_back(CellWeights{
        constant(arrays->kernel, "kernel"), constant(arrays->recurrent, "recurrent_kernel"),
        constant(arrays->bias, "bias"), constant(arrays->recurrentBias, "recurrent_bias")});
  }
  return out;
}

CellResults ModelBuilder::emitCell(const RecurrentConfig &cfg, const CellWeights &w, Value input,
                                   Value mask, rnn::Direction direction, bool wantSequence,
                                   bool wantLast, bool wantCell) {
  auto inType = llvm::cast<RankedTensorType>(input.getType());
  Type f32 = builder.getF32Type();
  int64_t batch = inType.getDimSize(0), steps = inType.getDimSize(1), units = cfg.units;
  Type seqType, lastType, cellType;
  if (wantSequence)
    seqType = RankedTensorType::get({batch, steps, units}, f32);
  if (wantLast)
    lastType = RankedTensorType::get({batch, units}, f32);
  if (wantCell && cfg.cell == Cell::LSTM)
    cellType = RankedTensorType::get({batch, units}, f32);
  auto dir = rnn::DirectionAttr::get(ctx, direction);
  switch (cfg.cell) {
  case Cell::Simple: {
    auto op = builder.create<rnn::SimpleRNNOp>(
        loc, seqType, lastType, input, w.kernel, w.recurrent, w.bias, /*initial_state=*/Value(),
        /*lengths=*/Value(), mask, cfg.activation, direction, FloatAttr());
    return CellResults{op.getSequence(), op.getLastState(), Value()};
  }
  case Cell::LSTM: {
    // Keras' activation is both the candidate's and the cell output's.
    auto op = builder.create<rnn::LSTMOp>(
        loc, seqType, lastType, cellType, input, w.kernel, w.recurrent, w.bias,
        /*peepholes=*/Value(), /*initial_state=*/Value(), /*initial_cell=*/Value(),
        /*lengths=*/Value(), mask, cfg.recurrentActivation, cfg.activation,
        /*output_activation=*/rnn::ActivationAttr(), dir, FloatAttr(), UnitAttr());
    return CellResults{op.getSequence(), op.getLastState(), op.getLastCell()};
  }
  case Cell::GRU: {
    auto op = builder.create<rnn::GRUOp>(
        loc, seqType, lastType, input, w.kernel, w.recurrent, w.bias, w.recurrentBias,
        /*initial_state=*/Value(), /*lengths=*/Value(), mask, cfg.recurrentActivation,
        cfg.activation, dir, FloatAttr(), cfg.resetAfter ? builder.getUnitAttr() : UnitAttr());
    return CellResults{op.getSequence(), op.getLastState(), Value()};
  }
  }
  return CellResults();
}

FailureOr<LayerOutputs> ModelBuilder::emitRecurrent(const LayerConfig &layer, Tensor in) {
  FailureOr<RecurrentConfig> cfg = readRecurrent(layer, model.kerasMajor, ctx);
  if (failed(cfg))
    return failure();
  FailureOr<RankedTensorType> inType = floatInput(layer, in, 3, 3);
  if (failed(inType))
    return failure();
  bool rs = cfg->returnSequences, st = cfg->returnState;
  if (in.mask && cfg->zeroOutputForMask && (!rs || cfg->goBackwards)) {
    layer.error() << "zero_output_for_mask with a mask is supported only for "
                     "forward layers returning sequences";
    return failure();
  }
  FailureOr<SmallVector<CellWeights, 2>> ws = cellWeights(layer, {&*cfg}, inType->getDimSize(2));
  if (failed(ws))
    return failure();
  CellResults r = emitCell(
      *cfg, ws->front(), in.value, in.mask,
      cfg->goBackwards ? rnn::Direction::go_backwards : rnn::Direction::forward, rs, !rs || st, st);

  LayerOutputs outs;
  if (rs) {
    Value seq = r.sequence;
    if (in.mask && cfg->zeroOutputForMask)
      seq = zeroMasked(seq, in.mask);
    // Keras passes the input mask on unchanged, even after go_backwards.
    outs.push_back(Tensor{seq, in.mask, ""});
  } else {
    outs.push_back(Tensor{r.last, Value(), ""});
  }
  if (st)
    appendStates(outs, r, "");
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
    if (half && !recurrentCell(half->className)) {
      layer.error() << "wraps a layer of class '" << half->className
                    << "'; supported: " << kRecurrentLayers;
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
  bool simple = fw->cell == Cell::Simple && bw.cell == Cell::Simple;
  if (!simple && (fw->stateful || bw.stateful)) {
    layer.error() << "stateful=True is not supported in a Bidirectional layer: the backward "
                     "half reads the whole sequence, which a chunk of it does not have";
    return failure();
  }

  FailureOr<RankedTensorType> inType = floatInput(layer, in, 3, 3);
  if (failed(inType))
    return failure();
  FailureOr<SmallVector<CellWeights, 2>> ws =
      cellWeights(layer, {&*fw, &bw}, inType->getDimSize(2));
  if (failed(ws))
    return failure();

  bool rs = fw->returnSequences, st = fw->returnState;
  // Keras 2 and 3 force zero_output_for_mask on both halves when returning sequences.
  bool zeroOutput = rs && in.mask && model.kerasMajor >= 2;
  // Keras returns the final states unmerged; a layer that returns them merges its
  // output here with rnn.merge.
  bool separate = mode == rnn::MergeMode::none || st || !simple;
  Type f32 = builder.getF32Type();
  int64_t batch = inType->getDimSize(0), steps = inType->getDimSize(1);
  int64_t mergedUnits = mode == rnn::MergeMode::concat ? fw->units + bw.units : fw->units;
  auto seqOf = [&](int64_t u) { return RankedTensorType::get({batch, steps, u}, f32); };
  auto lastOf = [&](int64_t u) { return RankedTensorType::get({batch, u}, f32); };

  // The merged output (one rnn.bidirectional that merges), or the two halves and their
  // final states.
  Value merged;
  SmallVector<Value, 2> halves;
  CellResults finals[2];
  if (simple) {
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
    const CellWeights &f = (*ws)[0], &b = (*ws)[1];
    rnn::ActivationAttr backwardAct =
        bw.activation == fw->activation ? rnn::ActivationAttr() : bw.activation;
    auto op = builder.create<rnn::BidirectionalOp>(
        loc, seqTypes, lastTypes, in.value, f.kernel, f.recurrent, f.bias,
        /*forward_initial_state=*/Value(), b.kernel, b.recurrent, b.bias,
        /*backward_initial_state=*/Value(), /*lengths=*/Value(), in.mask, fw->activation,
        backwardAct, separate ? rnn::MergeMode::none : mode, FloatAttr());
    if (!separate)
      merged = rs ? op.getSequences()[0] : op.getLastStates()[0];
    else
      halves = SmallVector<Value, 2>(rs ? op.getSequences() : op.getLastStates());
    if (st)
      for (int h = 0; h < 2; ++h)
        finals[h].last = op.getLastStates()[h];
  } else {
    // Keras' backward half reads go_backwards and flips its sequence back: a reverse layer.
    for (int h = 0; h < 2; ++h) {
      finals[h] =
          emitCell(h == 0 ? *fw : bw, (*ws)[h], in.value, in.mask,
                   h == 0 ? rnn::Direction::forward : rnn::Direction::reverse, rs, !rs || st, st);
      halves.push_back(rs ? finals[h].sequence : finals[h].last);
    }
  }

  Value outMask = rs ? in.mask : Value();
  LayerOutputs outs;
  if (merged) {
    outs.push_back(Tensor{zeroOutput ? zeroMasked(merged, in.mask) : merged, outMask, ""});
    return outs;
  }
  if (zeroOutput)
    for (Value &h : halves)
      h = zeroMasked(h, in.mask);
  if (mode == rnn::MergeMode::none) {
    outs.push_back(Tensor{halves[0], outMask, "_forward"});
    outs.push_back(Tensor{halves[1], outMask, "_backward"});
  } else {
    Type mergedType = rs ? Type(seqOf(mergedUnits)) : Type(lastOf(mergedUnits));
    Value m = builder.create<rnn::MergeOp>(loc, mergedType, mode, halves[0], halves[1]);
    outs.push_back(Tensor{m, outMask, ""});
  }
  if (st) {
    appendStates(outs, finals[0], "_forward");
    appendStates(outs, finals[1], "_backward");
  }
  return outs;
}

} // namespace rnnc::keras
