// Keras activation names as rnn activation attributes; see KerasActivation.h.
#include "compiler/Frontends/Keras/KerasActivation.h"

using namespace mlir;
using namespace mlir::rnn;

namespace rnnc::keras {

const char kSupportedActivations[] =
    "linear, tanh, sigmoid, relu, hard_sigmoid, elu, selu, softplus, softsign, "
    "leaky_relu, softmax, exponential";

std::optional<KerasActivation> lookupActivation(llvm::StringRef name, int kerasMajor,
                                                MLIRContext *ctx) {
  auto simple = [&](ActivationKind kind, std::optional<double> alpha = std::nullopt,
                    std::optional<double> beta = std::nullopt) {
    KerasActivation a;
    a.attr = ActivationAttr::get(ctx, kind, alpha, beta);
    return a;
  };
  if (name == "linear" || name.empty())
    return simple(ActivationKind::linear);
  if (name == "tanh")
    return simple(ActivationKind::tanh);
  if (name == "sigmoid")
    return simple(ActivationKind::sigmoid);
  if (name == "relu")
    return simple(ActivationKind::relu);
  if (name == "hard_sigmoid") {
    // Keras 1/2: clip(0.2x + 0.5, 0, 1).
    // Keras 3: relu6(x + 3) / 6 = clip(x / 6 + 0.5, 0, 1).
    if (kerasMajor >= 3)
      return simple(ActivationKind::hard_sigmoid, 1.0 / 6.0, 0.5);
    return simple(ActivationKind::hard_sigmoid, 0.2, 0.5);
  }
  if (name == "elu")
    return simple(ActivationKind::elu, 1.0);
  if (name == "selu")
    return simple(ActivationKind::selu);
  if (name == "softplus")
    return simple(ActivationKind::softplus);
  if (name == "softsign")
    return simple(ActivationKind::softsign);
  if (name == "leaky_relu") // keras.activations.leaky_relu: negative_slope=0.2
    return simple(ActivationKind::leaky_relu, 0.2);
  if (name == "softmax") {
    KerasActivation a;
    a.kind = KerasActivation::Kind::Softmax;
    return a;
  }
  if (name == "exponential") {
    KerasActivation a;
    a.kind = KerasActivation::Kind::Exponential;
    return a;
  }
  return std::nullopt;
}

} // namespace rnnc::keras
