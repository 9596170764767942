// Shape checking: binds callers' input shapes to a model's dynamic dims, derives output
// shapes from them, and sizes tensors without overflow, by rnnc/detail/abi_check.h's rules.
#include "Internal.h"

#include <cstdio>

namespace rnnrt {
namespace {

constexpr int LABEL_SIZE = 160;
constexpr int SHAPE_SIZE = 200;

// The text of a failed input check, formatted only once a check has failed.
struct InputContext {
  char what[LABEL_SIZE];
  char expected[SHAPE_SIZE];
  char actual[SHAPE_SIZE];

  InputContext(size_t index, const rnnc_tensor_desc &tensor, const rnnrt_tensor &input) {
    std::snprintf(what, sizeof(what), "input %zu '%s'", index, tensor.name);
    formatShape(expected, sizeof(expected), tensor.rank, tensor.shape, true);
    formatShape(actual, sizeof(actual), input.rank, input.shape, false);
  }
};

rnnrt_status bindInput(const rnnc_model &desc, size_t index, const rnnrt_tensor &input,
                       int64_t *dims, size_t *sizeBytes, rnnrt_error *err) {
  const rnnc_tensor_desc &tensor = desc.inputs[index];
  if (input.rank > 0 && !input.shape)
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT, "input %zu '%s': rank is %d but shape is NULL",
                index, tensor.name, input.rank);
  rnnc::detail::ShapeIssue issue =
      rnnc::detail::matchShape(desc, tensor, input.rank, input.shape, dims);
  long long got = static_cast<long long>(issue.got);
  long long expected = static_cast<long long>(issue.expected);
  switch (issue.rule) {
  case rnnc::detail::ShapeRule::Ok:
    break;
  case rnnc::detail::ShapeRule::Rank: {
    InputContext c(index, tensor, input);
    return fail(err, RNNRT_ERR_MISMATCH, "%s: expected rank %d %s, got rank %d %s", c.what,
                tensor.rank, c.expected, input.rank, c.actual);
  }
  case rnnc::detail::ShapeRule::NegativeDim: {
    InputContext c(index, tensor, input);
    return fail(err, RNNRT_ERR_MISMATCH, "%s: dim %d is %lld in %s; dims must be >= 0", c.what,
                issue.dim, got, c.actual);
  }
  case rnnc::detail::ShapeRule::StaticDim: {
    InputContext c(index, tensor, input);
    return fail(err, RNNRT_ERR_MISMATCH, "%s: expected shape %s, got %s (dim %d must be %lld)",
                c.what, c.expected, c.actual, issue.dim, expected);
  }
  case rnnc::detail::ShapeRule::SharedDim:
    return fail(err, RNNRT_ERR_MISMATCH,
                "input %zu '%s': dim %d is %lld, but input %d '%s' dim %d is %lld; the model "
                "requires them to be equal",
                index, tensor.name, issue.dim, got, issue.boundInput,
                desc.inputs[issue.boundInput].name, issue.boundDim, expected);
  }
  return tensorBytes(tensor.dtype, input.rank, input.shape, "input", index, tensor.name, sizeBytes,
                     err);
}

} // namespace

rnnrt_status tensorBytes(int32_t dtype, int32_t rank, const int64_t *shape, const char *kind,
                         size_t index, const char *name, size_t *sizeBytes, rnnrt_error *err) {
  if (rnnc::detail::byteSize(dtype, rank, shape, *sizeBytes))
    return RNNRT_OK;
  char shapeText[SHAPE_SIZE];
  formatShape(shapeText, sizeof(shapeText), rank, shape, false);
  return fail(err, RNNRT_ERR_MISMATCH,
              "%s %zu '%s': shape %s is too large: its size in bytes overflows int64", kind, index,
              name, shapeText);
}

rnnrt_status bindInputShapes(const rnnc_model &desc, const rnnrt_tensor *inputs, size_t count,
                             int64_t *dims, size_t *inputBytes, rnnrt_error *err) {
  size_t expected = static_cast<size_t>(desc.num_inputs);
  if (count != expected)
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT, "model '%s': expected %zu input%s, got %zu",
                desc.name, expected, expected == 1 ? "" : "s", count);
  if (count > 0 && !inputs)
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT, "model '%s': the inputs array is NULL", desc.name);
  for (int32_t p = 0; p < desc.num_dims; ++p)
    dims[p] = -1;
  for (size_t i = 0; i < count; ++i) {
    size_t bytes = 0;
    if (rnnrt_status status = bindInput(desc, i, inputs[i], dims, &bytes, err))
      return status;
    if (inputBytes)
      inputBytes[i] = bytes;
  }
  return RNNRT_OK;
}

rnnrt_status resolveOutputShape(const rnnc_model &desc, const int64_t *dims, size_t index,
                                int64_t *shape, size_t *sizeBytes, rnnrt_error *err) {
  const rnnc_tensor_desc &tensor = desc.outputs[index];
  rnnc::detail::outputShape(tensor, dims, shape);
  return tensorBytes(tensor.dtype, tensor.rank, shape, "output", index, tensor.name, sizeBytes,
                     err);
}

} // namespace rnnrt

using namespace rnnrt;

extern "C" rnnrt_status rnnrt_output_shape(const rnnrt_model *model, const rnnrt_tensor *inputs,
                                           size_t numInputs, size_t index, int64_t *shape,
                                           size_t *sizeBytes, rnnrt_error *err) {
  if (!model)
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT, "rnnrt_output_shape: model is NULL");
  const rnnc_model &desc = *model->desc;
  if (index >= static_cast<size_t>(desc.num_outputs))
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT,
                "model '%s': output index %zu is out of range; it has %d output%s", desc.name,
                index, desc.num_outputs, desc.num_outputs == 1 ? "" : "s");
  if (!shape && desc.outputs[index].rank > 0)
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT, "rnnrt_output_shape: shape is NULL");
  auto dims = allocateArray<int64_t>(static_cast<size_t>(desc.num_dims));
  if (!dims)
    return fail(err, RNNRT_ERR_OUT_OF_MEMORY, "out of memory");
  if (rnnrt_status status = bindInputShapes(desc, inputs, numInputs, dims.get(), nullptr, err))
    return status;
  size_t bytes = 0;
  if (rnnrt_status status = resolveOutputShape(desc, dims.get(), index, shape, &bytes, err))
    return status;
  if (sizeBytes)
    *sizeBytes = bytes;
  return succeed(err);
}
