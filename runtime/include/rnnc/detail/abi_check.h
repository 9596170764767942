// The model ABI's rules, written once for librnnrt and <rnnc/rnnc.hpp>: what makes a descriptor
// valid, how input shapes bind run()'s dims, and output shapes and byte sizes.
#ifndef RNNC_DETAIL_ABI_CHECK_H
#define RNNC_DETAIL_ABI_CHECK_H

#if !defined(__cplusplus) || __cplusplus < 201703L
#error "rnnc/detail/abi_check.h needs C++17"
#endif

#include "rnnc/model_abi.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>

// Not an API: the two users word their own messages from these structured results, so the
// results name the rule, the tensor, the dim and the values rather than carry text.
namespace rnnc::detail {

/// "float32", "float64", "int32", "int64"; null for anything else.
inline const char *dtypeName(int32_t dtype) {
  switch (dtype) {
  case RNNC_DTYPE_F32:
    return "float32";
  case RNNC_DTYPE_F64:
    return "float64";
  case RNNC_DTYPE_I32:
    return "int32";
  case RNNC_DTYPE_I64:
    return "int64";
  default:
    return nullptr;
  }
}

/// Bytes per element; 0 for an unknown dtype.
inline std::size_t dtypeSize(int32_t dtype) {
  switch (dtype) {
  case RNNC_DTYPE_F32:
  case RNNC_DTYPE_I32:
    return 4;
  case RNNC_DTYPE_F64:
  case RNNC_DTYPE_I64:
    return 8;
  default:
    return 0;
  }
}

// ---- Descriptors ---------------------------------------------------------------------------

/// The rule a descriptor breaks; ModelIssue's `got` and `expected` hold what the comment names.
enum class ModelRule {
  Ok,
  AbiVersion,        ///< got: abi_version; expected: RNNC_ABI_VERSION
  NullName,          ///< the model's name
  TensorCounts,      ///< num_inputs < 0 or num_outputs < 1
  NullInputs,        ///< inputs, with num_inputs > 0
  NullOutputs,       ///< outputs
  NullRun,           ///< run
  NullStatusMessage, ///< status_message
  UnknownFlags,      ///< got: flags
  TwoPrecisions,     ///< got: flags (two weight precisions, or a state flag without its weights)
  NullRunWith,       ///< got: flags (some bit is set)
  NoWeightsBytes,    ///< got: weights_bytes, <= 0 with RNNC_MODEL_EXTERNAL_WEIGHTS
  NumDims,           ///< got: num_dims; expected: the most allowed
  // One tensor's: ModelIssue::output and ::tensor name it.
  TensorName,      ///< its name
  TensorDtype,     ///< got: dtype
  TensorRank,      ///< got: rank; expected: the largest rank the reader takes (0: any)
  NullShape,       ///< got: rank
  NullDimParam,    ///< got: rank
  DimSize,         ///< dim; got: its size, below -1
  DynamicDimParam, ///< dim; got: its dim_param; expected: num_dims, the bound
  StaticDimParam,  ///< dim; got: its dim_param; expected: -1
  UnboundDim,      ///< dim: a dims entry that no input dim sets
};

struct ModelIssue {
  ModelRule rule = ModelRule::Ok;
  bool output = false; ///< a tensor rule's tensor is an output, not an input
  int32_t tensor = -1; ///< its index among the inputs or outputs
  int32_t dim = -1;
  int64_t got = 0;
  int64_t expected = 0;

