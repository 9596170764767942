/* Runs the tutorial model compiled by rnnc: one sequence of 10 steps x 4 features in,
 * the 10 x 8 hidden states out. Build: rnnc seed.mlir -o seed.o && cc main.c seed.o */
#include "seed.h"

#include <math.h>
#include <stdio.h>

int main(void) {
  float x[SEED_INPUT0_SIZE];
  float h[SEED_OUTPUT0_SIZE];
  /* A deterministic input: x[t][i] = sin(0.5 t + i). */
  for (int t = 0; t < 10; ++t)
    for (int i = 0; i < 4; ++i)
      x[t * 4 + i] = (float)sin(0.5 * t + i);

  int32_t status = seed_run(x, h);
  if (status != RNNC_OK) {
    fprintf(stderr, "seed_run failed: %s\n", seed_status_message(status));
    return 1;
  }
  for (int t = 0; t < 10; ++t) {
    printf("h[%d] =", t);
    for (int j = 0; j < 8; ++j)
      printf(" %+.6f", h[t * 8 + j]);
    printf("\n");
  }
  return 0;
}
