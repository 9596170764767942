// Builds the `rnn`-dialect module of a parsed Keras model: one public function taking the
// model input and returning its outputs, weights as constants. The layer emitters live in
// RecurrentLayers.cpp (SimpleRNN, LSTM, GRU and their CuDNN variants, Bidirectional) and
// CoreLayers.cpp (everything else).
#ifndef RNNC_COMPILER_FRONTENDS_KERAS_MODELBUILDER_H
#define RNNC_COMPILER_FRONTENDS_KERAS_MODELBUILDER_H

#include "compiler/Frontends/Keras/KerasActivation.h"
#include "compiler/Frontends/Keras/KerasConfig.h"
#include "compiler/Frontends/Keras/KerasWeights.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace rnnc::keras {

/// A value flowing between layers, with the Keras mask that travels with it.
struct Tensor {
  mlir::Value value;
  /// (batch, timesteps) i1, or null when the value carries no mask.
  mlir::Value mask;
  /// Appended to the layer name to name a model output ("" for a layer's only output).
  std::string suffix;
};
using LayerOutputs = llvm::SmallVector<Tensor, 1>;

/// The layer classes the importer handles, for error messages.
extern const char kSupportedLayers[];

struct RecurrentConfig;
struct CellWeights;
struct CellResults;

class ModelBuilder {
public:
  ModelBuilder(const Reporter &reporter, const ModelConfig &model, const WeightStore &weights);

  /// The module with one public function `functionName`; null after reporting an error.
  mlir::OwningOpRef<mlir::ModuleOp> build(llvm::StringRef functionName);

private:
  // Model structure (ModelBuilder.cpp).
  mlir::FailureOr<mlir::Type> inputType(const LayerConfig *inputLayer,
                                        const LayerConfig &firstConsumer);
  mlir::FailureOr<LayerOutputs> emitLayer(const LayerConfig &layer, Tensor input);
  mlir::LogicalResult buildSequential(mlir::func::FuncOp fn, llvm::SmallVectorImpl<Tensor> &results,
                                      llvm::SmallVectorImpl<std::string> &names);
  mlir::LogicalResult buildFunctional(mlir::func::FuncOp fn, llvm::SmallVectorImpl<Tensor> &results,
                                      llvm::SmallVectorImpl<std::string> &names);
  mlir::FailureOr<mlir::func::FuncOp> createFunction(llvm::StringRef name,
                                                     const LayerConfig *inputLayer,
                                                     const LayerConfig &firstConsumer,
                                                     llvm::StringRef inputName);

  // Recurrent layers (RecurrentLayers.cpp).
  mlir::FailureOr<LayerOutputs> emitRecurrent(const LayerConfig &layer, Tensor in);
  mlir::FailureOr<LayerOutputs> emitBidirectional(const LayerConfig &layer, Tensor in);
  /// The weights of `layer`'s cells (one, or a Bidirectional's two halves) as constants.
  mlir::FailureOr<llvm::SmallVector<CellWeights, 2>>
  cellWeights(const LayerConfig &layer, llvm::ArrayRef<const RecurrentConfig *> cells,
              int64_t inputDim);
  /// One directional layer: rnn.simple_rnn, rnn.lstm or rnn.gru.
  CellResults emitCell(const RecurrentConfig &cfg, const CellWeights &w, mlir::Value input,
                       mlir::Value mask, mlir::rnn::Direction direction, bool wantSequence,
                       bool wantLast, bool wantCell);

  // Other layers (CoreLayers.cpp).
  mlir::FailureOr<LayerOutputs> emitDense(const LayerConfig &layer, const LayerConfig &weightsOwner,
                                          Tensor in);
  mlir::FailureOr<LayerOutputs> emitTimeDistributed(const LayerConfig &layer, Tensor in);
  mlir::FailureOr<LayerOutputs> emitEmbedding(const LayerConfig &layer, Tensor in);
  mlir::FailureOr<LayerOutputs> emitActivation(const LayerConfig &layer, Tensor in);
  mlir::FailureOr<LayerOutputs> emitSoftmax(const LayerConfig &layer, Tensor in);
  mlir::FailureOr<LayerOutputs> emitFlatten(const LayerConfig &layer, Tensor in);
  mlir::FailureOr<LayerOutputs> emitRepeatVector(const LayerConfig &layer, Tensor in);
  mlir::FailureOr<LayerOutputs> emitMasking(const LayerConfig &layer, Tensor in);

  // Helpers (ModelBuilder.cpp).
  /// The activation named by the layer's `activation` field (default `dflt`).
  mlir::FailureOr<KerasActivation> activationOf(const LayerConfig &layer, llvm::StringRef dflt);
  /// Applies a softmax / exponential activation that rnn ops cannot carry.
  mlir::Value applyLayerActivation(const KerasActivation &act, mlir::Value x);
  /// The weights of `layer`, checking their count against `expected`.
  mlir::FailureOr<std::vector<Weight>> layerWeights(const LayerConfig &layer,
                                                    llvm::ArrayRef<llvm::StringRef> expectedRoles);
  /// `weight` as an f32 constant, after checking it has `shape`.
  mlir::FailureOr<mlir::Value> weightConstant(const LayerConfig &layer, const Weight &weight,
                                              llvm::StringRef role, llvm::ArrayRef<int64_t> shape);
  /// `array` as an f32 constant (`role` names large ones' resource).
  mlir::Value arrayConstant(const LayerConfig &layer, llvm::StringRef role,
                            const FloatArray &array);
  /// A float (batch, ..., features) tensor with a static last dimension, or an error.
  mlir::FailureOr<mlir::RankedTensorType> floatInput(const LayerConfig &layer, Tensor in,
                                                     int64_t minRank, int64_t maxRank);
  /// Zeroes the features of the steps whose mask is false (x: (batch, timesteps, f)).
  mlir::Value zeroMasked(mlir::Value x, mlir::Value mask);
  mlir::Value softmax(mlir::Value x, int64_t dim);

  const Reporter &reporter;
  const ModelConfig &model;
  const WeightStore &weights;
  mlir::MLIRContext *ctx;
  mlir::OpBuilder builder;
  mlir::Location loc;
};

/// Reports a located error unless the layer has as many weights as `expectedRoles`.
mlir::LogicalResult checkWeightCount(const LayerConfig &layer, size_t found,
                                     llvm::ArrayRef<llvm::StringRef> expectedRoles);

/// `text` as a C identifier (non-identifier characters become '_').
std::string sanitizeName(llvm::StringRef text);

/// Dropout and noise layers do nothing at inference, but a rate outside [0, 1) or a
/// negative stddev is a config Keras itself would refuse: a damaged or hand-edited file.
mlir::LogicalResult checkIdentityLayer(const LayerConfig &layer);

} // namespace rnnc::keras

#endif // RNNC_COMPILER_FRONTENDS_KERAS_MODELBUILDER_H