  bool ok() const { return rule == ModelRule::Ok; }
};

/// What a reader of descriptors relies on beyond what run() needs.
struct ModelReader {
  /// The largest rank it can hold (librnnrt sizes arrays by it); 0 for any. A limit also
  /// bounds num_dims, since every dims entry is the size of an input dim.
  int32_t maxRank = 0;
  /// Whether it calls run_with, which reads flags and weights_bytes.
  bool callsRunWith = false;
};

inline ModelIssue modelIssue(ModelRule rule, int64_t got = 0, int64_t expected = 0,
                             int32_t dim = -1) {
  ModelIssue issue;
  issue.rule = rule;
  issue.dim = dim;
  issue.got = got;
  issue.expected = expected;
  return issue;
}

inline ModelIssue checkTensorDesc(const rnnc_model &desc, const rnnc_tensor_desc &tensor,
                                  const ModelReader &reader) {
  if (!tensor.name)
    return modelIssue(ModelRule::TensorName);
  if (!dtypeName(tensor.dtype))
    return modelIssue(ModelRule::TensorDtype, tensor.dtype);
  if (tensor.rank < 0 || (reader.maxRank > 0 && tensor.rank > reader.maxRank))
    return modelIssue(ModelRule::TensorRank, tensor.rank, reader.maxRank);
  if (tensor.rank > 0 && !tensor.shape)
    return modelIssue(ModelRule::NullShape, tensor.rank);
  if (tensor.rank > 0 && !tensor.dim_param)
    return modelIssue(ModelRule::NullDimParam, tensor.rank);
  for (int32_t d = 0; d < tensor.rank; ++d) {
    int64_t size = tensor.shape[d];
    int32_t param = tensor.dim_param[d];
    if (size < -1)
      return modelIssue(ModelRule::DimSize, size, 0, d);
    if (size == -1 && (param < 0 || param >= desc.num_dims))
      return modelIssue(ModelRule::DynamicDimParam, param, desc.num_dims, d);
    if (size >= 0 && param != -1)
      return modelIssue(ModelRule::StaticDimParam, param, -1, d);
  }
  return ModelIssue();
}

/// Every field run() and the shape rules rely on, in a fixed order so that both readers
/// name the same first fault; all but the dims entries' binding (checkDimsBound).
inline ModelIssue checkModel(const rnnc_model &desc, const ModelReader &reader) {
  if (desc.abi_version != RNNC_ABI_VERSION)
    return modelIssue(ModelRule::AbiVersion, desc.abi_version, RNNC_ABI_VERSION);
  if (!desc.name)
    return modelIssue(ModelRule::NullName);
  if (desc.num_inputs < 0 || desc.num_outputs < 1)
    return modelIssue(ModelRule::TensorCounts);
  if (!desc.outputs)
    return modelIssue(ModelRule::NullOutputs);
  if (desc.num_inputs > 0 && !desc.inputs)
    return modelIssue(ModelRule::NullInputs);
  if (!desc.run)
    return modelIssue(ModelRule::NullRun);
  if (!desc.status_message)
    return modelIssue(ModelRule::NullStatusMessage);
  if (reader.callsRunWith) {
    const uint32_t precisions = RNNC_MODEL_WEIGHTS_BF16 | RNNC_MODEL_WEIGHTS_INT8;
    const uint32_t states = RNNC_MODEL_STATE_BF16 | RNNC_MODEL_STATE_INT8;
    const uint32_t known = RNNC_MODEL_EXTERNAL_WEIGHTS | RNNC_MODEL_PARALLEL | precisions | states;
    if (desc.flags & ~known)
      return modelIssue(ModelRule::UnknownFlags, desc.flags);
    // A state flag qualifies the weights of its own type: bf16-dot is bf16 weights, int8-dot
    // int8 weights; with none, or the other, the flags name no precision rnnc writes.
    if ((desc.flags & precisions) == precisions ||
        ((desc.flags & RNNC_MODEL_STATE_BF16) && !(desc.flags & RNNC_MODEL_WEIGHTS_BF16)) ||
        ((desc.flags & RNNC_MODEL_STATE_INT8) && !(desc.flags & RNNC_MODEL_WEIGHTS_INT8)))
      return modelIssue(ModelRule::TwoPrecisions, desc.flags);
    if (desc.flags && !desc.run_with)
      return modelIssue(ModelRule::NullRunWith, desc.flags);
    if ((desc.flags & RNNC_MODEL_EXTERNAL_WEIGHTS) && desc.weights_bytes <= 0)
      return modelIssue(ModelRule::NoWeightsBytes, desc.weights_bytes);
  }
  int64_t maxDims = reader.maxRank > 0 ? static_cast<int64_t>(desc.num_inputs) * reader.maxRank
                                       : std::numeric_limits<int32_t>::max();
  if (desc.num_dims < 0 || desc.num_dims > maxDims)
    return modelIssue(ModelRule::NumDims, desc.num_dims, maxDims);

  for (int kind = 0; kind < 2; ++kind) {
    bool output = kind == 1;
    int32_t count = output ? desc.num_outputs : desc.num_inputs;
    for (int32_t i = 0; i < count; ++i) {
      ModelIssue issue = checkTensorDesc(desc, output ? desc.outputs[i] : desc.inputs[i], reader);
      if (!issue.ok()) {
        issue.output = output;
        issue.tensor = i;
        return issue;
      }
    }
  }
  return ModelIssue();
}

/// How many flags checkDimsBound needs: one a dims entry, but no more than one past the
/// input dims, since at most that many entries can be bound. Only once checkModel passed.
inline std::size_t dimsBoundScratchSize(const rnnc_model &desc) {
  std::size_t inputDims = 0;
  for (int32_t i = 0; i < desc.num_inputs; ++i)
    inputDims += static_cast<std::size_t>(desc.inputs[i].rank);
  return std::min(static_cast<std::size_t>(desc.num_dims), inputDims + 1);
}

/// run() reads every dims entry, so each must be the size of some input dim. `seen` holds
/// dimsBoundScratchSize(desc) flags. Only once checkModel passed.
inline ModelIssue checkDimsBound(const rnnc_model &desc, bool *seen) {
  std::size_t entries = dimsBoundScratchSize(desc);
  for (std::size_t p = 0; p < entries; ++p)
    seen[p] = false;
  for (int32_t i = 0; i < desc.num_inputs; ++i)
    for (int32_t d = 0; d < desc.inputs[i].rank; ++d)
      if (desc.inputs[i].shape[d] == -1 &&
          static_cast<std::size_t>(desc.inputs[i].dim_param[d]) < entries)
        seen[desc.inputs[i].dim_param[d]] = true;
  for (std::size_t p = 0; p < entries; ++p)
    if (!seen[p])
      return modelIssue(ModelRule::UnboundDim, 0, 0, static_cast<int32_t>(p));
  return ModelIssue();
}

// ---- Shapes --------------------------------------------------------------------------------

/// How a caller's shape disagrees with a tensor's declaration.
enum class ShapeRule {
  Ok,
  Rank,        ///< got: the rank given; expected: the declared one
  NegativeDim, ///< dim; got: its size
  StaticDim,   ///< dim; got: its size; expected: the declared size
  SharedDim,   ///< dim; got: its size; expected: what input boundInput's dim boundDim set
};

struct ShapeIssue {
  ShapeRule rule = ShapeRule::Ok;
  int32_t dim = -1;
  int64_t got = 0;
  int64_t expected = 0;
  int32_t boundInput = -1;
  int32_t boundDim = -1;

