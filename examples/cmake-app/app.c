/* Two models compiled by rnnc_add_model and linked into one program: the tutorial model
 * (examples/seed: one SimpleRNN layer, every hidden state) and a three-layer stack
 * (examples/stacked: the last state). Both read the same sequence of 10 steps x 4
 * features; each header names its own sizes and entry points. */
#include "seed.h"
#include "stacked.h"

#include <math.h>
#include <stdio.h>

#if SEED_INPUT0_SIZE != STACKED_INPUT0_SIZE
#error "the two models are expected to read inputs of the same size"
#endif

static void print_row(const char *label, const float *values, int count) {
  printf("%s =", label);
  for (int i = 0; i < count; ++i)
    printf(" %+.6f", values[i]);
  printf("\n");
}

int main(void) {
  float x[SEED_INPUT0_SIZE];
  float states[SEED_OUTPUT0_SIZE];  /* 1 x 10 x 8 */
  float last[STACKED_OUTPUT0_SIZE]; /* 1 x 8 */
  /* A deterministic input: x[t][i] = sin(0.5 t + i). */
  for (int t = 0; t < 10; ++t)
    for (int i = 0; i < 4; ++i)
      x[t * 4 + i] = (float)sin(0.5 * t + i);

  int32_t status = seed_run(x, states);
  if (status != RNNC_OK) {
    fprintf(stderr, "seed_run failed: %s\n", seed_status_message(status));
    return 1;
  }
  status = stacked_run(x, last);
  if (status != RNNC_OK) {
    fprintf(stderr, "stacked_run failed: %s\n", stacked_status_message(status));
    return 1;
  }
  print_row("seed h[0]", states, 8);
  print_row("seed h[9]", states + 9 * 8, 8);
  print_row("stacked h", last, STACKED_OUTPUT0_SIZE);
  return 0;
}
