// Parses Keras model configs of every version into one layer list; see KerasConfig.h.
#include "compiler/Frontends/Keras/KerasConfig.h"

#include "llvm/ADT/StringSet.h"

#include <cctype>
#include <cmath>

using namespace mlir;
using llvm::StringRef;

namespace rnnc::keras {

//===----------------------------------------------------------------------===//
// Checked JSON access
//===----------------------------------------------------------------------===//

std::optional<Json> parseJson(StringRef text) {
  Json json = Json::parse(text.begin(), text.end(), /*cb=*/nullptr,
                          /*allow_exceptions=*/false);
  if (json.is_discarded())
    return std::nullopt;
  return json;
}

const Json *getField(const Json &object, StringRef key) {
  if (!object.is_object())
    return nullptr;
  auto it = object.find(key.str());
  return it == object.end() ? nullptr : &*it;
}

std::optional<int64_t> asInt(const Json *value) {
  if (!value)
    return std::nullopt;
  if (value->is_number_integer())
    return value->get<int64_t>();
  if (value->is_number_unsigned()) {
    uint64_t v = value->get<uint64_t>();
    if (v <= uint64_t(INT64_MAX))
      return int64_t(v);
    return std::nullopt;
  }
  if (value->is_number_float()) {
    double v = value->get<double>();
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9.0e15)
      return int64_t(v);
  }
  return std::nullopt;
}

/// What is wrong with a model config's 'layers' that is not a list.
std::string layersProblem(const Json *layers) {
  if (!layers || layers->is_null())
    return "missing 'layers' list";
  return std::string("'layers' must be a list, got ") + layers->type_name();
}

std::optional<double> asNumber(const Json *value) {
  if (!value || !value->is_number())
    return std::nullopt;
  return value->get<double>();
}

std::optional<bool> asBool(const Json *value) {
  if (!value || !value->is_boolean())
    return std::nullopt;
  return value->get<bool>();
}

std::optional<std::string> asString(const Json *value) {
  if (!value || !value->is_string())
    return std::nullopt;
  return value->get<std::string>();
}

//===----------------------------------------------------------------------===//
// LayerConfig
//===----------------------------------------------------------------------===//

const Json *LayerConfig::field(StringRef key) const {
  return config ? getField(*config, key) : nullptr;
}

bool LayerConfig::has(StringRef key) const {
  const Json *v = field(key);
  return v && !v->is_null();
}

FailureOr<int64_t> LayerConfig::getInt(std::initializer_list<StringRef> keys) const {
  for (StringRef key : keys) {
    const Json *v = field(key);
    if (!v || v->is_null())
      continue;
    if (std::optional<int64_t> i = asInt(v))
      return *i;
    error() << "'" << key << "' must be an integer";
    return failure();
  }
  auto diag = error() << "missing '" << *keys.begin() << "'";
  for (StringRef alt : llvm::ArrayRef<StringRef>(keys).drop_front())
    diag << " (or '" << alt << "')";
  return failure();
}

FailureOr<int64_t> LayerConfig::getInt(StringRef key, int64_t dflt) const {
  if (!has(key))
    return dflt;
  return getInt({key});
}

FailureOr<bool> LayerConfig::getBool(StringRef key, bool dflt) const {
  const Json *v = field(key);
  if (!v || v->is_null())
    return dflt;
  if (std::optional<bool> b = asBool(v))
    return *b;
  error() << "'" << key << "' must be true or false";
  return failure();
}

FailureOr<double> LayerConfig::getNumber(StringRef key, double dflt) const {
  const Json *v = field(key);
  if (!v || v->is_null())
    return dflt;
  if (std::optional<double> d = asNumber(v))
    return *d;
  error() << "'" << key << "' must be a number";
  return failure();
}

FailureOr<std::string> LayerConfig::getString(StringRef key, StringRef dflt) const {
  const Json *v = field(key);
  if (!v || v->is_null())
    return dflt.str();
  if (std::optional<std::string> s = asString(v))
    return *s;
  error() << "'" << key << "' must be a string";
  return failure();
}

FailureOr<bool> LayerConfig::getUseBias() const {
  if (has("use_bias"))
    return getBool("use_bias", true);
  return getBool("bias", true);
}

FailureOr<std::string> LayerConfig::getActivation(StringRef dflt, StringRef key) const {
  const Json *v = field(key);
  if (!v)
    return dflt.str();
  if (v->is_null())
    return std::string("linear");
  if (std::optional<std::string> s = asString(v))
    return *s;
  // Serialized functions: {"class_name": "function", "config": "tanh", ...} (Keras 3)
  // or {"class_name": "...", "config": {"name": "tanh"}}.
  if (const Json *cfg = getField(*v, "config")) {
    if (std::optional<std::string> s = asString(cfg))
      return *s;
    if (std::optional<std::string> s = asString(getField(*cfg, "name")))
      return *s;
  }
  if (std::optional<std::string> s = asString(getField(*v, "class_name")))
    return *s;
  error() << "'" << key << "' must be a name or a serialized activation";
  return failure();
}

