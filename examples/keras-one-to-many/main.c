/* Runs the one-to-many Keras model of make_model.py, compiled by rnnc (see run.sh): two
 * feature vectors in (a dynamic batch), a 6-step sequence of 2 values out for each. */
#include "one_to_many.h"

#include <stdio.h>

enum { BATCH = 2, FEATURES = 4, STEPS = 6, OUT = 2 };

int main(void) {
  const float features[BATCH * FEATURES] = {0.5f, -1.0f, 0.25f, 2.0f, -0.5f, 0.0f, 1.5f, -2.0f};
  float steps[BATCH * STEPS * OUT];
  int32_t status = one_to_many_run(BATCH, features, steps);
  if (status != RNNC_OK) {
    fprintf(stderr, "one_to_many_run failed: %s\n", one_to_many_status_message(status));
    return 1;
  }
  for (int b = 0; b < BATCH; ++b) {
    printf("sequence %d:", b);
    for (int t = 0; t < STEPS; ++t)
      printf(" (%+.4f, %+.4f)", steps[(b * STEPS + t) * OUT], steps[(b * STEPS + t) * OUT + 1]);
    printf("\n");
  }
  return 0;
}
