// A recurrent cell's weights from each Keras layout into the rnn ops' layout (kernel
// (input_dim, gates * units), gate blocks in Keras' order, biases apart):
//  - Keras 2/3: kernel, recurrent_kernel, bias as they are, except a reset-after GRU's
//    bias (2, 3u): the input row and the recurrent row;
//  - Keras 1: twelve (LSTM) or nine (GRU) arrays, one kernel, recurrent kernel and bias
//    per gate, found by their names (`lstm_1_W_i`), not their positions;
//  - CuDNNLSTM / CuDNNGRU: each gate block as cuDNN stores it (the input block's bytes
//    are the (units, input_dim) matrix, the recurrent block is transposed), and one bias
//    of the input biases then the recurrent ones.
#include "compiler/Frontends/Keras/RecurrentLayers.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using llvm::StringRef;

namespace rnnc::keras {

namespace {

/// The gate letters of Keras 1's weight names, in the order of the kernel's blocks.
StringRef gateLetters(Cell cell) { return cell == Cell::LSTM ? "ifco" : "zrh"; }

/// The gate letters in the order Keras 1 stores the arrays.
StringRef fileGateOrder(Cell cell) { return cell == Cell::LSTM ? "icfo" : "zrh"; }

/// A weight's dataset name, without its group and TensorFlow's ":0".
StringRef baseName(const Weight &w) {
  StringRef name = StringRef(w.path).rsplit('/').second;
  if (name.empty())
    name = w.path;
  if (name.ends_with(":0"))
    name = name.drop_back(2);
  return name;
}

/// Columns [begin, begin + count) of a (rows, cols) matrix, or elements of a vector.
FloatArray columns(const FloatArray &a, int64_t begin, int64_t count) {
  int64_t rows = a.shape.size() == 2 ? a.shape[0] : 1, cols = a.shape.back();
  FloatArray out;
  out.shape = a.shape;
  out.shape.back() = count;
  for (int64_t r = 0; r < rows; ++r)
    out.values.insert(out.values.end(), a.values.begin() + r * cols + begin,
                      a.values.begin() + r * cols + begin + count);
  return out;
}

/// `parts` side by side on their last axis.
FloatArray hstack(llvm::ArrayRef<const FloatArray *> parts) {
  FloatArray out;
  out.shape = parts.front()->shape;
  int64_t rows = out.shape.size() == 2 ? out.shape[0] : 1, cols = 0;
  for (const FloatArray *p : parts)
    cols += p->shape.back();
  out.shape.back() = cols;
  for (int64_t r = 0; r < rows; ++r)
    for (const FloatArray *p : parts) {
      int64_t c = p->shape.back();
      out.values.insert(out.values.end(), p->values.begin() + r * c,
                        p->values.begin() + (r + 1) * c);
    }
  return out;
}

/// A cuDNN gate block in Keras' layout. Input blocks (Keras' own converter:
/// `k.T.reshape(k.shape, order='F')`): the block's row-major bytes are the transposed
/// (units, input_dim) matrix. Recurrent blocks are transposed.
FloatArray fromCudnn(const FloatArray &block, bool recurrent) {
  int64_t rows = block.shape[0], units = block.shape[1];
  FloatArray out;
  out.shape = block.shape;
  out.values.resize(block.values.size());
  for (int64_t p = 0; p < rows; ++p)
    for (int64_t q = 0; q < units; ++q)
      out.values[p * units + q] =
          recurrent ? block.values[q * units + p] : block.values[q * rows + p];
  return out;
}

/// Converts every gate block of a cuDNN kernel.
FloatArray kernelFromCudnn(const FloatArray &k, int64_t gates, int64_t units, bool recurrent) {
  std::vector<FloatArray> blocks;
  for (int64_t g = 0; g < gates; ++g)
    blocks.push_back(fromCudnn(columns(k, g * units, units), recurrent));
  llvm::SmallVector<const FloatArray *, 4> parts;
  for (const FloatArray &b : blocks)
    parts.push_back(&b);
  return hstack(parts);
}

/// Keras 1's per-gate arrays: each gate's W, U and b found by name and stacked.
FailureOr<CellArrays> fromPerGate(const LayerConfig &layer, const RecurrentConfig &cfg,
                                  llvm::ArrayRef<Weight> weights, StringRef prefix,
                                  int64_t inputDim) {
  int64_t u = cfg.units;
  llvm::SmallVector<const FloatArray *, 4> parts[3];
  const char *kinds[3] = {"W", "U", "b"};
  for (char gate : gateLetters(cfg.cell)) {
    for (int kind = 0; kind < (cfg.useBias ? 3 : 2); ++kind) {
      std::string suffix = std::string("_") + kinds[kind] + "_" + gate;
      const Weight *found = nullptr;
      for (const Weight &w : weights)
        if (baseName(w).ends_with(suffix))
          found = &w;
      std::string role = (prefix + StringRef(suffix).drop_front()).str();
      if (!found) {
        layer.error() << "no weight named '*" << suffix << "' (" << role << ") among the "
                      << weights.size() << " per-gate weights";
        return failure();
      }
      llvm::SmallVector<int64_t, 2> shape = {u};
      if (kind < 2)
        shape.insert(shape.begin(), kind == 0 ? inputDim : u);
      if (failed(checkWeightShape(layer, *found, role, shape)))
        return failure();
      parts[kind].push_back(&found->array);
    }
  }
  CellArrays out;
  out.kernel = hstack(parts[0]);
  out.recurrent = hstack(parts[1]);
  if (cfg.useBias)
    out.bias = hstack(parts[2]);
  return out;
}

} // namespace

llvm::SmallVector<std::string, 12> cellWeightRoles(const RecurrentConfig &cfg, bool perGate,
                                                   StringRef prefix) {
  llvm::SmallVector<std::string, 12> roles;
  if (!perGate) {
    for (StringRef role : {"kernel", "recurrent_kernel", "bias"})
      if (role != "bias" || cfg.useBias)
        roles.push_back((prefix + role).str());
    return roles;
  }
  for (char gate : fileGateOrder(cfg.cell))
    for (StringRef kind : {"W_", "U_", "b_"})
      if (kind != "b_" || cfg.useBias)
        roles.push_back((prefix + kind + Twine(gate)).str());
  return roles;
}

bool hasPerGateWeights(const RecurrentConfig &cfg, llvm::ArrayRef<Weight> weights) {
  if (cfg.cell == Cell::Simple || cfg.cudnn)
    return false;
  std::string suffix = std::string("_U_") + gateLetters(cfg.cell).front();
  return llvm::any_of(weights, [&](const Weight &w) { return baseName(w).ends_with(suffix); });
}

FailureOr<CellArrays> convertCellWeights(const LayerConfig &layer, const RecurrentConfig &cfg,
                                         bool perGate, llvm::ArrayRef<Weight> weights,
                                         llvm::ArrayRef<std::string> roles, int64_t inputDim) {
  if (perGate) {
    StringRef prefix = StringRef(roles.front()).drop_back(3); // "forward W_i" -> "forward "
    return fromPerGate(layer, cfg, weights, prefix, inputDim);
  }
  int64_t g = cfg.gates(), u = cfg.units;
  if (failed(checkWeightShape(layer, weights[0], roles[0], {inputDim, g * u})) ||
      failed(checkWeightShape(layer, weights[1], roles[1], {u, g * u})))
    return failure();
  CellArrays out;
  out.kernel = weights[0].array;
  out.recurrent = weights[1].array;
  if (cfg.cudnn) {
    out.kernel = kernelFromCudnn(out.kernel, g, u, /*recurrent=*/false);
    out.recurrent = kernelFromCudnn(out.recurrent, g, u, /*recurrent=*/true);
  }
  if (!cfg.useBias)
    return out;
  const Weight &bias = weights[2];
  if (cfg.cudnn || cfg.resetAfter) {
    // Input biases, then recurrent ones: (2 * gates * units) for cuDNN, (2, gates * units)
    // for a reset-after GRU.
    llvm::SmallVector<int64_t, 2> shape = {2, g * u};
    if (cfg.cudnn)
      shape = {2 * g * u};
    if (failed(checkWeightShape(layer, bias, roles[2], shape)))
      return failure();
    FloatArray flat = bias.array;
    flat.shape = {2 * g * u};
    out.bias = columns(flat, 0, g * u);
    out.recurrentBias = columns(flat, g * u, g * u);
    if (cfg.cell == Cell::LSTM) { // the LSTM only needs their sum
      for (auto [b, r] : llvm::zip(out.bias.values, out.recurrentBias.values))
        b += r;
      out.recurrentBias = FloatArray();
    }
    return out;
  }
  if (failed(checkWeightShape(layer, bias, roles[2], {g * u})))
    return failure();
  out.bias = bias.array;
  return out;
}

} // namespace rnnc::keras
