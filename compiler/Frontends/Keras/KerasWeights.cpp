// Finds a layer's weights in Keras HDF5 files; see KerasWeights.h.
#include "compiler/Frontends/Keras/KerasWeights.h"

#include "llvm/ADT/Twine.h"

using namespace mlir;
using llvm::Expected;
using llvm::StringRef;
using llvm::Twine;

namespace rnnc::keras {

namespace {

llvm::Error fail(const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string join(StringRef a, StringRef b) {
  if (a.empty())
    return b.str();
  return (a + "/" + b).str();
}

} // namespace

std::string shapeText(llvm::ArrayRef<int64_t> shape) {
  std::string s = "(";
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (i)
      s += ", ";
    s += std::to_string(d);
  }
  return s + (shape.size() == 1 ? ",)" : ")");
}

LogicalResult checkWeightShape(const LayerConfig &layer, const Weight &weight, StringRef role,
                               llvm::ArrayRef<int64_t> shape) {
  if (llvm::ArrayRef<int64_t>(weight.array.shape) == shape)
    return success();
  layer.error() << "weight '" << role << "' (" << weight.path << ") has shape "
                << shapeText(weight.array.shape) << ", expected " << shapeText(shape);
  return failure();
}

Expected<WeightStore> WeightStore::fromModelFile(Hdf5File file) {
  if (!isGroup(file.root(), "model_weights"))
    return fail("the file has no 'model_weights' group (a model saved without "
                "weights?)");
  return WeightStore(std::move(file), Layout::Legacy, "model_weights");
}

Expected<WeightStore> WeightStore::fromWeightsFile(Hdf5File file) {
  hid_t root = file.root();
  if (hasAttribute(root, "layer_names") || hasAttribute(root, "layer_names0"))
    return WeightStore(std::move(file), Layout::Legacy, "");
  if (isGroup(root, "model_weights"))
    return WeightStore(std::move(file), Layout::Legacy, "model_weights");
  if (isGroup(root, "layers"))
    return WeightStore(std::move(file), Layout::Keras3, "");
  return fail("not a Keras weights file: no 'layer_names' attribute, "
              "'model_weights' group or 'layers' group");
}

WeightStore WeightStore::fromKeras3File(Hdf5File file) {
  return WeightStore(std::move(file), Layout::Keras3, "");
}

void WeightStore::bind(const ModelConfig &model) {
  llvm::StringMap<int> used;
  for (const LayerConfig &layer : model.layers) {
    std::string key = toSnakeCase(layer.className);
    auto [it, inserted] = used.try_emplace(key, 0);
    if (!inserted)
      key += "_" + std::to_string(++it->second);
    keras3Keys[layer.name] = key;
  }
}

FailureOr<std::vector<Weight>> WeightStore::weightsOf(const LayerConfig &layer) const {
  return layout == Layout::Legacy ? legacyWeights(layer) : keras3Weights(layer);
}

FailureOr<std::vector<Weight>> WeightStore::legacyWeights(const LayerConfig &layer) const {
  std::string groupPath = join(rootPath, layer.name);
  if (!isGroup(file.root(), groupPath)) {
    layer.error() << "the weights file has no group '" << groupPath << "'";
    return failure();
  }
  Expected<H5Handle> group = openGroup(file.root(), groupPath);
  if (!group) {
    layer.error() << llvm::toString(group.takeError());
    return failure();
  }
  Expected<std::vector<std::string>> names = readStringListAttribute(group->get(), "weight_names");
  if (!names) {
    layer.error() << "group '" << groupPath << "': " << llvm::toString(names.takeError());
    return failure();
  }
  std::vector<Weight> out;
  for (const std::string &name : *names) {
    Expected<FloatArray> array = readFloatDataset(group->get(), name);
    if (!array) {
      layer.error() << "in group '" << groupPath << "': " << llvm::toString(array.takeError());
      return failure();
    }
    out.push_back(Weight{join(groupPath, name), std::move(*array)});
  }
  return out;
}

FailureOr<std::vector<Weight>> WeightStore::keras3Weights(const LayerConfig &layer) const {
  // The group of the layer: by class-based key (what Keras 3 writes), else by name.
  std::string key;
  auto it = keras3Keys.find(layer.name);
  for (StringRef candidate :
       {it == keras3Keys.end() ? StringRef() : StringRef(it->second), StringRef(layer.name)}) {
    if (!candidate.empty() && isGroup(file.root(), join("layers", candidate))) {
      key = join("layers", candidate);
      break;
    }
  }
  if (key.empty()) {
    layer.error() << "the weights file has no group 'layers/"
                  << (it == keras3Keys.end() ? layer.name : it->second) << "'";
    return failure();
  }
  // Sub-objects holding variables, in Keras' weight order.
  llvm::SmallVector<std::string, 2> owners;
  StringRef cls = layer.className;
  if (cls == "SimpleRNN" || cls == "LSTM" || cls == "GRU") {
    owners.push_back(join(key, "cell"));
  } else if (layer.className == "Bidirectional") {
    owners.push_back(join(key, "forward_layer/cell"));
    owners.push_back(join(key, "backward_layer/cell"));
  } else if (layer.className == "TimeDistributed") {
    owners.push_back(isGroup(file.root(), join(key, "layer")) ? join(key, "layer") : key);
  } else {
    owners.push_back(key);
  }
  std::vector<Weight> out;
  for (const std::string &owner : owners) {
    std::string vars = join(owner, "vars");
    if (!isGroup(file.root(), vars)) {
      layer.error() << "the weights file has no group '" << vars << "'";
      return failure();
    }
    for (int i = 0;; ++i) {
      std::string path = join(vars, std::to_string(i));
      if (!hasObject(file.root(), path))
        break;
      Expected<FloatArray> array = readFloatDataset(file.root(), path);
      if (!array) {
        layer.error() << llvm::toString(array.takeError());
        return failure();
      }
      out.push_back(Weight{path, std::move(*array)});
    }
  }
  return out;
}

} // namespace rnnc::keras
