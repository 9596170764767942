/* A naive float64 SimpleRNN layer for the C end-to-end tests, written from the cell formula
 * h_t = tanh(x_t . wx + h_{t-1} . wh + b), h_{-1} = 0, in Keras layout: x is
 * (batch, steps, in), wx (in, units), wh (units, units), b (units); seq gets every state
 * (batch, steps, units), last the final one (batch, units). Either may be NULL. */
#ifndef RNNC_TEST_REFERENCE_H
#define RNNC_TEST_REFERENCE_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static inline void ref_simple_rnn(int64_t batch, int64_t steps, int in, int units, const float *x,
                                  const float *wx, const float *wh, const float *b, double *seq,
                                  double *last) {
  double *h = (double *)calloc((size_t)units, sizeof(double));
  double *next = (double *)calloc((size_t)units, sizeof(double));
  int64_t n, t;
  int i, j;
  if (!h || !next) {
    printf("FAIL: out of memory\n");
    exit(1);
  }
  for (n = 0; n < batch; ++n) {
    for (j = 0; j < units; ++j)
      h[j] = 0.0;
    for (t = 0; t < steps; ++t) {
      const float *xt = x + (n * steps + t) * in;
      for (j = 0; j < units; ++j) {
        double acc = b ? (double)b[j] : 0.0;
        for (i = 0; i < in; ++i)
          acc += (double)xt[i] * (double)wx[i * units + j];
        for (i = 0; i < units; ++i)
          acc += h[i] * (double)wh[i * units + j];
        next[j] = tanh(acc);
      }
      for (j = 0; j < units; ++j) {
        h[j] = next[j];
        if (seq)
          seq[(n * steps + t) * units + j] = h[j];
      }
    }
    if (last)
      for (j = 0; j < units; ++j)
        last[n * units + j] = h[j];
  }
  free(h);
  free(next);
}

/* Compares n results with the reference: each must lie within 1e-5 + 1e-4 * |expected|.
 * Prints "<what>: n=<n> max abs err <e> OK" (or FAIL and the first bad element); returns
 * 1 when all agree. A NaN never agrees. */
static inline int ref_check(const char *what, const float *got, const double *want, int64_t n) {
  double worst = 0.0;
  int64_t i, bad = -1;
  for (i = 0; i < n; ++i) {
    double err = fabs((double)got[i] - want[i]);
    if (!(err <= 1e-5 + 1e-4 * fabs(want[i])) && bad < 0)
      bad = i;
    if (err > worst || err != err)
      worst = err;
  }
  if (bad >= 0) {
    printf("%s: n=%lld FAIL at %lld: got %.9g, expected %.9g\n", what, (long long)n, (long long)bad,
           (double)got[bad], want[bad]);
    return 0;
  }
  printf("%s: n=%lld max abs err %.3g OK\n", what, (long long)n, worst);
  return 1;
}

/* A deterministic input: x[k] = 0.9 sin(0.37 k + phase). */
static inline void ref_fill(float *x, int64_t n, double phase) {
  int64_t k;
  for (k = 0; k < n; ++k)
    x[k] = (float)(0.9 * sin(0.37 * (double)k + phase));
}

#endif /* RNNC_TEST_REFERENCE_H */
