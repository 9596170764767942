// rnnrt_run and rnnrt_run_parallel: check every tensor a caller passes against the model,
// then call its run() (or run_with(), for a pool or external weights).
#include "Internal.h"

#include <cstdio>

using namespace rnnrt;

namespace {

rnnrt_status checkCount(const rnnc_model &desc, const char *kind, const rnnrt_tensor *tensors,
                        size_t count, int32_t expected, rnnrt_error *err) {
  if (count != static_cast<size_t>(expected))
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT, "model '%s': expected %d %s%s, got %zu", desc.name,
                expected, kind, expected == 1 ? "" : "s", count);
  if (count > 0 && !tensors)
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT, "model '%s': the %ss array is NULL", desc.name,
                kind);
  return RNNRT_OK;
}

rnnrt_status checkDtype(const rnnc_tensor_desc &tensor, const rnnrt_tensor &given, const char *kind,
                        size_t index, rnnrt_error *err) {
  if (given.dtype == tensor.dtype)
    return RNNRT_OK;
  const char *name = rnnrt_dtype_name(given.dtype);
  if (!name)
    return fail(err, RNNRT_ERR_MISMATCH,
                "%s %zu '%s': expected dtype %s, got %d (not an rnnc_dtype)", kind, index,
                tensor.name, rnnrt_dtype_name(tensor.dtype), given.dtype);
  return fail(err, RNNRT_ERR_MISMATCH, "%s %zu '%s': expected dtype %s, got %s", kind, index,
              tensor.name, rnnrt_dtype_name(tensor.dtype), name);
}

rnnrt_status checkBuffer(const rnnc_tensor_desc &tensor, const rnnrt_tensor &given,
                         const char *kind, size_t index, size_t needed, rnnrt_error *err) {
  if (!given.data)
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT, "%s %zu '%s': data is NULL", kind, index,
                tensor.name);
  if (given.size_bytes < needed)
    return fail(err, RNNRT_ERR_MISMATCH, "%s %zu '%s': expected a buffer of %zu bytes, got %zu",
                kind, index, tensor.name, needed, given.size_bytes);
  return RNNRT_OK;
}

rnnrt_status checkOutput(const rnnc_model &desc, const int64_t *dims, size_t index,
                         const rnnrt_tensor &given, rnnrt_error *err) {
  const rnnc_tensor_desc &tensor = desc.outputs[index];
  if (rnnrt_status status = checkDtype(tensor, given, "output", index, err))
    return status;
  int64_t shape[RNNRT_MAX_RANK];
  size_t needed = 0;
  if (rnnrt_status status = resolveOutputShape(desc, dims, index, shape, &needed, err))
    return status;
  bool same = given.rank == tensor.rank && (tensor.rank == 0 || given.shape);
  for (int32_t d = 0; same && d < tensor.rank; ++d)
    same = given.shape[d] == shape[d];
  if (!same) {
    char expected[200], actual[200];
    formatShape(expected, sizeof(expected), tensor.rank, shape, false);
    formatShape(actual, sizeof(actual), given.rank, given.shape, false);
    return fail(err, RNNRT_ERR_MISMATCH, "output %zu '%s': expected shape %s, got %s", index,
                tensor.name, expected, actual);
  }
  return checkBuffer(tensor, given, "output", index, needed, err);
}

rnnrt_status runChecked(const rnnrt_model *model, const rnnc_threads *threads,
                        const rnnrt_tensor *inputs, size_t numInputs, const rnnrt_tensor *outputs,
                        size_t numOutputs, rnnrt_error *err) {
  const rnnc_model &desc = *model->desc;
  bool external = desc.flags & RNNC_MODEL_EXTERNAL_WEIGHTS;
  if (external && !model->weights)
    return fail(err, RNNRT_ERR_WEIGHTS,
                "model '%s' takes its weights from a file (it was compiled with "
                "--weights=external); load them with rnnrt_load_weights first",
                desc.name);
  if (rnnrt_status status = checkCount(desc, "input", inputs, numInputs, desc.num_inputs, err))
    return status;
  if (rnnrt_status status = checkCount(desc, "output", outputs, numOutputs, desc.num_outputs, err))
    return status;

  auto dims = allocateArray<int64_t>(static_cast<size_t>(desc.num_dims));
  auto inputBytes = allocateArray<size_t>(numInputs);
  auto inputData = allocateArray<const void *>(numInputs);
  auto outputData = allocateArray<void *>(numOutputs);
  if (!dims || !inputBytes || !inputData || !outputData)
    return fail(err, RNNRT_ERR_OUT_OF_MEMORY, "out of memory");

  // Dtypes first: a caller who passed float64 data should hear that, not a size mismatch.
  for (size_t i = 0; i < numInputs; ++i)
    if (rnnrt_status status = checkDtype(desc.inputs[i], inputs[i], "input", i, err))
      return status;
  if (rnnrt_status status =
          bindInputShapes(desc, inputs, numInputs, dims.get(), inputBytes.get(), err))
    return status;
  for (size_t i = 0; i < numInputs; ++i) {
    if (rnnrt_status status =
            checkBuffer(desc.inputs[i], inputs[i], "input", i, inputBytes[i], err))
      return status;
    inputData[i] = inputs[i].data;
  }
  for (size_t i = 0; i < numOutputs; ++i) {
    if (rnnrt_status status = checkOutput(desc, dims.get(), i, outputs[i], err))
      return status;
    outputData[i] = outputs[i].data;
  }

  int32_t status = threads || external ? desc.run_with(threads, model->weights, dims.get(),
                                                       inputData.get(), outputData.get())
                                       : desc.run(dims.get(), inputData.get(), outputData.get());
  if (status != RNNC_OK) {
    const char *message = desc.status_message(status);
    fail(err, RNNRT_ERR_MODEL, "model '%s' failed with status %d: %s", desc.name, status,
         message ? message : "(no message)");
    if (err)
      err->model_status = status;
    return RNNRT_ERR_MODEL;
  }
  return succeed(err);
}

} // namespace

extern "C" rnnrt_status rnnrt_run(const rnnrt_model *model, const rnnrt_tensor *inputs,
                                  size_t numInputs, const rnnrt_tensor *outputs, size_t numOutputs,
                                  rnnrt_error *err) {
  if (!model)
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT, "rnnrt_run: model is NULL");
  return runChecked(model, nullptr, inputs, numInputs, outputs, numOutputs, err);
}

extern "C" rnnrt_status rnnrt_run_parallel(const rnnrt_model *model, const rnnc_threads *threads,
                                           const rnnrt_tensor *inputs, size_t numInputs,
                                           const rnnrt_tensor *outputs, size_t numOutputs,
                                           rnnrt_error *err) {
  if (!model || !threads)
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT, "rnnrt_run_parallel: %s is NULL",
                model ? "threads" : "model");
  if (!(model->desc->flags & RNNC_MODEL_PARALLEL))
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT,
                "model '%s' was not compiled with --parallel, so it cannot run on a thread "
                "pool; recompile it with rnnc --parallel",
                model->desc->name);
  if (!threads->run || threads->size < 1)
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT, "rnnrt_run_parallel: the pool has %s",
                threads->run ? "no threads" : "no run function");
  return runChecked(model, threads, inputs, numInputs, outputs, numOutputs, err);
}
