// The double-precision SimpleRNN reference: one plain loop per (batch, step), no shortcuts.
#include "reference.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace rnnref {

double Activation::operator()(double x) const {
  switch (kind) {
  case ActivationKind::Tanh:
    return std::tanh(x);
  case ActivationKind::Sigmoid:
    return 1.0 / (1.0 + std::exp(-x));
  case ActivationKind::Relu:
    return x > 0.0 ? x : 0.0;
  case ActivationKind::Linear:
    return x;
  case ActivationKind::Affine:
    return alpha * x + beta;
  case ActivationKind::LeakyRelu:
    return x >= 0.0 ? x : alpha * x;
  case ActivationKind::ThresholdedRelu:
    return x > alpha ? x : 0.0;
  case ActivationKind::ScaledTanh:
    return alpha * std::tanh(beta * x);
  case ActivationKind::HardSigmoid:
    return std::max(0.0, std::min(1.0, alpha * x + beta));
  case ActivationKind::Elu:
    return x >= 0.0 ? x : alpha * (std::exp(x) - 1.0);
  case ActivationKind::Softsign:
    return x / (1.0 + std::fabs(x));
  case ActivationKind::Softplus:
    // log(1 + e^x), written so that neither branch overflows.
    return x > 0.0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
  case ActivationKind::Selu: {
    // The exact SELU constants (Klambauer et al.; Keras, PyTorch); the dialect's table
    // rounds them to 1.0507 and 1.67326, which is 2e-6 away: far inside the tolerance.
    const double scale = 1.0507009873554804934193349852946;
    const double a = 1.6732632423543772848170429916717;
    return scale * (x > 0.0 ? x : a * (std::exp(x) - 1.0));
  }
  }
  throw std::logic_error("unknown activation kind");
}

double Activation::distanceToDiscontinuity(double x) const {
  if (kind == ActivationKind::ThresholdedRelu)
    return std::fabs(x - alpha);
  return std::numeric_limits<double>::infinity();
}

Tensor::Tensor(std::vector<int64_t> s, double fill) : shape(std::move(s)) {
  data.assign(numel(), fill);
}

int64_t Tensor::numel() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

namespace {

void require(bool condition, const char *message) {
  if (!condition)
    throw std::invalid_argument(message);
}

} // namespace

LayerOutputs simpleRNN(const Tensor &x, const LayerParams &p, const Activation &act,
                       Direction direction, const SequenceControl &control, RunStats *stats) {
  require(x.shape.size() == 3, "x must be (batch, timesteps, input_dim)");
  const int64_t batch = x.shape[0], steps = x.shape[1], inputDim = x.shape[2];
  require(p.kernel.shape.size() == 2 && p.kernel.shape[0] == inputDim,
          "kernel must be (input_dim, units)");
  const int64_t units = p.kernel.shape[1];
  require(p.recurrent.shape == std::vector<int64_t>{units, units},
          "recurrent must be (units, units)");
  require(!p.bias || p.bias->shape == std::vector<int64_t>{units}, "bias must be (units)");
  require(!p.initialState || p.initialState->shape == std::vector<int64_t>{batch, units},
          "initial state must be (batch, units)");
  require(!(control.lengths && control.mask), "lengths and mask exclude each other");
  require(!control.lengths || int64_t(control.lengths->size()) == batch, "lengths must be (batch)");
  require(!control.mask || int64_t(control.mask->size()) == batch * steps,
          "mask must be (batch, timesteps)");
  require(!(control.lengths && direction == Direction::GoBackwards),
          "lengths cannot be combined with go_backwards");

  LayerOutputs out{Tensor({batch, steps, units}), Tensor({batch, units})};
  std::vector<double> h(units), previousOutput(units), pre(units);

  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t j = 0; j < units; ++j)
      h[j] = p.initialState ? (*p.initialState)(b, j) : 0.0;
    // Keras' "previous output" before the first kept step is zero, whatever the state.
    std::fill(previousOutput.begin(), previousOutput.end(), 0.0);

    int64_t length = steps;
    if (control.lengths) {
      length = (*control.lengths)[b];
      require(length >= 0 && length <= steps, "a length lies outside [0, timesteps]");
    }
    // Steps at or past `length` never run: their state stays, their outputs stay zero.
    for (int64_t i = 0; i < length; ++i) {
      // t: the input time read at processing step i; slot: where its output goes.
      int64_t t = direction == Direction::Forward ? i : length - 1 - i;
      int64_t slot = direction == Direction::GoBackwards ? i : t;

      bool keep = !control.mask || (*control.mask)[b * steps + t];
      if (keep) {
        for (int64_t j = 0; j < units; ++j) {
          double s = p.bias ? p.bias->data[j] : 0.0;
          for (int64_t k = 0; k < inputDim; ++k)
            s += x(b, t, k) * p.kernel(k, j);
          for (int64_t k = 0; k < units; ++k)
            s += h[k] * p.recurrent(k, j);
          if (control.clip)
            s = std::max(-*control.clip, std::min(*control.clip, s));
          pre[j] = s;
        }
        for (int64_t j = 0; j < units; ++j) {
          h[j] = act(pre[j]);
          previousOutput[j] = h[j];
          if (stats)
            stats->minDistanceToDiscontinuity =
                std::min(stats->minDistanceToDiscontinuity, act.distanceToDiscontinuity(pre[j]));
        }
      }
      // A masked step carries both the state (h, untouched) and the previous output.
      for (int64_t j = 0; j < units; ++j)
        out.sequence(b, slot, j) = previousOutput[j];
    }
    for (int64_t j = 0; j < units; ++j)
      out.last(b, j) = h[j];
  }
  return out;
}

