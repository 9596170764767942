// What the recurrent layer emitters share: a recurrent layer's config (SimpleRNN, LSTM,
// GRU, CuDNNLSTM, CuDNNGRU), its weights as the rnn ops take them, and its results.
// RecurrentLayers.cpp builds layers and Bidirectional wrappers from these;
// GatedWeights.cpp converts the gated layers' weights from each Keras layout.
#ifndef RNNC_COMPILER_FRONTENDS_KERAS_RECURRENTLAYERS_H
#define RNNC_COMPILER_FRONTENDS_KERAS_RECURRENTLAYERS_H

#include "compiler/Frontends/Keras/KerasWeights.h"
#include "dialect/RNNDialect.h"

#include "mlir/IR/Value.h"

#include <optional>

namespace rnnc::keras {

enum class Cell { Simple, LSTM, GRU };

/// The cell of a recurrent layer class; nullopt for any other class.
std::optional<Cell> recurrentCell(llvm::StringRef className);

/// The recurrent layer classes, for error messages.
extern const char kRecurrentLayers[];

/// The fields of a recurrent layer's config the importer uses.
struct RecurrentConfig {
  Cell cell = Cell::Simple;
  /// CuDNNLSTM / CuDNNGRU: weights in cuDNN's layout, sigmoid and tanh fixed.
  bool cudnn = false;
  int64_t units = 0;
  mlir::rnn::ActivationAttr activation;
  /// LSTM and GRU gates.
  mlir::rnn::ActivationAttr recurrentActivation;
  bool useBias = true;
  bool returnSequences = false;
  bool returnState = false;
  bool goBackwards = false;
  bool zeroOutputForMask = false;
  bool stateful = false;
  /// GRU: the reset gate applies after the recurrent product.
  bool resetAfter = false;

  /// The number of gate blocks in the kernel's columns.
  int64_t gates() const { return cell == Cell::LSTM ? 4 : cell == Cell::GRU ? 3 : 1; }
};

/// Reads `layer` (of a class recurrentCell knows), reporting a located error on a
/// field that is missing, of the wrong type or not supported.
mlir::FailureOr<RecurrentConfig> readRecurrent(const LayerConfig &layer, int kerasMajor,
                                               mlir::MLIRContext *ctx);

/// A recurrent layer's weights as host arrays in the rnn ops' layout: kernel
/// (input_dim, gates * units) and recurrent (units, gates * units) with the gate blocks in
/// Keras' order, biases (gates * units); an absent bias is empty.
struct CellArrays {
  FloatArray kernel, recurrent, bias, recurrentBias;
};

/// The names of the weights of one cell in the file's order (`prefix` is "" or
/// "forward " / "backward " inside Bidirectional). `perGate`: Keras 1's separate arrays
/// per gate (W_i, U_i, b_i, ...).
llvm::SmallVector<std::string, 12> cellWeightRoles(const RecurrentConfig &cfg, bool perGate,
                                                   llvm::StringRef prefix);

/// Whether `weights` are Keras 1's per-gate arrays (named `..._W_i`, `..._U_z`, ...).
bool hasPerGateWeights(const RecurrentConfig &cfg, llvm::ArrayRef<Weight> weights);

/// One cell's weights (`weights`: the ones cellWeightRoles names, `roles` those names),
/// checked against `inputDim` and the config and converted to the rnn ops' layout.
mlir::FailureOr<CellArrays> convertCellWeights(const LayerConfig &layer, const RecurrentConfig &cfg,
                                               bool perGate, llvm::ArrayRef<Weight> weights,
                                               llvm::ArrayRef<std::string> roles, int64_t inputDim);

/// A cell's weights as constants.
struct CellWeights {
  mlir::Value kernel, recurrent, bias, recurrentBias;
};

/// The results of one directional layer (null when not asked for).
struct CellResults {
  mlir::Value sequence, last, lastCell;
};

} // namespace rnnc::keras

#endif // RNNC_COMPILER_FRONTENDS_KERAS_RECURRENTLAYERS_H
