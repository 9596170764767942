// Builds the module of a Keras model: its input, the walk over its layers (Sequential
// chains, functional graphs of single-input layers), weights as constants.
#include "compiler/Frontends/Keras/ModelBuilder.h"
#include "compiler/Frontends/Keras/RecurrentLayers.h"
#include "compiler/Utils/TensorUtils.h"
#include "dialect/RNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringMap.h"

#include <cctype>

#include <cmath>
#include <sstream>

using namespace mlir;
using llvm::StringRef;

namespace rnnc::keras {

const char kSupportedLayers[] =
    "InputLayer, Embedding, SimpleRNN, LSTM, GRU, CuDNNLSTM, CuDNNGRU, Bidirectional, "
    "Dense, TimeDistributed, Activation, Softmax, Dropout, SpatialDropout1D, "
    "GaussianNoise, GaussianDropout, AlphaDropout, Flatten, RepeatVector, Masking";

namespace {

/// Constants with more elements than this are resource blobs, so printed IR stays
/// readable (the same threshold as rnn-pack-weights).
constexpr int64_t kInlineElements = 256;

bool isIdentityLayer(StringRef cls) {
  return cls == "Dropout" || cls == "SpatialDropout1D" || cls == "GaussianNoise" ||
         cls == "GaussianDropout" || cls == "AlphaDropout";
}

} // namespace

namespace {
/// A number as a config writes it (1.5, not 1.500000e+00).
std::string shortNumber(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}
} // namespace

LogicalResult checkIdentityLayer(const LayerConfig &layer) {
  if (layer.className == "GaussianNoise") {
    FailureOr<double> stddev = layer.getNumber("stddev", 0.0);
    if (failed(stddev))
      return failure();
    if (!(*stddev >= 0.0) || !std::isfinite(*stddev)) {
      layer.error() << "stddev must be a finite number >= 0, got " << shortNumber(*stddev);
      return failure();
    }
    return success();
  }
  // Keras 1 called the rate 'p'.
  StringRef key = layer.has("rate") || !layer.has("p") ? "rate" : "p";
  FailureOr<double> rate = layer.getNumber(key, 0.0);
  if (failed(rate))
    return failure();
  if (!(*rate >= 0.0 && *rate < 1.0)) {
    layer.error() << "'" << key << "' must be in [0, 1), got " << shortNumber(*rate);
    return failure();
  }
  return success();
}

std::string sanitizeName(StringRef text) {
  std::string out;
  for (char c : text)
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])))
    out = "m_" + out;
  return out;
}

ModelBuilder::ModelBuilder(const Reporter &reporter, const ModelConfig &model,
                           const WeightStore &weights)
    : reporter(reporter), model(model), weights(weights), ctx(reporter.getContext()), builder(ctx),
      loc(reporter.loc()) {}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

FailureOr<KerasActivation> ModelBuilder::activationOf(const LayerConfig &layer, StringRef dflt) {
  FailureOr<std::string> name = layer.getActivation(dflt);
  if (failed(name))
    return failure();
  std::optional<KerasActivation> act = lookupActivation(*name, model.kerasMajor, ctx);
  if (!act) {
    layer.error() << "unknown activation '" << *name << "'; supported: " << kSupportedActivations;
    return failure();
  }
  return *act;
}

Value ModelBuilder::softmax(Value x, int64_t dim) {
  auto type = llvm::cast<RankedTensorType>(x.getType());
  Value init = rnnc::emitEmptyLike(builder, loc, type, x);
  return builder.create<linalg::SoftmaxOp>(loc, type, x, init, dim).getResult()[0];
}

Value ModelBuilder::applyLayerActivation(const KerasActivation &act, Value x) {
  auto type = llvm::cast<RankedTensorType>(x.getType());
  switch (act.kind) {
  case KerasActivation::Kind::Softmax:
    return softmax(x, type.getRank() - 1);
  case KerasActivation::Kind::Exponential:
    return builder.create<math::ExpOp>(loc, x);
  case KerasActivation::Kind::Elementwise:
    if (act.attr.getKind() == rnn::ActivationKind::linear)
      return x;
    return builder.create<rnn::ActivateOp>(loc, x, act.attr);
  }
  return x;
}

