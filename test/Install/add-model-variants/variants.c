/* The seed model three ways (static with external weights, shared, shared with external
 * weights): the weights files load from the paths the targets' properties give, and the
 * three runs agree bit for bit. A fourth build stores its weights in bf16: its header says
 * so, its weights file loads, and its state stays within bf16's rounding of the others. */
#include "sbf.h"
#include "semb.h"
#include "sext.h"
#include "sshx.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  float x[SEMB_INPUT0_SIZE], a[SEMB_OUTPUT0_SIZE], b[SEMB_OUTPUT0_SIZE], c[SEMB_OUTPUT0_SIZE];
  const char *error = "";
  for (int i = 0; i < SEMB_INPUT0_SIZE; ++i)
    x[i] = sinf(0.5f * (float)i);
  void *w1 = sext_weights_load(SEXT_WEIGHTS, &error);
  void *w2 = w1 ? sshx_weights_load(SSHX_WEIGHTS, &error) : NULL;
  if (!w2) {
    printf("loading the weights failed: %s\n", error);
    return 1;
  }
  int status = sext_run(w1, x, a) | semb_run(x, b) | sshx_run(w2, x, c);
  sext_weights_free(w1);
  sshx_weights_free(w2);
  if (status != RNNC_OK || memcmp(a, b, sizeof a) != 0 || memcmp(b, c, sizeof b) != 0) {
    printf("the three builds disagree (status %d)\n", status);
    return 1;
  }
  float d[SBF_OUTPUT0_SIZE];
  void *w3 = sbf_weights_load(SBF_WEIGHTS, &error);
  if (!w3 || strcmp(SBF_WEIGHT_PRECISION, "bf16") != 0 || sbf_run(w3, x, d) != RNNC_OK) {
    printf("the bf16 build failed: %s\n", w3 ? "wrong precision or status" : error);
    return 1;
  }
  sbf_weights_free(w3);
  for (int i = 0; i < SEMB_OUTPUT0_SIZE; ++i)
    if (!(fabsf(d[i] - b[i]) < 0.02f)) {
      printf("the bf16 build strays at %d: %f vs %f\n", i, d[i], b[i]);
      return 1;
    }
  printf("variants agree: h[0] = %.6f\n", b[0]);
  return 0;
}
