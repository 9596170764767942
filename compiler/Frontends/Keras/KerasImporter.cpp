// Opens a Keras model by its format, then builds its module; see KerasImporter.h.
#include "compiler/Frontends/Keras/KerasImporter.h"
#include "compiler/Frontends/Keras/Hdf5File.h"
#include "compiler/Frontends/Keras/KerasArchive.h"
#include "compiler/Frontends/Keras/KerasConfig.h"
#include "compiler/Frontends/Keras/KerasWeights.h"
#include "compiler/Frontends/Keras/ModelBuilder.h"

#include "dialect/RNNDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using llvm::StringRef;

namespace rnnc {

namespace {

using namespace keras;

/// A model's config text, the version its file records, and its weights.
struct Source {
  std::string config;
  std::optional<std::string> kerasVersion;
  std::optional<WeightStore> weights;
};

/// A string attribute that may be absent; one that cannot be read counts as absent
/// (the version is then guessed from the config).
std::optional<std::string> optionalString(hid_t obj, StringRef name) {
  if (!hasAttribute(obj, name))
    return std::nullopt;
  llvm::Expected<std::string> value = readStringAttribute(obj, name);
  if (!value) {
    llvm::consumeError(value.takeError());
    return std::nullopt;
  }
  return *value;
}

FailureOr<Source> openLegacyModel(StringRef path, const Reporter &reporter) {
  llvm::Expected<Hdf5File> file = Hdf5File::open(path);
  if (!file) {
    reporter.error() << llvm::toString(file.takeError());
    return failure();
  }
  Source source;
  hid_t root = file->root();
  if (!hasAttribute(root, "model_config")) {
    reporter.error() << "the file has no 'model_config' attribute; for a "
                        "save_weights file, compile the model's JSON config with "
                        "--weights-file";
    return failure();
  }
  llvm::Expected<std::string> config = readStringAttribute(root, "model_config");
  if (!config) {
    reporter.error() << llvm::toString(config.takeError());
    return failure();
  }
  source.config = std::move(*config);
  // keras_version is on the root (Keras 2/3) and on model_weights (Keras 1 too).
  source.kerasVersion = optionalString(root, "keras_version");
  if (!source.kerasVersion && isGroup(root, "model_weights")) {
    llvm::Expected<H5Handle> group = openGroup(root, "model_weights");
    if (group)
      source.kerasVersion = optionalString(group->get(), "keras_version");
    else
      llvm::consumeError(group.takeError());
  }
  llvm::Expected<WeightStore> weights = WeightStore::fromModelFile(std::move(*file));
  if (!weights) {
    reporter.error() << llvm::toString(weights.takeError());
    return failure();
  }
  source.weights.emplace(std::move(*weights));
  return source;
}

FailureOr<Source> openArchive(StringRef path, const Reporter &reporter) {
  llvm::Expected<KerasArchive> archive = readKerasArchive(path);
  if (!archive) {
    reporter.error() << llvm::toString(archive.takeError());
    return failure();
  }
  Source source;
  source.config = std::move(archive->config);
  source.kerasVersion = "3";
  if (archive->metadata) {
    std::optional<Json> metadata = parseJson(*archive->metadata);
    if (!metadata) {
      reporter.error() << "metadata.json in the archive is not valid JSON";
      return failure();
    }
    if (std::optional<std::string> v = asString(getField(*metadata, "keras_version")))
      source.kerasVersion = *v;
  }
  llvm::Expected<Hdf5File> file = Hdf5File::openImage(archive->weights);
  if (!file) {
    reporter.error() << "model.weights.h5 in the archive: " << llvm::toString(file.takeError());
    return failure();
  }
  source.weights.emplace(WeightStore::fromKeras3File(std::move(*file)));
  return source;
}

FailureOr<Source> openJsonConfig(StringRef path, StringRef weightsFile, const Reporter &reporter) {
  if (weightsFile.empty()) {
    reporter.error() << "a JSON config holds no weights; pass the model's "
                        "save_weights file with --weights-file";
    return failure();
  }
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (std::error_code ec = buffer.getError()) {
    reporter.error() << "cannot read the model: " << ec.message();
    return failure();
  }
  Source source;
  source.config = (*buffer)->getBuffer().str();
  llvm::Expected<Hdf5File> file = Hdf5File::open(weightsFile);
  if (!file) {
    reporter.error() << "weights file '" << weightsFile
                     << "': " << llvm::toString(file.takeError());
    return failure();
  }
  source.kerasVersion = optionalString(file->root(), "keras_version");
  llvm::Expected<WeightStore> weights = WeightStore::fromWeightsFile(std::move(*file));
  if (!weights) {
    reporter.error() << "weights file '" << weightsFile
                     << "': " << llvm::toString(weights.takeError());
    return failure();
  }
  source.weights.emplace(std::move(*weights));
  return source;
}

} // namespace

bool isKerasModelFile(StringRef path) {
  StringRef ext = llvm::sys::path::extension(path);
  return ext == ".h5" || ext == ".hdf5" || ext == ".keras" || ext == ".json";
}

OwningOpRef<ModuleOp> importKerasModel(StringRef path, const ImportOptions &options,
                                       MLIRContext &ctx) {
  // Callers other than rnnc (which loads every dialect) pass a bare context: building a
  // func.func there would abort.
  ctx.loadDialect<func::FuncDialect, arith::ArithDialect, tensor::TensorDialect,
                  linalg::LinalgDialect, math::MathDialect, rnn::RNNDialect>();
  Reporter reporter(&ctx, path.str());
  StringRef ext = llvm::sys::path::extension(path);
  bool json = ext == ".json";
  if (!json && !options.weightsFile.empty()) {
    reporter.error() << "--weights-file applies to Keras JSON configs only; " << ext
                     << " files hold their own weights";
    return nullptr;
  }
  if (!llvm::sys::fs::exists(path)) {
    reporter.error() << "cannot read the model: no such file";
    return nullptr;
  }
  FailureOr<Source> source = json              ? openJsonConfig(path, options.weightsFile, reporter)
                             : ext == ".keras" ? openArchive(path, reporter)
                                               : openLegacyModel(path, reporter);
  if (failed(source))
    return nullptr;
  // The version the file records, else the JSON's own keras_version, else a guess.
  FailureOr<ModelConfig> model = parseModelConfig(source->config, source->kerasVersion, reporter);
  if (failed(model))
    return nullptr;
  source->weights->bind(*model);
  ModelBuilder builder(reporter, *model, *source->weights);
  OwningOpRef<ModuleOp> module = builder.build(sanitizeName(llvm::sys::path::stem(path)));
  if (!module || failed(verify(*module)))
    return nullptr;
  // A stateful layer (stateful=True, also inside Bidirectional) makes the model a
  // streaming one: rnnc then exposes each layer's state as --stateful does.
  bool stateful = false;
  for (const LayerConfig &layer : model->layers) {
    FailureOr<bool> own = layer.getBool("stateful", false);
    stateful |= succeeded(own) && *own;
    for (StringRef key : {"layer", "backward_layer"}) {
      FailureOr<std::optional<LayerConfig>> wrapped = layer.getWrapped(key);
      if (succeeded(wrapped) && *wrapped) {
        FailureOr<bool> inner = (*wrapped)->getBool("stateful", false);
        stateful |= succeeded(inner) && *inner;
      }
    }
  }
  if (stateful)
    for (auto fn : module->getOps<func::FuncOp>())
      if (fn.isPublic())
        fn->setAttr("rnn.stateful", UnitAttr::get(&ctx));
  return module;
}

} // namespace rnnc
