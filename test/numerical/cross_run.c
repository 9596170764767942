/* Runs a model compiled for another target (under an emulator) for the numerical tests:
 * reads run()'s dims and every input from argv[1], calls the model's descriptor and writes
 * the status and every output to argv[2]. Built against the model's header (model.h,
 * `rnnc --name=model`); sizes come from the descriptor, as on the host. */
#include "model.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t dtype_size(int32_t dtype) {
  return dtype == RNNC_DTYPE_F64 || dtype == RNNC_DTYPE_I64 ? 8 : 4;
}

static size_t tensor_bytes(const rnnc_tensor_desc *t, const int64_t *dims) {
  size_t n = dtype_size(t->dtype);
  for (int32_t r = 0; r < t->rank; ++r)
    n *= (size_t)(t->shape[r] >= 0 ? t->shape[r] : dims[t->dim_param[r]]);
  return n;
}

static int fail(const char *what) {
  fprintf(stderr, "cross_run: %s\n", what);
  return 2;
}

int main(int argc, char **argv) {
  const rnnc_model *m = &model_model;
  if (argc != 3)
    return fail("usage: cross_run IN OUT");
  FILE *in = fopen(argv[1], "rb");
  if (!in)
    return fail("cannot open the inputs");
  int64_t dims[64] = {0};
  if (m->num_dims > 64 ||
      fread(dims, sizeof(int64_t), (size_t)m->num_dims, in) != (size_t)m->num_dims)
    return fail("cannot read the dims");
  const void *inputs[64];
  void *outputs[64];
  size_t out_bytes[64];
  if (m->num_inputs > 64 || m->num_outputs > 64)
    return fail("too many inputs or outputs");
  for (int32_t i = 0; i < m->num_inputs; ++i) {
    size_t n = tensor_bytes(&m->inputs[i], dims);
    void *buf = malloc(n + 1);
    if (!buf || fread(buf, 1, n, in) != n)
      return fail("cannot read an input");
    inputs[i] = buf;
  }
  fclose(in);
  /* NaN-filled with a guard element, as on the host: unwritten elements cannot pass. */
  for (int32_t o = 0; o < m->num_outputs; ++o) {
    out_bytes[o] = tensor_bytes(&m->outputs[o], dims);
    size_t count = out_bytes[o] / sizeof(float) + 1;
    float *buf = malloc(count * sizeof(float));
    if (!buf)
      return fail("out of memory");
    for (size_t k = 0; k < count; ++k)
      buf[k] = NAN;
    outputs[o] = buf;
  }
  int32_t status = m->run(dims, inputs, outputs);
  FILE *out = fopen(argv[2], "wb");
  if (!out || fwrite(&status, sizeof status, 1, out) != 1)
    return fail("cannot write the status");
  for (int32_t o = 0; status == RNNC_OK && o < m->num_outputs; ++o)
    if (fwrite(outputs[o], 1, out_bytes[o] + sizeof(float), out) != out_bytes[o] + sizeof(float))
      return fail("cannot write an output");
  if (fclose(out) != 0)
    return fail("cannot write the outputs");
  return 0;
}
