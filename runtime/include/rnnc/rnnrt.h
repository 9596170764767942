/* librnnrt: loads rnnc-compiled models, checks the shapes a caller passes against the
 * model's descriptor, and runs them. C99 and C++ compatible. */
#ifndef RNNC_RNNRT_H
#define RNNC_RNNRT_H

#include <stddef.h>
#include <stdint.h>

#include "rnnc/model_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define RNNRT_API __attribute__((visibility("default")))
#else
#define RNNRT_API
#endif

/* The largest rank librnnrt accepts in a descriptor. */
#define RNNRT_MAX_RANK 8

typedef enum rnnrt_status {
  RNNRT_OK = 0,
  RNNRT_ERR_INVALID_ARGUMENT = 1, /* a NULL pointer, a count or an index out of range */
  RNNRT_ERR_LOAD = 2,             /* the shared library or its descriptor symbol is missing */
  RNNRT_ERR_BAD_MODEL = 3,        /* the descriptor has another ABI version or is malformed */
  RNNRT_ERR_MISMATCH = 4,         /* a tensor's dtype, rank, shape or size disagrees */
  RNNRT_ERR_MODEL = 5,            /* the model's run() failed; see model_status */
  RNNRT_ERR_OUT_OF_MEMORY = 6,
  RNNRT_ERR_WEIGHTS = 7 /* a weights file is unreadable or another model's, or none is loaded */
} rnnrt_status;

#define RNNRT_MESSAGE_SIZE 512

/* Filled in by every call that can fail. Caller-owned, so calls on distinct errors never
 * share state. Pass NULL to get only the returned status. */
typedef struct rnnrt_error {
  int32_t status;       /* an rnnrt_status */
  int32_t model_status; /* the rnnc_status run() returned, when status is RNNRT_ERR_MODEL */
  char message[RNNRT_MESSAGE_SIZE]; /* NUL-terminated; empty when status is RNNRT_OK */
} rnnrt_error;

/* A caller's tensor: dense, C order. Inputs are only read, despite `data` being non-const. */
typedef struct rnnrt_tensor {
  int32_t dtype; /* an rnnc_dtype */
  int32_t rank;
  const int64_t *shape; /* rank concrete dims (>= 0); may be NULL when rank is 0 */
  void *data;
  size_t size_bytes; /* bytes available at data; must cover the shape */
} rnnrt_tensor;

typedef struct rnnrt_model rnnrt_model;

RNNRT_API void rnnrt_error_clear(rnnrt_error *err);

/* Loads a model from a library built with `rnnc --emit=shared`. A path without '/' names
 * a file in the working directory; the library search path is not used. NULL on error. */
RNNRT_API rnnrt_model *rnnrt_open(const char *path, rnnrt_error *err);
/* Wraps a descriptor linked into the program; it must outlive the returned model. */
RNNRT_API rnnrt_model *rnnrt_wrap(const rnnc_model *desc, rnnrt_error *err);
/* Frees the model and unloads its library. Accepts NULL. */
RNNRT_API void rnnrt_close(rnnrt_model *model);

RNNRT_API const char *rnnrt_model_name(const rnnrt_model *model);
RNNRT_API size_t rnnrt_num_inputs(const rnnrt_model *model);
RNNRT_API size_t rnnrt_num_outputs(const rnnrt_model *model);
/* The descriptor of an input or output, NULL when the index is out of range. Its name,
 * dtype, rank and shape (-1 for a dynamic dim) stay valid until rnnrt_close. */
RNNRT_API const rnnc_tensor_desc *rnnrt_input(const rnnrt_model *model, size_t index);
RNNRT_API const rnnc_tensor_desc *rnnrt_output(const rnnrt_model *model, size_t index);

/* What the model was compiled with: RNNC_MODEL_EXTERNAL_WEIGHTS (rnnc --weights=external:
 * load its weights with rnnrt_load_weights before running it), RNNC_MODEL_PARALLEL
 * (rnnc --parallel: rnnrt_run_parallel runs it on a thread pool) and
 * RNNC_MODEL_WEIGHTS_BF16 / _INT8 (rnnc --weight-precision; with RNNC_MODEL_STATE_BF16 under
 * bf16-dot, RNNC_MODEL_STATE_INT8 under int8-dot). 0 for NULL. */
RNNRT_API uint32_t rnnrt_model_flags(const rnnrt_model *model);

/* Reads the weights file `rnnc --weights=external` wrote beside the model (<model>.weights)
 * into the model: its header must carry the model's layout fingerprint, payload size and
 * weight precision (int8 and int8-dot files differ in layout and do not fit each other's
 * models; bf16-dot models take bf16 files), and the payload must fill the rest of the file. Replaces weights loaded before; the
 * model keeps its old weights when loading fails. Not safe while another thread runs the
 * model. RNNRT_ERR_INVALID_ARGUMENT for a model with built-in weights. */
RNNRT_API rnnrt_status rnnrt_load_weights(rnnrt_model *model, const char *path, rnnrt_error *err);

/* "float32", "float64", "int32", "int64"; NULL for an unknown dtype. */
RNNRT_API const char *rnnrt_dtype_name(int32_t dtype);
/* Bytes per element; 0 for an unknown dtype. */
RNNRT_API size_t rnnrt_dtype_size(int32_t dtype);

/* Checks the inputs' ranks and shapes (their dtype and data are not read) and writes the
 * concrete shape of output `index` to `shape` (rnnrt_output(model, index)->rank entries)
 * and its byte size to `size_bytes` (may be NULL). */
RNNRT_API rnnrt_status rnnrt_output_shape(const rnnrt_model *model, const rnnrt_tensor *inputs,
                                          size_t num_inputs, size_t index, int64_t *shape,
                                          size_t *size_bytes, rnnrt_error *err);

/* Checks every input and output against the model, then runs it once. Outputs must have
 * the shapes rnnrt_output_shape computes. Safe to call concurrently on one model with
 * distinct output buffers. A model compiled with external weights needs
 * rnnrt_load_weights first (else RNNRT_ERR_WEIGHTS). */
RNNRT_API rnnrt_status rnnrt_run(const rnnrt_model *model, const rnnrt_tensor *inputs,
                                 size_t num_inputs, const rnnrt_tensor *outputs, size_t num_outputs,
                                 rnnrt_error *err);

/* rnnrt_run on a thread pool (from rnnrt_threads_create, or the caller's own), through the
 * model's <name>_run_parallel. RNNRT_ERR_INVALID_ARGUMENT when the model was not compiled
 * with `rnnc --parallel` or `threads` is NULL. One call at a time per pool. */
RNNRT_API rnnrt_status rnnrt_run_parallel(const rnnrt_model *model, const rnnc_threads *threads,
                                          const rnnrt_tensor *inputs, size_t num_inputs,
                                          const rnnrt_tensor *outputs, size_t num_outputs,
                                          rnnrt_error *err);

/* The most threads rnnrt_threads_create starts. */
#define RNNRT_MAX_THREADS 256

/* A pool of `size` threads (the caller's thread counts as one) for models compiled with
 * `rnnc --parallel`: pass it to <name>_run_parallel. Its threads spin briefly after each
 * call, then sleep. NULL on error. One call at a time per pool. */
RNNRT_API rnnc_threads *rnnrt_threads_create(int32_t size, rnnrt_error *err);
/* Stops the threads and frees the pool. Accepts NULL. */
RNNRT_API void rnnrt_threads_destroy(rnnc_threads *threads);

#ifdef __cplusplus
}
#endif

#endif /* RNNC_RNNRT_H */
