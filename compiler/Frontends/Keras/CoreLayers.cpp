// The layers around the recurrence: Dense and TimeDistributed(Dense) as rnn.dense,
// Embedding and Masking with their masks, Activation, Softmax, Flatten, RepeatVector.
#include "compiler/Frontends/Keras/ModelBuilder.h"
#include "compiler/Utils/TensorUtils.h"
#include "dialect/RNNOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using llvm::StringRef;

namespace rnnc::keras {

FailureOr<LayerOutputs> ModelBuilder::emitDense(const LayerConfig &layer,
                                                const LayerConfig &weightsOwner, Tensor in) {
  FailureOr<int64_t> units = layer.getInt({"units", "output_dim"});
  FailureOr<bool> useBias = layer.getUseBias();
  if (failed(units) || failed(useBias))
    return failure();
  if (*units <= 0) {
    layer.error() << "units must be positive, got " << *units;
    return failure();
  }
  FailureOr<KerasActivation> act = activationOf(layer, "linear");
  if (failed(act))
    return failure();
  FailureOr<RankedTensorType> inType = floatInput(weightsOwner, in, 2, 8);
  if (failed(inType))
    return failure();
  int64_t inDim = inType->getShape().back();
  llvm::SmallVector<StringRef, 2> roles = {"kernel"};
  if (*useBias)
    roles.push_back("bias");
  FailureOr<std::vector<Weight>> ws = layerWeights(weightsOwner, roles);
  if (failed(ws))
    return failure();
  FailureOr<Value> kernel = weightConstant(weightsOwner, (*ws)[0], "kernel", {inDim, *units});
  if (failed(kernel))
    return failure();
  Value bias;
  if (*useBias) {
    FailureOr<Value> b = weightConstant(weightsOwner, (*ws)[1], "bias", {*units});
    if (failed(b))
      return failure();
    bias = *b;
  }
  SmallVector<int64_t> shape(inType->getShape());
  shape.back() = *units;
  auto resultType = RankedTensorType::get(shape, builder.getF32Type());
  bool inCell = act->kind == KerasActivation::Kind::Elementwise;
  rnn::ActivationAttr attr =
      inCell ? act->attr : rnn::ActivationAttr::get(ctx, rnn::ActivationKind::linear);
  Value y = builder.create<rnn::DenseOp>(loc, resultType, in.value, *kernel, bias, attr);
  if (!inCell)
    y = applyLayerActivation(*act, y);
  return LayerOutputs{Tensor{y, in.mask, ""}};
}

FailureOr<LayerOutputs> ModelBuilder::emitTimeDistributed(const LayerConfig &layer, Tensor in) {
  FailureOr<std::optional<LayerConfig>> inner = layer.getWrapped("layer");
  if (failed(inner))
    return failure();
  if (!*inner) {
    layer.error() << "missing 'layer' (the wrapped layer)";
    return failure();
  }
  if (failed(floatInput(layer, in, 3, 3)))
    return failure();
  StringRef cls = (*inner)->className;
  if (cls == "Dense")
    return emitDense(**inner, layer, in);
  if (cls == "Activation")
    return emitActivation(**inner, in);
  if (cls == "Dropout" || cls == "GaussianNoise" || cls == "GaussianDropout" ||
      cls == "AlphaDropout") {
    if (failed(checkIdentityLayer(**inner)))
      return failure();
    return LayerOutputs{Tensor{in.value, in.mask, ""}};
  }
  layer.error() << "wraps a layer of class '" << cls << "'; supported: Dense, Activation, Dropout";
  return failure();
}

FailureOr<LayerOutputs> ModelBuilder::emitEmbedding(const LayerConfig &layer, Tensor in) {
  FailureOr<int64_t> vocab = layer.getInt({"input_dim"});
  FailureOr<int64_t> dim = layer.getInt({"output_dim"});
  FailureOr<bool> maskZero = layer.getBool("mask_zero", false);
  if (failed(vocab) || failed(dim) || failed(maskZero))
    return failure();
  if (*vocab <= 0 || *dim <= 0) {
    layer.error() << "input_dim and output_dim must be positive";
    return failure();
  }
  auto idsType = llvm::cast<RankedTensorType>(in.value.getType());
  if (!llvm::isa<IntegerType>(idsType.getElementType()) || idsType.getRank() != 2) {
    layer.error() << "expects (batch, timesteps) token ids; an Embedding must be "
                     "the model's first layer";
    return failure();
  }
  FailureOr<std::vector<Weight>> ws = layerWeights(layer, {"embeddings"});
  if (failed(ws))
    return failure();
  FailureOr<Value> table = weightConstant(layer, (*ws)[0], "embeddings", {*vocab, *dim});
  if (failed(table))
    return failure();
  auto resultType = RankedTensorType::get({idsType.getDimSize(0), idsType.getDimSize(1), *dim},
                                          builder.getF32Type());
  Value e = builder.create<rnn::EmbeddingOp>(loc, resultType, in.value, *table);
  Value mask;
  if (*maskZero) {
    auto maskType = RankedTensorType::get(idsType.getShape(), builder.getI1Type());
    mask = builder.create<rnn::MaskOp>(loc, maskType, in.value,
                                       builder.getIntegerAttr(idsType.getElementType(), 0));
  }
  return LayerOutputs{Tensor{e, mask, ""}};
}

FailureOr<LayerOutputs> ModelBuilder::emitActivation(const LayerConfig &layer, Tensor in) {
  FailureOr<KerasActivation> act = activationOf(layer, "linear");
  if (failed(act) || failed(floatInput(layer, in, 2, 8)))
    return failure();
  return LayerOutputs{Tensor{applyLayerActivation(*act, in.value), in.mask, ""}};
}

FailureOr<LayerOutputs> ModelBuilder::emitSoftmax(const LayerConfig &layer, Tensor in) {
  FailureOr<RankedTensorType> type = floatInput(layer, in, 2, 8);
  if (failed(type))
    return failure();
  FailureOr<int64_t> axis = layer.getInt("axis", -1);
  if (failed(axis))
    return failure();
  int64_t rank = type->getRank();
  if (*axis < -rank || *axis >= rank) {
    layer.error() << "axis " << *axis << " is out of range for " << *type;
    return failure();
  }
  if (in.mask) {
    layer.error() << "a Softmax layer that receives a mask is not supported";
    return failure();
  }
  return LayerOutputs{Tensor{softmax(in.value, *axis < 0 ? *axis + rank : *axis), Value(), ""}};
}

FailureOr<LayerOutputs> ModelBuilder::emitFlatten(const LayerConfig &layer, Tensor in) {
  FailureOr<RankedTensorType> type = floatInput(layer, in, 2, 8);
  if (failed(type))
    return failure();
  if (type->getRank() == 2)
    return LayerOutputs{Tensor{in.value, Value(), ""}};
  int64_t size = 1;
  ReassociationIndices rest;
  for (int64_t i = 1; i < type->getRank(); ++i) {
    if (type->isDynamicDim(i)) {
      layer.error() << "needs static sizes after the batch dimension, got " << *type;
      return failure();
    }
    size *= type->getDimSize(i);
    rest.push_back(i);
  }
  auto resultType = RankedTensorType::get({type->getDimSize(0), size}, type->getElementType());
  Value flat = builder.create<tensor::CollapseShapeOp>(
      loc, resultType, in.value, SmallVector<ReassociationIndices>{{0}, rest});
  // Flatten does not support masking: the mask stops here.
  return LayerOutputs{Tensor{flat, Value(), ""}};
}

FailureOr<LayerOutputs> ModelBuilder::emitRepeatVector(const LayerConfig &layer, Tensor in) {
  FailureOr<int64_t> n = layer.getInt({"n"});
  if (failed(n))
    return failure();
  if (*n <= 0) {
    layer.error() << "n must be positive, got " << *n;
    return failure();
  }
  FailureOr<RankedTensorType> type = floatInput(layer, in, 2, 2);
  if (failed(type))
    return failure();
  auto resultType =
      RankedTensorType::get({type->getDimSize(0), *n, type->getDimSize(1)}, type->getElementType());
  Value init = rnnc::emitEmptyLike(builder, loc, resultType, in.value);
  Value repeated =
      builder.create<linalg::BroadcastOp>(loc, in.value, init, ArrayRef<int64_t>{1}).getResult()[0];
  return LayerOutputs{Tensor{repeated, Value(), ""}};
}

FailureOr<LayerOutputs> ModelBuilder::emitMasking(const LayerConfig &layer, Tensor in) {
  FailureOr<double> value = layer.getNumber("mask_value", 0.0);
  if (failed(value))
    return failure();
  FailureOr<RankedTensorType> type = floatInput(layer, in, 3, 3);
  if (failed(type))
    return failure();
  auto maskType =
      RankedTensorType::get({type->getDimSize(0), type->getDimSize(1)}, builder.getI1Type());
  Value mask = builder.create<rnn::MaskOp>(loc, maskType, in.value,
                                           builder.getFloatAttr(type->getElementType(), *value));
  // Keras' Masking also zeroes the features of the masked steps.
  return LayerOutputs{Tensor{zeroMasked(in.value, mask), mask, ""}};
}

} // namespace rnnc::keras
