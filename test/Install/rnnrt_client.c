/* A C99 program built with `pkg-config --cflags --libs rnnrt` against an installed rnnc:
 * loads a model compiled with `rnnc --emit=shared`, lists its tensors, sizes the output
 * from the input shape and runs it on x[t][i] = sin(0.5 t + i) (the seed model's input).
 * Usage: rnnrt_client MODEL.so */
#include <rnnc/rnnrt.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  rnnrt_error err;
  if (argc != 2) {
    fprintf(stderr, "usage: %s MODEL.so\n", argv[0]);
    return 2;
  }
  rnnrt_model *model = rnnrt_open(argv[1], &err);
  if (!model) {
    fprintf(stderr, "rnnrt_client: %s\n", err.message);
    return 1;
  }
  printf("model '%s': %zu input, %zu output\n", rnnrt_model_name(model), rnnrt_num_inputs(model),
         rnnrt_num_outputs(model));

  float x[10 * 4];
  int64_t x_shape[3] = {1, 10, 4};
  for (int t = 0; t < 10; ++t)
    for (int i = 0; i < 4; ++i)
      x[t * 4 + i] = (float)sin(0.5 * t + i);
  rnnrt_tensor input = {RNNC_DTYPE_F32, 3, x_shape, x, sizeof x};

  int64_t y_shape[RNNRT_MAX_RANK];
  size_t y_bytes = 0;
  if (rnnrt_output_shape(model, &input, 1, 0, y_shape, &y_bytes, &err) != RNNRT_OK) {
    fprintf(stderr, "rnnrt_client: %s\n", err.message);
    rnnrt_close(model);
    return 1;
  }
  const rnnc_tensor_desc *y_desc = rnnrt_output(model, 0);
  float *y = malloc(y_bytes);
  rnnrt_tensor output = {RNNC_DTYPE_F32, y_desc->rank, y_shape, y, y_bytes};
  if (!y || rnnrt_run(model, &input, 1, &output, 1, &err) != RNNRT_OK) {
    fprintf(stderr, "rnnrt_client: %s\n", y ? err.message : "out of memory");
    free(y);
    rnnrt_close(model);
    return 1;
  }
  size_t count = y_bytes / sizeof(float);
  printf("last row =");
  for (size_t j = count - 8; j < count; ++j)
    printf(" %+.6f", y[j]);
  printf("\n");

  /* A wrong input shape is refused with a message, before the model runs. */
  int64_t bad_shape[3] = {1, 10, 3};
  rnnrt_tensor bad = {RNNC_DTYPE_F32, 3, bad_shape, x, sizeof x};
  if (rnnrt_run(model, &bad, 1, &output, 1, &err) == RNNRT_OK) {
    fprintf(stderr, "rnnrt_client: a [1, 10, 3] input was accepted\n");
    free(y);
    rnnrt_close(model);
    return 1;
  }
  printf("refused: %s\n", err.message);
  free(y);
  rnnrt_close(model);
  return 0;
}
