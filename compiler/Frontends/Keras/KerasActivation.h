// Keras activation names as rnn activation attributes, with each Keras version's
// parameters (hard_sigmoid is 0.2x + 0.5 in Keras 1/2 and relu6(x + 3) / 6 in Keras 3).
#ifndef RNNC_COMPILER_FRONTENDS_KERAS_KERASACTIVATION_H
#define RNNC_COMPILER_FRONTENDS_KERAS_KERASACTIVATION_H

#include "dialect/RNNDialect.h"

#include <optional>

namespace rnnc::keras {

struct KerasActivation {
  enum class Kind {
    /// An element-wise function the rnn activation attribute expresses.
    Elementwise,
    /// softmax over the last axis: not element-wise, so layers only (Dense, Activation).
    Softmax,
    /// exp(x): layers only, as math.exp on the tensor.
    Exponential,
  };
  Kind kind = Kind::Elementwise;
  mlir::rnn::ActivationAttr attr; // Elementwise only
};

/// nullopt for an activation rnnc does not know.
std::optional<KerasActivation> lookupActivation(llvm::StringRef name, int kerasMajor,
                                                mlir::MLIRContext *ctx);

/// The names lookupActivation knows, for error messages.
extern const char kSupportedActivations[];

} // namespace rnnc::keras

#endif // RNNC_COMPILER_FRONTENDS_KERAS_KERASACTIVATION_H