namespace {

/// A JSON list of ints and nulls.
std::optional<Shape> asShape(const Json *v) {
  if (!v || !v->is_array())
    return std::nullopt;
  Shape shape;
  for (const Json &d : *v) {
    if (d.is_null()) {
      shape.push_back(std::nullopt);
      continue;
    }
    std::optional<int64_t> i = asInt(&d);
    if (!i || *i < 0)
      return std::nullopt;
    shape.push_back(*i);
  }
  return shape;
}

} // namespace

FailureOr<std::optional<Shape>> LayerConfig::getBatchInputShape() const {
  for (StringRef key : {"batch_shape", "batch_input_shape"}) {
    const Json *v = field(key);
    if (!v || v->is_null())
      continue;
    if (std::optional<Shape> s = asShape(v))
      return std::optional<Shape>(*s);
    error() << "'" << key << "' must be a list of sizes or nulls";
    return failure();
  }
  // Keras 1 (and 2's Embedding): input_dim / input_length.
  if (className != "Embedding" && has("input_dim")) {
    FailureOr<int64_t> dim = getInt({"input_dim"});
    if (failed(dim))
      return failure();
    Shape s{std::nullopt};
    if (has("input_length")) {
      FailureOr<int64_t> len = getInt({"input_length"});
      if (failed(len))
        return failure();
      s.push_back(*len);
    }
    s.push_back(*dim);
    return std::optional<Shape>(s);
  }
  if (className == "Embedding" && has("input_length")) {
    FailureOr<int64_t> len = getInt({"input_length"});
    if (failed(len))
      return failure();
    return std::optional<Shape>(Shape{std::nullopt, *len});
  }
  // Keras 3 records the shape a layer was built with.
  if (buildConfig)
    if (std::optional<Shape> s = asShape(getField(*buildConfig, "input_shape")))
      return std::optional<Shape>(*s);
  // A wrapper (Bidirectional, TimeDistributed) given its input shape through the
  // wrapped layer.
  if (className == "Bidirectional" || className == "TimeDistributed") {
    FailureOr<std::optional<LayerConfig>> inner = getWrapped("layer");
    if (failed(inner))
      return failure();
    if (*inner)
      return (*inner)->getBatchInputShape();
  }
  return std::optional<Shape>();
}

FailureOr<std::string> LayerConfig::getDType() const {
  const Json *v = field("dtype");
  if (!v || v->is_null())
    return std::string("float32");
  if (std::optional<std::string> s = asString(v))
    return *s;
  // Dtype policies: {"class_name": "DTypePolicy" | "Policy", "config": {"name": ...}}.
  if (const Json *cfg = getField(*v, "config"))
    if (std::optional<std::string> s = asString(getField(*cfg, "name")))
      return *s;
  error() << "'dtype' must be a name or a dtype policy";
  return failure();
}

FailureOr<std::optional<LayerConfig>> LayerConfig::getWrapped(StringRef key) const {
  const Json *v = field(key);
  if (!v || v->is_null())
    return std::optional<LayerConfig>();
  std::optional<std::string> cls = asString(getField(*v, "class_name"));
  const Json *cfg = getField(*v, "config");
  if (!cls || !cfg || !cfg->is_object()) {
    error() << "'" << key << "' must be a layer ({\"class_name\": ..., \"config\": {...}})";
    return failure();
  }
  std::string innerName = asString(getField(*cfg, "name")).value_or(name + "/" + key.str());
  return std::optional<LayerConfig>(LayerConfig(*cls, innerName, cfg, reporter));
}

//===----------------------------------------------------------------------===//
// Model structure
//===----------------------------------------------------------------------===//