LogicalResult checkWeightCount(const LayerConfig &layer, size_t found,
                               llvm::ArrayRef<StringRef> expectedRoles) {
  if (found == expectedRoles.size())
    return success();
  auto diag = layer.error() << "expected " << expectedRoles.size() << " weights (";
  for (auto [i, role] : llvm::enumerate(expectedRoles))
    diag << (i ? ", " : "") << role;
  diag << "), the file has " << found;
  return failure();
}

FailureOr<std::vector<Weight>> ModelBuilder::layerWeights(const LayerConfig &layer,
                                                          llvm::ArrayRef<StringRef> expectedRoles) {
  FailureOr<std::vector<Weight>> found = weights.weightsOf(layer);
  if (failed(found) || failed(checkWeightCount(layer, found->size(), expectedRoles)))
    return failure();
  return found;
}

FailureOr<Value> ModelBuilder::weightConstant(const LayerConfig &layer, const Weight &weight,
                                              StringRef role, llvm::ArrayRef<int64_t> shape) {
  if (failed(checkWeightShape(layer, weight, role, shape)))
    return failure();
  return arrayConstant(layer, role, weight.array);
}

Value ModelBuilder::arrayConstant(const LayerConfig &layer, StringRef role,
                                  const FloatArray &array) {
  auto type = RankedTensorType::get(array.shape, builder.getF32Type());
  llvm::ArrayRef<float> data(array.values);
  ElementsAttr attr;
  if (type.getNumElements() > kInlineElements)
    attr = DenseResourceElementsAttr::get(type, sanitizeName(layer.name + "_" + role.str()),
                                          HeapAsmResourceBlob::allocateAndCopyInferAlign(data));
  else
    attr = DenseElementsAttr::get(type, data);
  return builder.create<arith::ConstantOp>(loc, attr);
}

FailureOr<RankedTensorType> ModelBuilder::floatInput(const LayerConfig &layer, Tensor in,
                                                     int64_t minRank, int64_t maxRank) {
  auto type = llvm::dyn_cast<RankedTensorType>(in.value.getType());
  if (!type || !llvm::isa<FloatType>(type.getElementType())) {
    layer.error() << "expects float features, got token ids; is an Embedding "
                     "layer missing?";
    return failure();
  }
  if (type.getRank() < minRank || type.getRank() > maxRank) {
    auto diag = layer.error() << "expects a rank-" << minRank;
    if (maxRank != minRank)
      diag << " to rank-" << maxRank;
    diag << " input, got " << type;
    return failure();
  }
  if (type.isDynamicDim(type.getRank() - 1)) {
    layer.error() << "needs a static feature size, got " << type;
    return failure();
  }
  return type;
}

Value ModelBuilder::zeroMasked(Value x, Value mask) {
  auto type = llvm::cast<RankedTensorType>(x.getType());
  Value init = rnnc::emitEmptyLike(builder, loc, type, x);
  int64_t rank = type.getRank();
  AffineMap id = builder.getMultiDimIdentityMap(rank);
  AffineMap maskMap =
      AffineMap::get(rank, 0, {builder.getAffineDimExpr(0), builder.getAffineDimExpr(1)}, ctx);
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  return builder
      .create<linalg::GenericOp>(loc, type, ValueRange{mask, x}, ValueRange{init},
                                 ArrayRef<AffineMap>{maskMap, id, id}, iters,
                                 [&](OpBuilder &b, Location l, ValueRange args) {
                                   Value zero = b.create<arith::ConstantOp>(
                                       l, b.getFloatAttr(type.getElementType(), 0.0));
                                   Value v = b.create<arith::SelectOp>(l, args[0], args[1], zero);
                                   b.create<linalg::YieldOp>(l, v);
                                 })
      .getResult(0);
}

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

FailureOr<LayerOutputs> ModelBuilder::emitLayer(const LayerConfig &layer, Tensor in) {
  loc = NameLoc::get(StringAttr::get(ctx, layer.name), reporter.loc());
  StringRef cls = layer.className;
  if (recurrentCell(cls))
    return emitRecurrent(layer, in);
  if (cls == "Bidirectional")
    return emitBidirectional(layer, in);
  if (cls == "Dense")
    return emitDense(layer, layer, in);
  if (cls == "TimeDistributed")
    return emitTimeDistributed(layer, in);
  if (cls == "Embedding")
    return emitEmbedding(layer, in);
  if (cls == "Activation")
    return emitActivation(layer, in);
  if (cls == "Softmax")
    return emitSoftmax(layer, in);
  if (cls == "Flatten")
    return emitFlatten(layer, in);
  if (cls == "RepeatVector")
    return emitRepeatVector(layer, in);
  if (cls == "Masking")
    return emitMasking(layer, in);
  if (isIdentityLayer(cls)) { // inference ignores them
    if (failed(checkIdentityLayer(layer)))
      return failure();
    return LayerOutputs{Tensor{in.value, in.mask, ""}};
  }
  if (cls == "InputLayer") {
    layer.error() << "an InputLayer must come first; models with several "
                     "inputs are not supported";
    return failure();
  }
  layer.error() << "unsupported layer; supported: " << kSupportedLayers;
  return failure();
}

