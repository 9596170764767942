// Finds a layer's weights in a Keras HDF5 file, in Keras' own order (kernel, recurrent
// kernel, bias; a Bidirectional layer's forward half, then its backward half).
//  - Legacy layout (`model.save('m.h5')`, `save_weights('w.h5')`, Keras 1-3): one group
//    per layer, whose `weight_names` attribute lists its datasets in order.
//  - Keras 3 layout (`.keras` archives, `.weights.h5`): `layers/<key>/vars/0..`, with
//    `cell/` for recurrent layers and `forward_layer/`, `backward_layer/` for
//    Bidirectional. <key> is the snake_case class name with a per-class counter
//    (`simple_rnn_1`), which is how Keras 3 addresses layers; the layer's name is the
//    fallback.
#ifndef RNNC_COMPILER_FRONTENDS_KERAS_KERASWEIGHTS_H
#define RNNC_COMPILER_FRONTENDS_KERAS_KERASWEIGHTS_H

#include "compiler/Frontends/Keras/Hdf5File.h"
#include "compiler/Frontends/Keras/KerasConfig.h"

#include "llvm/ADT/StringMap.h"

namespace rnnc::keras {

/// A weight tensor and where it came from (for messages).
struct Weight {
  std::string path;
  FloatArray array;
};

/// A shape as Keras prints it: "(3, 8)", "(8,)".
std::string shapeText(llvm::ArrayRef<int64_t> shape);

/// Reports a located error unless `weight` has `shape` (`role` names it).
mlir::LogicalResult checkWeightShape(const LayerConfig &layer, const Weight &weight,
                                     llvm::StringRef role, llvm::ArrayRef<int64_t> shape);

class WeightStore {
public:
  enum class Layout { Legacy, Keras3 };

  /// The weights of a full legacy model file: its `model_weights` group.
  static llvm::Expected<WeightStore> fromModelFile(Hdf5File file);
  /// A weights-only file (`save_weights`), either layout.
  static llvm::Expected<WeightStore> fromWeightsFile(Hdf5File file);
  /// A Keras 3 `model.weights.h5`.
  static WeightStore fromKeras3File(Hdf5File file);

  /// Names the layers' groups as the file's layout does; call once per model.
  void bind(const ModelConfig &model);

  /// The layer's weights in Keras' order; reports a located error and fails when the
  /// file has none for it or they cannot be read.
  mlir::FailureOr<std::vector<Weight>> weightsOf(const LayerConfig &layer) const;

  Layout getLayout() const { return layout; }

private:
  WeightStore(Hdf5File file, Layout layout, std::string rootPath)
      : file(std::move(file)), layout(layout), rootPath(std::move(rootPath)) {}

  mlir::FailureOr<std::vector<Weight>> legacyWeights(const LayerConfig &layer) const;
  mlir::FailureOr<std::vector<Weight>> keras3Weights(const LayerConfig &layer) const;

  Hdf5File file;
  Layout layout;
  /// Legacy: the group holding the layer groups ("model_weights" or "" for the root).
  std::string rootPath;
  /// Keras 3: layer name -> class-based key.
  llvm::StringMap<std::string> keras3Keys;
};

} // namespace rnnc::keras

#endif // RNNC_COMPILER_FRONTENDS_KERAS_KERASWEIGHTS_H
