/* Runs the one-to-many Keras model trained by make_model.py, compiled by rnnc (see run.sh):
 * for each thrown ball (start x, y and velocity vx, vy per step; a dynamic batch of two),
 * the model draws its next 6 positions, printed beside the exact ones. */
#include "one_to_many.h"

#include <stdio.h>

enum { BATCH = 2, FEATURES = 4, STEPS = 6, OUT = 2 };
/* The downward acceleration per step squared the model was trained with (make_model.py). */
static const float gravity = 0.1f;

int main(void) {
  /* x, y, vx, vy; make_model.py prints its float64 outputs for the same inputs (EXAMPLES). */
  const float features[BATCH * FEATURES] = {-1.0f, 0.0f, 0.25f, 0.25f, 0.5f, 0.75f, -0.125f, 0.0f};
  float steps[BATCH * STEPS * OUT];
  int32_t status = one_to_many_run(BATCH, features, steps);
  if (status != RNNC_OK) {
    fprintf(stderr, "one_to_many_run failed: %s\n", one_to_many_status_message(status));
    return 1;
  }
  for (int b = 0; b < BATCH; ++b) {
    const float *f = features + b * FEATURES;
    printf("sequence %d model:", b);
    for (int t = 0; t < STEPS; ++t)
      printf(" (%+.4f, %+.4f)", steps[(b * STEPS + t) * OUT], steps[(b * STEPS + t) * OUT + 1]);
    printf("\nsequence %d exact:", b);
    for (int t = 1; t <= STEPS; ++t)
      printf(" (%+.4f, %+.4f)", f[0] + f[2] * t, f[1] + f[3] * t - 0.5f * gravity * t * t);
    printf("\n");
  }
  return 0;
}