Tensor merge(MergeMode mode, const Tensor &a, const Tensor &b) {
  require(a.shape.size() == b.shape.size() && !a.shape.empty(), "merge: ranks differ");
  require(std::equal(a.shape.begin(), a.shape.end() - 1, b.shape.begin()),
          "merge: leading dimensions differ");
  if (mode == MergeMode::Concat) {
    const int64_t wa = a.shape.back(), wb = b.shape.back();
    std::vector<int64_t> shape = a.shape;
    shape.back() = wa + wb;
    Tensor r(shape);
    const int64_t rows = a.numel() / wa;
    for (int64_t i = 0; i < rows; ++i) {
      for (int64_t j = 0; j < wa; ++j)
        r.data[i * (wa + wb) + j] = a.data[i * wa + j];
      for (int64_t j = 0; j < wb; ++j)
        r.data[i * (wa + wb) + wa + j] = b.data[i * wb + j];
    }
    return r;
  }
  require(mode != MergeMode::None, "merge: mode none merges nothing");
  require(a.shape == b.shape, "merge: element-wise modes need equal shapes");
  Tensor r(a.shape);
  for (size_t i = 0; i < r.data.size(); ++i) {
    double u = a.data[i], v = b.data[i];
    r.data[i] = mode == MergeMode::Sum ? u + v : mode == MergeMode::Mul ? u * v : (u + v) / 2.0;
  }
  return r;
}

BidirectionalOutputs bidirectional(const Tensor &x, const LayerParams &forward,
                                   const LayerParams &backward, const Activation &act,
                                   const Activation &backwardAct, MergeMode mode,
                                   const SequenceControl &control, RunStats *stats) {
  LayerOutputs f = simpleRNN(x, forward, act, Direction::Forward, control, stats);
  LayerOutputs b = simpleRNN(x, backward, backwardAct, Direction::Reverse, control, stats);
  if (mode == MergeMode::None)
    return {{f.sequence, b.sequence}, {f.last, b.last}};
  return {{merge(mode, f.sequence, b.sequence)}, {merge(mode, f.last, b.last)}};
}

std::vector<bool> featureMask(const Tensor &x, double padding) {
  require(x.shape.size() == 3, "featureMask: x must be (batch, timesteps, features)");
  const int64_t rows = x.shape[0] * x.shape[1], width = x.shape[2];
  std::vector<bool> mask(rows, false);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t k = 0; k < width; ++k)
      if (x.data[r * width + k] != padding)
        mask[r] = true;
  return mask;
}

} // namespace rnnref
