// A naive double-precision SimpleRNN, written from docs/semantics (the cell, directions,
// lengths, masks, bidirectional merges) and sharing no code with the compiler: the oracle
// the numerical tests compare compiled models against.
#ifndef RNNC_TEST_NUMERICAL_REFERENCE_H
#define RNNC_TEST_NUMERICAL_REFERENCE_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rnnref {

enum class ActivationKind {
  Tanh,
  Sigmoid,
  Relu,
  Linear,
  Affine,
  LeakyRelu,
  ThresholdedRelu,
  ScaledTanh,
  HardSigmoid,
  Elu,
  Softsign,
  Softplus,
  Selu
};

/// An activation function with its `alpha` / `beta` (unused ones are ignored).
struct Activation {
  ActivationKind kind = ActivationKind::Tanh;
  double alpha = 0.0;
  double beta = 0.0;

  double operator()(double x) const;
  /// Distance from x to the nearest point where the function jumps (infinity for the
  /// continuous ones): a test whose pre-activations come closer than float32 rounding to
  /// such a point cannot tell a correct float32 model from a wrong one.
  double distanceToDiscontinuity(double x) const;
};

enum class Direction { Forward, Reverse, GoBackwards };
enum class MergeMode { Concat, Sum, Mul, Ave, None };

/// A dense, row-major float64 tensor.
struct Tensor {
  std::vector<int64_t> shape;
  std::vector<double> data;

  Tensor() = default;
  explicit Tensor(std::vector<int64_t> shape, double fill = 0.0);
  int64_t numel() const;
  double &operator()(int64_t i, int64_t j) { return data[i * shape[1] + j]; }
  double operator()(int64_t i, int64_t j) const { return data[i * shape[1] + j]; }
  double &operator()(int64_t i, int64_t j, int64_t k) {
    return data[(i * shape[1] + j) * shape[2] + k];
  }
  double operator()(int64_t i, int64_t j, int64_t k) const {
    return data[(i * shape[1] + j) * shape[2] + k];
  }
};

/// One directional layer's parameters, in Keras layout.
struct LayerParams {
  Tensor kernel;                      // (input_dim, units), used as x_t · kernel
  Tensor recurrent;                   // (units, units), used as h · recurrent
  std::optional<Tensor> bias;         // (units); absent = zero
  std::optional<Tensor> initialState; // (batch, units); absent = zero
};

/// What both halves of a layer share: ONNX lengths or a Keras mask (not both), and clip.
struct SequenceControl {
  std::optional<std::vector<int64_t>> lengths; // (batch), each in [0, timesteps]
  std::optional<std::vector<bool>> mask;       // (batch, timesteps), row-major, true = keep
  std::optional<double> clip;                  // clamps the pre-activation
};

struct LayerOutputs {
  Tensor sequence; // (batch, timesteps, units)
  Tensor last;     // (batch, units)
};

/// Diagnostics a run collects about its own conditioning.
struct RunStats {
  double minDistanceToDiscontinuity = 1e300;
};

/// One rnn.simple_rnn layer over x (batch, timesteps, input_dim).
LayerOutputs simpleRNN(const Tensor &x, const LayerParams &params, const Activation &act,
                       Direction direction, const SequenceControl &control = {},
                       RunStats *stats = nullptr);

/// Merges two (..., units) tensors on the last axis (`concat` puts `a` first).
Tensor merge(MergeMode mode, const Tensor &a, const Tensor &b);

/// Results of rnn.bidirectional: one sequence and one last state when merged, two each
/// (forward, backward) with MergeMode::None.
struct BidirectionalOutputs {
  std::vector<Tensor> sequences;
  std::vector<Tensor> lasts;
};

/// rnn.bidirectional: forward over x, backward = direction Reverse, then merged.
BidirectionalOutputs bidirectional(const Tensor &x, const LayerParams &forward,
                                   const LayerParams &backward, const Activation &act,
                                   const Activation &backwardAct, MergeMode mode,
                                   const SequenceControl &control = {}, RunStats *stats = nullptr);

/// A Keras `Masking` / rnn.mask on features: a step is kept when any feature differs from
/// `padding`.
std::vector<bool> featureMask(const Tensor &x, double padding);

} // namespace rnnref

#endif // RNNC_TEST_NUMERICAL_REFERENCE_H
