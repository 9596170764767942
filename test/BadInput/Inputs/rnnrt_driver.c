/* Calls librnnrt with one bad argument, chosen by name: rnnrt_driver MODEL.so CASE.
 * Prints the status and message of the refused call and exits 1; exits 2 if the call was
 * accepted, so a test can tell a refusal from a crash or a silent success. The model is
 * examples/seed: float32 x (1, 10, 4) -> float32 h (1, 10, 8). */
#include <rnnc/rnnrt.h>

#include <stdio.h>
#include <string.h>

static int refused(rnnrt_status s, const rnnrt_error *err) {
  if (s == RNNRT_OK) {
    printf("accepted\n");
    return 2;
  }
  printf("status %d: %s\n", (int)s, err->message);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: rnnrt_driver MODEL.so CASE\n");
    return 3;
  }
  const char *c = argv[2];
  rnnrt_error err;
  rnnrt_error_clear(&err);

  if (!strcmp(c, "open_null")) {
    rnnrt_model *m = rnnrt_open(NULL, &err);
    return m ? 2 : refused(err.status, &err);
  }
  if (!strcmp(c, "wrap_null")) {
    rnnrt_model *m = rnnrt_wrap(NULL, &err);
    return m ? 2 : refused(err.status, &err);
  }
  /* argv[1] here is any file that is not a shared library, or not one from rnnc. */
  if (!strcmp(c, "open_not_model")) {
    rnnrt_model *m = rnnrt_open(argv[1], &err);
    return m ? 2 : refused(err.status, &err);
  }

  rnnrt_model *model = rnnrt_open(argv[1], &err);
  if (!model) {
    fprintf(stderr, "cannot open the good model: %s\n", err.message);
    return 3;
  }
  static float x[1 * 10 * 4], h[1 * 10 * 8];
  int64_t x_shape[3] = {1, 10, 4}, h_shape[3] = {1, 10, 8};
  rnnrt_tensor in = {RNNC_DTYPE_F32, 3, x_shape, x, sizeof x};
  rnnrt_tensor out = {RNNC_DTYPE_F32, 3, h_shape, h, sizeof h};
  int64_t shape[3];
  rnnrt_status s = RNNRT_OK;

  if (!strcmp(c, "run_null_model")) {
    s = rnnrt_run(NULL, &in, 1, &out, 1, &err);
  } else if (!strcmp(c, "inputs_null")) {
    s = rnnrt_run(model, NULL, 1, &out, 1, &err);
  } else if (!strcmp(c, "two_inputs")) {
    rnnrt_tensor two[2] = {in, in};
    s = rnnrt_run(model, two, 2, &out, 1, &err);
  } else if (!strcmp(c, "shape_null")) {
    in.shape = NULL;
    s = rnnrt_run(model, &in, 1, &out, 1, &err);
  } else if (!strcmp(c, "data_null")) {
    out.data = NULL;
    s = rnnrt_run(model, &in, 1, &out, 1, &err);
  } else if (!strcmp(c, "small_buffer")) {
    in.size_bytes = sizeof x - 4;
    s = rnnrt_run(model, &in, 1, &out, 1, &err);
  } else if (!strcmp(c, "wrong_dtype")) {
    in.dtype = RNNC_DTYPE_F64;
    s = rnnrt_run(model, &in, 1, &out, 1, &err);
  } else if (!strcmp(c, "bad_dtype")) {
    in.dtype = 77;
    s = rnnrt_run(model, &in, 1, &out, 1, &err);
  } else if (!strcmp(c, "output_shape_mismatch")) {
    h_shape[2] = 7;
    s = rnnrt_run(model, &in, 1, &out, 1, &err);
  } else if (!strcmp(c, "negative_rank")) {
    in.rank = -1;
    s = rnnrt_run(model, &in, 1, &out, 1, &err);
  } else if (!strcmp(c, "outputs_null")) {
    s = rnnrt_run(model, &in, 1, NULL, 1, &err);
  } else if (!strcmp(c, "zero_outputs")) {
    s = rnnrt_run(model, &in, 1, &out, 0, &err);
  } else if (!strcmp(c, "negative_dim")) {
    x_shape[1] = -10;
    s = rnnrt_output_shape(model, &in, 1, 0, shape, NULL, &err);
  } else if (!strcmp(c, "output_index")) {
    s = rnnrt_output_shape(model, &in, 1, 5, shape, NULL, &err);
  } else if (!strcmp(c, "output_shape_null")) {
    s = rnnrt_output_shape(model, &in, 1, 0, NULL, NULL, &err);
  } else if (!strcmp(c, "huge_dims")) {
    int64_t huge[3] = {INT64_MAX / 2, INT64_MAX / 2, 4};
    in.shape = huge;
    s = rnnrt_output_shape(model, &in, 1, 0, shape, NULL, &err);
  } else {
    fprintf(stderr, "unknown case '%s'\n", c);
    return 3;
  }
  int rc = refused(s, &err);
  rnnrt_close(model);
  return rc;
}
