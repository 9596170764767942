// The configs of Keras' recurrent layers (SimpleRNN, LSTM, GRU, CuDNNLSTM, CuDNNGRU) in
// every version's spelling; see RecurrentLayers.h.
#include "compiler/Frontends/Keras/KerasActivation.h"
#include "compiler/Frontends/Keras/RecurrentLayers.h"

using namespace mlir;
using llvm::StringRef;

namespace rnnc::keras {

const char kRecurrentLayers[] = "SimpleRNN, LSTM, GRU, CuDNNLSTM, CuDNNGRU";

std::optional<Cell> recurrentCell(StringRef className) {
  if (className == "SimpleRNN")
    return Cell::Simple;
  if (className == "LSTM" || className == "CuDNNLSTM")
    return Cell::LSTM;
  if (className == "GRU" || className == "CuDNNGRU")
    return Cell::GRU;
  return std::nullopt;
}

namespace {

/// The element-wise activation named `name`, read from field `key` of `layer`.
FailureOr<rnn::ActivationAttr> cellActivation(const LayerConfig &layer, StringRef key,
                                              StringRef name, int kerasMajor, MLIRContext *ctx) {
  std::optional<KerasActivation> act = lookupActivation(name, kerasMajor, ctx);
  if (!act) {
    layer.error() << "unknown " << key << " '" << name << "'; supported: " << kSupportedActivations;
    return failure();
  }
  if (act->kind != KerasActivation::Kind::Elementwise) {
    layer.error() << key << " '" << name << "' is not supported in a recurrent cell";
    return failure();
  }
  return act->attr;
}

/// The gates' activation: `recurrent_activation` (Keras 1: `inner_activation`). Keras 1
/// defaults to hard_sigmoid and Keras 3 to sigmoid; Keras 2 releases disagree (2.0-2.2
/// hard_sigmoid, tf.keras sigmoid) and always write it.
FailureOr<rnn::ActivationAttr> gateActivation(const LayerConfig &layer, int kerasMajor,
                                              MLIRContext *ctx) {
  StringRef key = kerasMajor == 1 && !layer.hasKey("recurrent_activation") ? "inner_activation"
                                                                           : "recurrent_activation";
  if (!layer.hasKey(key) && kerasMajor == 2) {
    layer.error() << "missing 'recurrent_activation' (its default depends on the Keras 2 "
                     "release)";
    return failure();
  }
  FailureOr<std::string> name =
      layer.getActivation(kerasMajor == 1 ? "hard_sigmoid" : "sigmoid", key);
  if (failed(name))
    return failure();
  return cellActivation(layer, "recurrent_activation", *name, kerasMajor, ctx);
}

} // namespace

FailureOr<RecurrentConfig> readRecurrent(const LayerConfig &layer, int kerasMajor,
                                         MLIRContext *ctx) {
  RecurrentConfig c;
  std::optional<Cell> cell = recurrentCell(layer.className);
  if (!cell) {
    layer.error() << "not a recurrent layer; supported: " << kRecurrentLayers;
    return failure();
  }
  c.cell = *cell;
  c.cudnn = StringRef(layer.className).starts_with("CuDNN");
  FailureOr<bool> stateful = layer.getBool("stateful", false);
  FailureOr<bool> timeMajor = layer.getBool("time_major", false);
  if (failed(stateful) || failed(timeMajor))
    return failure();
  if (*timeMajor) {
    layer.error() << "time_major layers are not supported";
    return failure();
  }
  FailureOr<int64_t> units = layer.getInt({"units", "output_dim"});
  FailureOr<bool> useBias = layer.getUseBias();
  FailureOr<bool> seq = layer.getBool("return_sequences", false);
  FailureOr<bool> state = layer.getBool("return_state", false);
  FailureOr<bool> back = layer.getBool("go_backwards", false);
  FailureOr<bool> zero = layer.getBool("zero_output_for_mask", false);
  // Keras 3 and tf.keras default to reset_after; Keras 1 and 2.0-2.2 have only reset
  // before (and CuDNNGRU only reset after).
  FailureOr<bool> resetAfter = layer.getBool("reset_after", kerasMajor >= 3);
  if (failed(units) || failed(useBias) || failed(seq) || failed(state) || failed(back) ||
      failed(zero) || failed(resetAfter))
    return failure();
  if (*units <= 0) {
    layer.error() << "units must be positive, got " << *units;
    return failure();
  }
  if (c.cudnn) {
    // cuDNN's cells: sigmoid gates, tanh candidate and output, always a bias.
    c.activation = rnn::ActivationAttr::get(ctx, rnn::ActivationKind::tanh);
    c.recurrentActivation = rnn::ActivationAttr::get(ctx, rnn::ActivationKind::sigmoid);
    c.resetAfter = c.cell == Cell::GRU;
  } else {
    FailureOr<std::string> actName = layer.getActivation("tanh");
    if (failed(actName))
      return failure();
    FailureOr<rnn::ActivationAttr> act =
        cellActivation(layer, "activation", *actName, kerasMajor, ctx);
    if (failed(act))
      return failure();
    c.activation = *act;
    if (c.cell != Cell::Simple) {
      FailureOr<rnn::ActivationAttr> gate = gateActivation(layer, kerasMajor, ctx);
      if (failed(gate))
        return failure();
      c.recurrentActivation = *gate;
    }
    c.useBias = *useBias;
    c.resetAfter = c.cell == Cell::GRU && *resetAfter;
  }
  c.units = *units;
  c.returnSequences = *seq;
  c.returnState = *state;
  c.goBackwards = *back;
  c.zeroOutputForMask = *zero;
  c.stateful = *stateful;
  return c;
}

} // namespace rnnc::keras