//===----------------------------------------------------------------------===//
// Model structure
//===----------------------------------------------------------------------===//

FailureOr<Type> ModelBuilder::inputType(const LayerConfig *inputLayer,
                                        const LayerConfig &firstConsumer) {
  std::optional<Shape> shape;
  const LayerConfig &declarer = inputLayer ? *inputLayer : firstConsumer;
  FailureOr<std::optional<Shape>> declared = declarer.getBatchInputShape();
  if (failed(declared))
    return failure();
  shape = *declared;
  if (!shape && !inputLayer)
    shape = model.buildInputShape;
  if (!shape) {
    declarer.error() << "the config does not record the model's input shape "
                        "(batch_input_shape / batch_shape / an InputLayer)";
    return failure();
  }
  FailureOr<std::string> dtype = declarer.getDType();
  if (failed(dtype))
    return failure();

  bool ids = firstConsumer.className == "Embedding";
  if (shape->size() < 2 || shape->size() > 3 || (ids && shape->size() != 2)) {
    auto diag = declarer.error() << "input shape (";
    for (auto [i, d] : llvm::enumerate(*shape))
      diag << (i ? ", " : "") << (d ? std::to_string(*d) : "None");
    diag << ") is not supported; expected "
         << (ids ? "(batch, timesteps) token ids"
                 : "(batch, features) or (batch, timesteps, features)");
    return failure();
  }
  SmallVector<int64_t> dims;
  for (auto [i, d] : llvm::enumerate(*shape)) {
    bool last = i + 1 == shape->size();
    if (!d && last && !ids) {
      declarer.error() << "the input's feature size is None; rnnc needs static "
                          "feature sizes (batch and time may be None)";
      return failure();
    }
    if (d && *d == 0) {
      declarer.error() << "the input has an empty dimension";
      return failure();
    }
    dims.push_back(d ? *d : ShapedType::kDynamic);
  }
  Type elt;
  if (ids)
    elt = *dtype == "int64" ? builder.getI64Type() : builder.getI32Type();
  else
    elt = builder.getF32Type();
  return Type(RankedTensorType::get(dims, elt));
}

FailureOr<func::FuncOp> ModelBuilder::createFunction(StringRef name, const LayerConfig *inputLayer,
                                                     const LayerConfig &firstConsumer,
                                                     StringRef inputName) {
  FailureOr<Type> type = inputType(inputLayer, firstConsumer);
  if (failed(type))
    return failure();
  auto fn =
      builder.create<func::FuncOp>(reporter.loc(), name, builder.getFunctionType({*type}, {}));
  fn.setArgAttr(0, "rnn.name", builder.getStringAttr(inputName));
  builder.setInsertionPointToStart(fn.addEntryBlock());
  return fn;
}

LogicalResult ModelBuilder::buildSequential(func::FuncOp fn, SmallVectorImpl<Tensor> &results,
                                            SmallVectorImpl<std::string> &names) {
  llvm::ArrayRef<LayerConfig> layers = model.layers;
  Tensor current{fn.getArgument(0), Value(), ""};
  if (layers.front().className == "InputLayer")
    layers = layers.drop_front();
  for (auto [i, layer] : llvm::enumerate(layers)) {
    FailureOr<LayerOutputs> outputs = emitLayer(layer, current);
    if (failed(outputs))
      return failure();
    if (i + 1 == layers.size()) {
      for (const Tensor &t : *outputs) {
        results.push_back(t);
        names.push_back(layer.name + t.suffix);
      }
      return success();
    }
    if (outputs->size() != 1) {
      layer.error() << "returns " << outputs->size()
                    << " tensors; only the last layer of a Sequential model may";
      return failure();
    }
    current = outputs->front();
  }
  // Only an InputLayer: the model is the identity.
  results.push_back(current);
  names.push_back(model.layers.front().name);
  return success();
}

