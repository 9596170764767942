/* A C99 client of librnnrt: proves rnnrt.h compiles as strict C and that the C API runs the
 * scale fixture (y = 2 * x) given as argv[1]. Exit code 0 on success. */
#include "rnnc/rnnrt.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  rnnrt_error err;
  rnnrt_model *model;
  const int64_t shape[3] = {1, 2, 3};
  float x[6] = {0, 1, 2, 3, 4, 5};
  float y[6] = {0};
  int64_t y_shape[3];
  size_t y_bytes = 0;
  rnnrt_tensor input, output;
  int i;

  if (argc != 2) {
    fprintf(stderr, "usage: rnnrt-c-client scale_model.so\n");
    return 2;
  }
  model = rnnrt_open(argv[1], &err);
  if (!model) {
    fprintf(stderr, "open: %s\n", err.message);
    return 1;
  }
  input.dtype = RNNC_DTYPE_F32;
  input.rank = 3;
  input.shape = shape;
  input.data = x;
  input.size_bytes = sizeof(x);
  if (rnnrt_output_shape(model, &input, 1, 0, y_shape, &y_bytes, &err) != RNNRT_OK ||
      y_bytes != sizeof(y) || memcmp(y_shape, shape, sizeof(shape)) != 0) {
    fprintf(stderr, "output_shape: %s\n", err.message);
    rnnrt_close(model);
    return 1;
  }
  output = input;
  output.shape = y_shape;
  output.data = y;
  if (rnnrt_run(model, &input, 1, &output, 1, &err) != RNNRT_OK) {
    fprintf(stderr, "run: %s\n", err.message);
    rnnrt_close(model);
    return 1;
  }
  rnnrt_close(model);
  for (i = 0; i < 6; ++i) {
    if (y[i] != 2 * x[i]) {
      fprintf(stderr, "y[%d] = %g, expected %g\n", i, y[i], 2 * x[i]);
      return 1;
    }
  }
  return 0;
}
