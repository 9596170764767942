// Validation of a model descriptor before librnnrt trusts it: a library built by another
// rnnc version, or a hand-written descriptor, must fail here rather than crash in run().
#include "Internal.h"

namespace rnnrt {
namespace {

rnnrt_status validateTensor(const rnnc_model &desc, const rnnc_tensor_desc &tensor,
                            const char *kind, int32_t index, const char *origin, rnnrt_error *err) {
  if (!tensor.name)
    return fail(err, RNNRT_ERR_BAD_MODEL, "%s: %s %d has a NULL name", origin, kind, index);
  if (!rnnrt_dtype_name(tensor.dtype))
    return fail(err, RNNRT_ERR_BAD_MODEL,
                "%s: %s %d '%s': dtype %d is not an rnnc_dtype (expected 1 to 4)", origin, kind,
                index, tensor.name, tensor.dtype);
  if (tensor.rank < 0 || tensor.rank > RNNRT_MAX_RANK)
    return fail(err, RNNRT_ERR_BAD_MODEL, "%s: %s %d '%s': rank %d is outside [0, %d]", origin,
                kind, index, tensor.name, tensor.rank, RNNRT_MAX_RANK);
  if (tensor.rank > 0 && (!tensor.shape || !tensor.dim_param))
    return fail(err, RNNRT_ERR_BAD_MODEL, "%s: %s %d '%s': rank %d but its %s is NULL", origin,
                kind, index, tensor.name, tensor.rank, tensor.shape ? "dim_param" : "shape");
  for (int32_t d = 0; d < tensor.rank; ++d) {
    int64_t size = tensor.shape[d];
    int32_t param = tensor.dim_param[d];
    if (size < -1)
      return fail(err, RNNRT_ERR_BAD_MODEL,
                  "%s: %s %d '%s': dim %d is %lld; expected -1 (dynamic) or >= 0", origin, kind,
                  index, tensor.name, d, static_cast<long long>(size));
    if (size == -1 && (param < 0 || param >= desc.num_dims))
      return fail(err, RNNRT_ERR_BAD_MODEL,
                  "%s: %s %d '%s': dynamic dim %d has dim_param %d; expected an index in "
                  "[0, %d)",
                  origin, kind, index, tensor.name, d, param, desc.num_dims);
    if (size >= 0 && param != -1)
      return fail(err, RNNRT_ERR_BAD_MODEL,
                  "%s: %s %d '%s': static dim %d has dim_param %d; expected -1", origin, kind,
                  index, tensor.name, d, param);
  }
  return RNNRT_OK;
}

} // namespace

rnnrt_status validateDescriptor(const rnnc_model *desc, const char *origin, rnnrt_error *err) {
  if (!desc)
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT, "%s: the model descriptor is NULL", origin);
  if (desc->abi_version != RNNC_ABI_VERSION)
    return fail(err, RNNRT_ERR_BAD_MODEL,
                "%s: model ABI version is %u, this runtime expects %d; recompile the model "
                "with a matching rnnc",
                origin, desc->abi_version, RNNC_ABI_VERSION);
  if (!desc->name)
    return fail(err, RNNRT_ERR_BAD_MODEL, "%s: the model name is NULL", origin);
  if (desc->num_inputs < 0 || desc->num_outputs < 1)
    return fail(err, RNNRT_ERR_BAD_MODEL,
                "%s: expected >= 0 inputs and >= 1 outputs, found %d inputs and %d outputs", origin,
                desc->num_inputs, desc->num_outputs);
  if ((desc->num_inputs > 0 && !desc->inputs) || !desc->outputs)
    return fail(err, RNNRT_ERR_BAD_MODEL, "%s: the %s array is NULL", origin,
                desc->outputs ? "inputs" : "outputs");
  if (!desc->run || !desc->status_message)
    return fail(err, RNNRT_ERR_BAD_MODEL, "%s: the %s function is NULL", origin,
                desc->run ? "status_message" : "run");
  const uint32_t precisions = RNNC_MODEL_WEIGHTS_BF16 | RNNC_MODEL_WEIGHTS_INT8;
  const uint32_t known = RNNC_MODEL_EXTERNAL_WEIGHTS | RNNC_MODEL_PARALLEL | precisions;
  if (desc->flags & ~known)
    return fail(err, RNNRT_ERR_BAD_MODEL, "%s: flags 0x%x has bits this runtime does not know",
                origin, desc->flags);
  if ((desc->flags & precisions) == precisions)
    return fail(err, RNNRT_ERR_BAD_MODEL, "%s: flags 0x%x name two weight precisions", origin,
                desc->flags);
  if (desc->flags && !desc->run_with)
    return fail(err, RNNRT_ERR_BAD_MODEL, "%s: flags 0x%x, but the run_with function is NULL",
                origin, desc->flags);
  if ((desc->flags & RNNC_MODEL_EXTERNAL_WEIGHTS) && desc->weights_bytes <= 0)
    return fail(err, RNNRT_ERR_BAD_MODEL,
                "%s: the model takes external weights, but weights_bytes is %lld", origin,
                static_cast<long long>(desc->weights_bytes));
  // Every dims entry comes from some input dim, so there are at most that many.
  int64_t maxDims = static_cast<int64_t>(desc->num_inputs) * RNNRT_MAX_RANK;
  if (desc->num_dims < 0 || desc->num_dims > maxDims)
    return fail(err, RNNRT_ERR_BAD_MODEL, "%s: num_dims is %d; expected [0, %lld]", origin,
                desc->num_dims, static_cast<long long>(maxDims));

  for (int32_t i = 0; i < desc->num_inputs; ++i)
    if (rnnrt_status status = validateTensor(*desc, desc->inputs[i], "input", i, origin, err))
      return status;
  for (int32_t i = 0; i < desc->num_outputs; ++i)
    if (rnnrt_status status = validateTensor(*desc, desc->outputs[i], "output", i, origin, err))
      return status;

  // run() reads every dims entry, so each must be the size of some input dim.
  auto bound = allocateArray<bool>(static_cast<size_t>(desc->num_dims));
  if (!bound)
    return fail(err, RNNRT_ERR_OUT_OF_MEMORY, "%s: out of memory", origin);
  for (int32_t i = 0; i < desc->num_inputs; ++i)
    for (int32_t d = 0; d < desc->inputs[i].rank; ++d)
      if (desc->inputs[i].shape[d] == -1)
        bound[desc->inputs[i].dim_param[d]] = true;
  for (int32_t p = 0; p < desc->num_dims; ++p)
    if (!bound[p])
      return fail(err, RNNRT_ERR_BAD_MODEL,
                  "%s: dims entry %d is not the size of any input dim, so no input shape "
                  "determines it",
                  origin, p);
  return succeed(err);
}

} // namespace rnnrt