LogicalResult ModelBuilder::buildFunctional(func::FuncOp fn, SmallVectorImpl<Tensor> &results,
                                            SmallVectorImpl<std::string> &names) {
  llvm::StringMap<LayerOutputs> values;
  llvm::StringMap<const LayerConfig *> byName;
  for (const LayerConfig &layer : model.layers)
    byName[layer.name] = &layer;
  const TensorRef &input = model.inputs.front();
  values[input.layer] = LayerOutputs{Tensor{fn.getArgument(0), Value(), ""}};

  for (const LayerConfig &layer : model.layers) {
    if (layer.name == input.layer)
      continue;
    if (layer.inputs.size() != 1) {
      if (layer.className == "InputLayer")
        layer.error() << "models with several inputs are not supported";
      else
        layer.error() << "reads " << layer.inputs.size()
                      << " tensors; only layers with one input are supported";
      return failure();
    }
    const TensorRef &ref = layer.inputs.front();
    auto it = values.find(ref.layer);
    if (it == values.end()) {
      layer.error() << "reads layer '" << ref.layer << "', which is not defined before it";
      return failure();
    }
    if (ref.index >= int64_t(it->second.size())) {
      layer.error() << "reads output " << ref.index << " of layer '" << ref.layer << "', which has "
                    << it->second.size();
      return failure();
    }
    FailureOr<LayerOutputs> outputs = emitLayer(layer, it->second[ref.index]);
    if (failed(outputs))
      return failure();
    values[layer.name] = std::move(*outputs);
  }
  for (const TensorRef &ref : model.outputs) {
    auto it = values.find(ref.layer);
    if (it == values.end() || ref.index >= int64_t(it->second.size())) {
      reporter.error() << "functional model config: output '" << ref.layer << "' [" << ref.index
                       << "] is not a layer output";
      return failure();
    }
    const Tensor &t = it->second[ref.index];
    results.push_back(t);
    names.push_back(ref.layer + t.suffix);
  }
  return success();
}

OwningOpRef<ModuleOp> ModelBuilder::build(StringRef functionName) {
  OwningOpRef<ModuleOp> module = ModuleOp::create(reporter.loc());
  builder.setInsertionPointToEnd(module->getBody());

  // The model input: an InputLayer, or the shape the first layer declares.
  const LayerConfig *inputLayer = nullptr;
  const LayerConfig *firstConsumer = nullptr;
  std::string inputName;
  if (model.functional) {
    if (model.inputs.size() != 1) {
      reporter.error() << "the model has " << model.inputs.size()
                       << " inputs; only models with one input are supported";
      return nullptr;
    }
    for (const LayerConfig &layer : model.layers) {
      if (layer.name == model.inputs.front().layer)
        inputLayer = &layer;
      else if (!firstConsumer && layer.inputs.size() == 1 &&
               layer.inputs.front().layer == model.inputs.front().layer)
        firstConsumer = &layer;
    }
    if (!inputLayer) {
      reporter.error() << "functional model config: input layer '" << model.inputs.front().layer
                       << "' is not defined";
      return nullptr;
    }
    if (!firstConsumer)
      firstConsumer = inputLayer;
    inputName = inputLayer->name;
  } else {
    const LayerConfig &front = model.layers.front();
    if (front.className == "InputLayer") {
      inputLayer = &front;
      firstConsumer = model.layers.size() > 1 ? &model.layers[1] : &front;
      inputName = front.name;
    } else {
      firstConsumer = &front;
      inputName = front.name + "_input";
    }
  }
  FailureOr<func::FuncOp> fn = createFunction(functionName, inputLayer, *firstConsumer, inputName);
  if (failed(fn))
    return nullptr;

  SmallVector<Tensor> results;
  SmallVector<std::string> names;
  if (failed(model.functional ? buildFunctional(*fn, results, names)
                              : buildSequential(*fn, results, names)))
    return nullptr;

  loc = reporter.loc();
  SmallVector<Value> values;
  SmallVector<Type> types;
  for (const Tensor &t : results) {
    values.push_back(t.value);
    types.push_back(t.value.getType());
  }
  builder.create<func::ReturnOp>(loc, values);
  fn->setFunctionType(builder.getFunctionType(fn->getArgumentTypes(), types));
  for (auto [i, name] : llvm::enumerate(names))
    fn->setResultAttr(i, "rnn.name", builder.getStringAttr(name));
  return module;
}

} // namespace rnnc::keras