  bool ok() const { return rule == ShapeRule::Ok; }
};

/// Checks `shape` (`rank` dims) against `tensor`, one of desc's tensors, dim by dim so that
/// the first bad dim is the one named. With `dims` (run()'s dims: desc.num_dims entries, all
/// -1 before the first input), `tensor` is an input, and each dynamic dim sets its entry or
/// must equal the size an earlier input dim set; without, dynamic dims take any size >= 0.
inline ShapeIssue matchShape(const rnnc_model &desc, const rnnc_tensor_desc &tensor, int64_t rank,
                             const int64_t *shape, int64_t *dims) {
  ShapeIssue issue;
  if (rank != tensor.rank) {
    issue.rule = ShapeRule::Rank;
    issue.got = rank;
    issue.expected = tensor.rank;
    return issue;
  }
  for (int32_t d = 0; d < tensor.rank; ++d) {
    issue.dim = d;
    issue.got = shape[d];
    if (shape[d] < 0) {
      issue.rule = ShapeRule::NegativeDim;
      return issue;
    }
    if (tensor.shape[d] >= 0) {
      if (shape[d] == tensor.shape[d])
        continue;
      issue.rule = ShapeRule::StaticDim;
      issue.expected = tensor.shape[d];
      return issue;
    }
    if (!dims)
      continue;
    int32_t param = tensor.dim_param[d];
    if (dims[param] == -1)
      dims[param] = shape[d];
    if (dims[param] == shape[d])
      continue;
    issue.rule = ShapeRule::SharedDim;
    issue.expected = dims[param];
    // Inputs bind in order, so the first input dim of this entry is the one that set it.
    for (int32_t i = 0; i < desc.num_inputs && issue.boundInput < 0; ++i)
      for (int32_t k = 0; k < desc.inputs[i].rank; ++k)
        if (desc.inputs[i].shape[k] == -1 && desc.inputs[i].dim_param[k] == param) {
          issue.boundInput = i;
          issue.boundDim = k;
          break;
        }
    return issue;
  }
  return ShapeIssue();
}

/// Bytes of a dense tensor of `dtype`; false, leaving `bytes` alone, when they overflow
/// int64_t or size_t. Zero dims count as 1 there, so [2^40, 2^40, 0] is refused too: the
/// model computes strides from the other dims, and those would overflow.
inline bool byteSize(int32_t dtype, int64_t rank, const int64_t *shape, std::size_t &bytes) {
  const uint64_t limit = std::min<uint64_t>(std::numeric_limits<std::size_t>::max(),
                                            std::numeric_limits<int64_t>::max());
  uint64_t bound = dtypeSize(dtype);
  bool zero = false;
  for (int64_t d = 0; d < rank; ++d) {
    if (shape[d] < 0)
      return false;
    uint64_t n = shape[d] == 0 ? 1 : static_cast<uint64_t>(shape[d]);
    zero |= shape[d] == 0;
    if (bound > limit / n)
      return false;
    bound *= n;
  }
  bytes = zero ? 0 : static_cast<std::size_t>(bound);
  return true;
}

/// An output's concrete shape (tensor.rank entries) once the inputs have set `dims`.
inline void outputShape(const rnnc_tensor_desc &tensor, const int64_t *dims, int64_t *shape) {
  for (int32_t d = 0; d < tensor.rank; ++d)
    shape[d] = tensor.shape[d] == -1 ? dims[tensor.dim_param[d]] : tensor.shape[d];
}

} // namespace rnnc::detail

#endif // RNNC_DETAIL_ABI_CHECK_H
