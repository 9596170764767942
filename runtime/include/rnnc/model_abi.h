/* The ABI between rnnc-compiled models and the code that calls them: the generated
 * per-model header, librnnrt and rnn-run all read a model through this descriptor.
 * C99 and C++ compatible. */
#ifndef RNNC_MODEL_ABI_H
#define RNNC_MODEL_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RNNC_ABI_VERSION 2

/* Element types of model inputs and outputs. */
typedef enum rnnc_dtype {
  RNNC_DTYPE_F32 = 1,
  RNNC_DTYPE_F64 = 2,
  RNNC_DTYPE_I32 = 3,
  RNNC_DTYPE_I64 = 4
} rnnc_dtype;

/* Status codes a model's run function returns; status_message() describes each. */
typedef enum rnnc_status {
  RNNC_OK = 0,
  RNNC_ERR_BAD_DIM = 1,       /* a dynamic dim is negative or too large, or disagrees */
  RNNC_ERR_NULL_BUFFER = 2,   /* an input or output pointer is NULL */
  RNNC_ERR_OUT_OF_MEMORY = 3, /* a work buffer could not be allocated */
  RNNC_ERR_BAD_ID = 4,        /* an embedding id lies outside the vocabulary */
  RNNC_ERR_NO_WEIGHTS = 5,    /* compiled with external weights: call <name>_run with them */
  RNNC_ERR_BAD_THREADS = 6    /* <name>_run_parallel: NULL pool or run, or size < 1 */
} rnnc_status;

/* A caller's thread pool for `<name>_run_parallel` (models compiled with rnnc --parallel).
 * run(pool, task, arg) must call task(arg, i) for every i in [0, size), each on its own
 * thread and all at the same time (the calling thread may run one), and return when every
 * call has returned: the tasks wait for each other. librnnrt's rnnrt_threads_create makes
 * one. */
typedef struct rnnc_threads {
  void *pool;
  int32_t size;
  void (*run)(void *pool, void (*task)(void *arg, int32_t index), void *arg);
} rnnc_threads;

/* One input or output: dense, C order (row-major), no padding. */
typedef struct rnnc_tensor_desc {
  const char *name;
  int32_t dtype; /* an rnnc_dtype */
  int32_t rank;
  const int64_t *shape;     /* rank entries; -1 marks a dynamic dim */
  const int32_t *dim_param; /* rank entries; a dynamic dim's index in run()'s dims, else -1 */
} rnnc_tensor_desc;

/* A compiled model. Every dynamic dim of every input is one entry of run()'s `dims`, in
 * input order, then dim order; outputs' dynamic dims name the entry they equal. The model
 * keeps no mutable state: concurrent calls on distinct output buffers are safe. */
typedef struct rnnc_model {
  uint32_t abi_version; /* RNNC_ABI_VERSION */
  const char *name;
  int32_t num_inputs;
  int32_t num_outputs;
  const rnnc_tensor_desc *inputs;
  const rnnc_tensor_desc *outputs;
  int32_t num_dims;
  /* dims: num_dims values; inputs: num_inputs buffers; outputs: num_outputs buffers,
   * caller-owned and sized from the shapes. Returns an rnnc_status. */
  int32_t (*run)(const int64_t *dims, const void *const *inputs, void *const *outputs);
  const char *(*status_message)(int32_t status);
  uint32_t flags; /* RNNC_MODEL_* bits */
  /* RNNC_MODEL_EXTERNAL_WEIGHTS: the payload size and layout fingerprint its weights file
   * (rnnc --weights=external) carries in its header; 0 otherwise. */
  int64_t weights_bytes;
  uint64_t weights_fingerprint;
  /* run() with the weights payload (ignored unless RNNC_MODEL_EXTERNAL_WEIGHTS; NULL gives
   * RNNC_ERR_NO_WEIGHTS) and, when `threads` is not NULL, on that pool through
   * <name>_run_parallel (RNNC_MODEL_PARALLEL; else RNNC_ERR_BAD_THREADS). */
  int32_t (*run_with)(const rnnc_threads *threads, const void *weights, const int64_t *dims,
                      const void *const *inputs, void *const *outputs);
} rnnc_model;

/* rnnc_model.flags */
#define RNNC_MODEL_EXTERNAL_WEIGHTS 1u /* compiled with --weights=external */
#define RNNC_MODEL_PARALLEL 2u         /* compiled with --parallel */
#define RNNC_MODEL_WEIGHTS_BF16 4u     /* constant weights stored in bf16 (--weight-precision) */
#define RNNC_MODEL_WEIGHTS_INT8 8u     /* constant weights stored in int8 (--weight-precision) */
/* With RNNC_MODEL_WEIGHTS_BF16: the recurrent products read the state rounded to bf16
 * (--weight-precision=bf16-dot, the target's bf16 dot-product instruction). */
#define RNNC_MODEL_STATE_BF16 16u
/* With RNNC_MODEL_WEIGHTS_INT8: every int8 product reads its float32 operand quantized to
 * 8 bits per row (--weight-precision=int8-dot, the target's int8 dot-product instruction);
 * the panels hold their rows in quads, a layout of their own (RNNC_WEIGHTS_PRECISION_INT8_DOT). */
#define RNNC_MODEL_STATE_INT8 32u

/* The weights file `rnnc --weights=external` writes beside a model: a header of
 * RNNC_WEIGHTS_HEADER_BYTES (the RNNC_WEIGHTS_MAGIC_BYTES of RNNC_WEIGHTS_MAGIC, the layout
 * fingerprint, the payload size and the weights' precision (an RNNC_WEIGHTS_PRECISION_*)
 * as little-endian 64-bit integers, zero padding), then the payload, the weights as the
 * kernels read them. */
#define RNNC_WEIGHTS_MAGIC "RNNCWGT1"
#define RNNC_WEIGHTS_MAGIC_BYTES 8
#define RNNC_WEIGHTS_HEADER_BYTES 64
/* Each weight starts at a multiple of this many bytes of the payload, and the payload itself
 * must start at one in memory: the kernels read weights with aligned vector loads. */
#define RNNC_WEIGHTS_ALIGNMENT 64
#define RNNC_WEIGHTS_PRECISION_F32 0  /* float32 (files without the field read as this) */
#define RNNC_WEIGHTS_PRECISION_BF16 1 /* bf16 weight matrices (RNNC_MODEL_WEIGHTS_BF16) */
#define RNNC_WEIGHTS_PRECISION_INT8 2 /* int8 weight matrices (RNNC_MODEL_WEIGHTS_INT8) */
#define RNNC_WEIGHTS_PRECISION_INT8_DOT 3 /* int8 in quads (RNNC_MODEL_STATE_INT8) */

/* Shared libraries written by `rnnc --emit=shared` export their model under this name. */
#define RNNC_MODEL_SYMBOL "rnnc_model_descriptor"

#ifdef __cplusplus
}
#endif

#endif /* RNNC_MODEL_ABI_H */
