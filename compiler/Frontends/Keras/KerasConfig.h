// The Keras model config (JSON) as one normalized list of layers, whatever the Keras
// version wrote it: Sequential as a bare list (Keras <= 2.2) or {"layers": [...]}
// (2.2+, 3), functional models with `inbound_nodes` (Keras 1/2 lists, Keras 3
// `keras_history`).
// Layer fields are read through LayerConfig, which knows each version's spelling
// (units / output_dim, use_bias / bias, batch_input_shape / batch_shape, dtype policies).
#ifndef RNNC_COMPILER_FRONTENDS_KERAS_KERASCONFIG_H
#define RNNC_COMPILER_FRONTENDS_KERAS_KERASCONFIG_H

#include "compiler/Frontends/Keras/Reporter.h"

#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/SmallVector.h"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rnnc::keras {

using Json = nlohmann::json;

/// Parses JSON without exceptions; nullopt when the text is not JSON.
std::optional<Json> parseJson(llvm::StringRef text);

/// Checked access: a missing key or a value of another type gives null / nullopt.
const Json *getField(const Json &object, llvm::StringRef key);
std::optional<int64_t> asInt(const Json *value);
std::optional<double> asNumber(const Json *value);
std::optional<bool> asBool(const Json *value);
std::optional<std::string> asString(const Json *value);

/// A dimension list; nullopt entries are Keras' None (dynamic).
using Shape = llvm::SmallVector<std::optional<int64_t>>;

/// Output `index` of the first call of layer `layer`.
struct TensorRef {
  std::string layer;
  int64_t index = 0;
};

/// One layer of the config, with typed, checked access to its fields. Every getter
/// reports a located error naming the layer when a field is missing (and required) or
/// has the wrong type.
class LayerConfig {
public:
  LayerConfig(std::string className, std::string name, const Json *config, const Reporter *reporter)
      : className(std::move(className)), name(std::move(name)), config(config), reporter(reporter) {
  }

  std::string className;
  std::string name;
  /// Functional models: the tensors the layer's (only) call reads.
  std::vector<TensorRef> inputs;
  /// Keras 3: the layer entry's `build_config` (the shape it was built with), if any.
  const Json *buildConfig = nullptr;

  /// Whether `key` is present with a non-null value.
  bool has(llvm::StringRef key) const;
  /// Whether `key` is present at all (null included: Keras writes None as null).
  bool hasKey(llvm::StringRef key) const { return field(key) != nullptr; }
  /// The first of `keys` present (Keras renamed fields between versions).
  mlir::FailureOr<int64_t> getInt(std::initializer_list<llvm::StringRef> keys) const;
  mlir::FailureOr<int64_t> getInt(llvm::StringRef key, int64_t dflt) const;
  mlir::FailureOr<bool> getBool(llvm::StringRef key, bool dflt) const;
  mlir::FailureOr<double> getNumber(llvm::StringRef key, double dflt) const;
  /// A string, or `dflt` when absent or null.
  mlir::FailureOr<std::string> getString(llvm::StringRef key, llvm::StringRef dflt) const;
  /// `use_bias` (Keras 2/3) or `bias` (Keras 1); default true.
  mlir::FailureOr<bool> getUseBias() const;
  /// The name of the activation in field `key`: a string, a serialized function
  /// object, or null (linear); `dflt` when absent.
  mlir::FailureOr<std::string> getActivation(llvm::StringRef dflt,
                                             llvm::StringRef key = "activation") const;
  /// The batch input shape the layer declares, if any: `batch_shape` (Keras 3),
  /// `batch_input_shape` (Keras 1/2), `input_dim` + `input_length` (Keras 1).
  mlir::FailureOr<std::optional<Shape>> getBatchInputShape() const;
  /// The dtype name: a string or a dtype policy object; "float32" when absent.
  mlir::FailureOr<std::string> getDType() const;
  /// A wrapped layer (`layer`, `backward_layer`); nullopt when `key` is absent.
  mlir::FailureOr<std::optional<LayerConfig>> getWrapped(llvm::StringRef key) const;

  /// "layer 'name' (Class): " followed by the message.
  mlir::InFlightDiagnostic error() const { return reporter->layerError(name, className); }

private:
  const Json *field(llvm::StringRef key) const;
  const Json *config;
  const Reporter *reporter;
};

struct ModelConfig {
  /// Owns the JSON every LayerConfig points into.
  std::unique_ptr<Json> json;
  /// 1, 2 or 3: from the file's keras_version, or guessed from the config dialect.
  int kerasMajor = 2;
  std::string modelName;
  bool functional = false;
  /// In config order; for Sequential models a chain (an InputLayer, if any, first).
  std::vector<LayerConfig> layers;
  /// Functional models: the model's inputs and outputs.
  std::vector<TensorRef> inputs, outputs;
  /// The input shape the model was built with (`build_input_shape`, Keras 3
  /// `build_config`), when the config records one.
  std::optional<Shape> buildInputShape;
};

/// Parses a model config. `kerasVersion` is the version string the file records, if
/// any ("2.4.0"); without one the version is guessed from the config.
mlir::FailureOr<ModelConfig> parseModelConfig(llvm::StringRef text,
                                              std::optional<std::string> kerasVersion,
                                              const Reporter &reporter);

/// Keras' snake_case of a class name ("SimpleRNN" -> "simple_rnn"), as Keras 3 uses
/// to name layers in its weights files.
std::string toSnakeCase(llvm::StringRef className);

} // namespace rnnc::keras

#endif // RNNC_COMPILER_FRONTENDS_KERAS_KERASCONFIG_H