std::string toSnakeCase(StringRef className) {
  // Keras: re.sub(r"\W+", "", name); re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name);
  // re.sub("([a-z])([A-Z])", r"\1_\2", name).lower(), with Python's left-to-right,
  // non-overlapping matching.
  std::string s;
  for (char c : className)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_')
      s += c;
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  std::string step;
  size_t pos = 0;
  while (true) {
    size_t i = pos;
    bool found = false;
    for (; i + 2 < s.size(); ++i)
      if (upper(s[i + 1]) && lower(s[i + 2])) {
        found = true;
        break;
      }
    if (!found) {
      step += s.substr(pos);
      break;
    }
    size_t end = i + 3;
    while (end < s.size() && lower(s[end]))
      ++end;
    step += s.substr(pos, i + 1 - pos);
    step += '_';
    step += s.substr(i + 1, end - (i + 1));
    pos = end;
  }
  std::string out;
  for (size_t i = 0; i < step.size(); ++i) {
    out += step[i];
    if (lower(step[i]) && i + 1 < step.size() && upper(step[i + 1]))
      out += '_';
  }
  for (char &c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

namespace {

struct Parser {
  const Reporter &reporter;
  ModelConfig &model;

  InFlightDiagnostic error() const { return reporter.error(); }

  /// [name, node, index(, kwargs)] (Keras 1/2) -> TensorRef.
  std::optional<TensorRef> parseRefList(const Json &v) {
    if (!v.is_array() || v.size() < 3)
      return std::nullopt;
    std::optional<std::string> name = asString(&v[0]);
    std::optional<int64_t> node = asInt(&v[1]), index = asInt(&v[2]);
    if (!name || !node || !index || *node < 0 || *index < 0)
      return std::nullopt;
    if (*node != 0)
      return TensorRef{*name, -1}; // a later call: reported by the caller
    return TensorRef{*name, *index};
  }

  /// Collects Keras 3 `__keras_tensor__` references anywhere under `v`.
  LogicalResult collectKerasTensors(const Json &v, std::vector<TensorRef> &out) {
    if (v.is_array()) {
      for (const Json &e : v)
        if (failed(collectKerasTensors(e, out)))
          return failure();
      return success();
    }
    if (!v.is_object())
      return success();
    if (asString(getField(v, "class_name")) == std::string("__keras_tensor__")) {
      const Json *cfg = getField(v, "config");
      const Json *history = cfg ? getField(*cfg, "keras_history") : nullptr;
      std::optional<TensorRef> ref = history ? parseRefList(*history) : std::nullopt;
      if (!ref)
        return failure();
      out.push_back(*ref);
      return success();
    }
    for (auto it = v.begin(); it != v.end(); ++it)
      if (failed(collectKerasTensors(*it, out)))
        return failure();
    return success();
  }

  LogicalResult parseInboundNodes(LayerConfig &layer, const Json *nodes) {
    if (!nodes || nodes->is_null())
      return success();
    if (!nodes->is_array()) {
      layer.error() << "'inbound_nodes' must be a list";
      return failure();
    }
    if (nodes->size() > 1) {
      layer.error() << "the layer is called " << nodes->size()
                    << " times; shared layers are not supported";
      return failure();
    }
    if (nodes->empty())
      return success();
    const Json &node = (*nodes)[0];
    if (node.is_object()) {
      // Keras 3: {"args": [...], "kwargs": {...}}.
      if (failed(collectKerasTensors(node, layer.inputs))) {
        layer.error() << "malformed 'inbound_nodes' entry";
        return failure();
      }
    } else if (node.is_array()) {
      for (const Json &entry : node) {
        std::optional<TensorRef> ref = parseRefList(entry);
        if (!ref) {
          layer.error() << "malformed 'inbound_nodes' entry";
          return failure();
        }
        if (entry.size() > 3 && entry[3].is_object())
          for (auto it = entry[3].begin(); it != entry[3].end(); ++it)
            if (!it->is_null() && it.key() != "training") {
              layer.error() << "call argument '" << it.key() << "' is not supported";
              return failure();
            }
        layer.inputs.push_back(*ref);
      }
    } else {
      layer.error() << "malformed 'inbound_nodes' entry";
      return failure();
    }
    for (const TensorRef &ref : layer.inputs)
      if (ref.index < 0) {
        layer.error() << "reads a later call of layer '" << ref.layer
                      << "'; shared layers are not supported";
        return failure();
      }
    return success();
  }

  /// input_layers / output_layers: [[name, node, index], ...] or one [name, node, index].
  LogicalResult parseEndpoints(const Json &config, StringRef key, std::vector<TensorRef> &out) {
    const Json *v = getField(config, key);
    if (!v || v->is_null()) {
      error() << "functional model config: missing '" << key << "'";
      return failure();
    }
    if (!v->is_array() || v->empty()) {
      error() << "functional model config: '" << key << "' must be a non-empty list";
      return failure();
    }
    if (std::optional<TensorRef> single = parseRefList(*v)) {
      out.push_back(*single);
      return success();
    }
    for (const Json &e : *v) {
      std::optional<TensorRef> ref = parseRefList(e);
      if (!ref || ref->index < 0) {
        error() << "functional model config: malformed '" << key << "'";
        return failure();
      }
      out.push_back(*ref);
    }
    return success();
  }

  LogicalResult parseLayers(const Json &list, bool functional) {
    llvm::StringSet<> names;
    int64_t i = 0;
    for (const Json &entry : list) {
      std::optional<std::string> cls = asString(getField(entry, "class_name"));
      const Json *cfg = getField(entry, "config");
      if (!cls) {
        error() << "layer " << i << " of the model config has no 'class_name'";
        return failure();
      }
      if (!cfg || !cfg->is_object()) {
        error() << "layer " << i << " (" << *cls << ") of the model config has no 'config' object";
        return failure();
      }
      std::optional<std::string> name = asString(getField(entry, "name"));
      if (!name)
        name = asString(getField(*cfg, "name"));
      if (!name)
        name = toSnakeCase(*cls) + "_" + std::to_string(i);
      LayerConfig layer(*cls, *name, cfg, &reporter);
      if (!names.insert(*name).second) {
        layer.error() << "two layers are named '" << *name << "'";
        return failure();
      }
      if (functional && failed(parseInboundNodes(layer, getField(entry, "inbound_nodes"))))
        return failure();
      // Keras 3 keeps the shape a layer was built with beside its config.
      layer.buildConfig = getField(entry, "build_config");
      model.layers.push_back(std::move(layer));
      ++i;
    }
    if (model.layers.empty()) {
      error() << "the model config has no layers";
      return failure();
    }
    return success();
  }

  LogicalResult parse(const Json &root) {
    // A bare list of layers: the oldest Sequential form.
    if (root.is_array())
      return parseLayers(root, /*functional=*/false);
    if (!root.is_object()) {
      error() << "the model config must be a JSON object";
      return failure();
    }
    std::optional<std::string> cls = asString(getField(root, "class_name"));
    const Json *config = getField(root, "config");
    if (!cls || !config) {
      error() << "the model config has no 'class_name' and 'config'";
      return failure();
    }
    if (const Json *build = getField(root, "build_config"))
      model.buildInputShape = asShape(getField(*build, "input_shape"));
    if (*cls == "Sequential") {
      if (config->is_array())
        return parseLayers(*config, /*functional=*/false);
      if (!model.buildInputShape)
        model.buildInputShape = asShape(getField(*config, "build_input_shape"));
      model.modelName = asString(getField(*config, "name")).value_or("");
      const Json *layers = getField(*config, "layers");
      if (!layers || !layers->is_array()) {
        error() << "Sequential model config: " << layersProblem(layers);
        return failure();
      }
      return parseLayers(*layers, /*functional=*/false);
    }
    if (*cls == "Model" || *cls == "Functional") {
      model.functional = true;
      model.modelName = asString(getField(*config, "name")).value_or("");
      const Json *layers = getField(*config, "layers");
      if (!layers || !layers->is_array()) {
        error() << "functional model config: " << layersProblem(layers);
        return failure();
      }
      if (failed(parseLayers(*layers, /*functional=*/true)) ||
          failed(parseEndpoints(*config, "input_layers", model.inputs)) ||
          failed(parseEndpoints(*config, "output_layers", model.outputs)))
        return failure();
      return success();
    }
    error() << "model class '" << *cls
            << "' is not supported; expected Sequential or a functional Model";
    return failure();
  }
};

std::optional<int> majorOf(StringRef version) {
  version = version.trim();
  unsigned value;
  size_t digits = 0;
  while (digits < version.size() && std::isdigit(static_cast<unsigned char>(version[digits])))
    ++digits;
  if (digits == 0 || version.substr(0, digits).getAsInteger(10, value) || value > 1000)
    return std::nullopt;
  return int(value);
}

/// Without a recorded version: Keras 3 writes `module` keys, `batch_shape` and dtype
/// policy objects; Keras 1 `output_dim` on Dense and recurrent layers.
int guessMajor(const Json &root, const ModelConfig &model) {
  if (getField(root, "module"))
    return 3;
  for (const LayerConfig &layer : model.layers) {
    if (layer.has("batch_shape"))
      return 3;
    StringRef cls = layer.className;
    if ((cls == "Dense" || cls == "SimpleRNN" || cls == "LSTM" || cls == "GRU") &&
        layer.has("output_dim"))
      return 1;
  }
  return 2;
}

} // namespace

FailureOr<ModelConfig> parseModelConfig(StringRef text, std::optional<std::string> kerasVersion,
                                        const Reporter &reporter) {
  std::optional<Json> json = parseJson(text);
  if (!json) {
    reporter.error() << "the model config is not valid JSON";
    return failure();
  }
  ModelConfig model;
  model.json = std::make_unique<Json>(std::move(*json));
  const Json &root = *model.json;
  if (!kerasVersion)
    kerasVersion = asString(getField(root, "keras_version"));
  Parser parser{reporter, model};
  if (failed(parser.parse(root)))
    return failure();
  std::optional<int> major = kerasVersion ? majorOf(*kerasVersion) : std::nullopt;
  model.kerasMajor = major ? *major : guessMajor(root, model);
  if (model.kerasMajor < 1 || model.kerasMajor > 3) {
    reporter.error() << "Keras version '" << *kerasVersion
                     << "' is not supported; expected 1.x, 2.x or 3.x";
    return failure();
  }
  return model;
}

} // namespace rnnc::keras
