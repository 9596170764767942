// Streaming (--stateful): a sequence fed in chunks through <name>_stream_run gives the
// outputs of one call over the whole sequence (the same model compiled without
// --stateful); reset starts over; a bidirectional model is refused.
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %S/Inputs/dyn.mlir --name=whole -o %t.dir/whole.o
// RUN: rnnc %S/Inputs/dyn.mlir --name=chunked --stateful -o %t.dir/chunked.o
// RUN: %host_cc -std=c99 -Wall -Werror -pedantic -I%t.dir -I%S/Inputs %s %t.dir/whole.o %t.dir/chunked.o -o %t.dir/streaming -lm
// RUN: %t.dir/streaming | FileCheck %s
// RUN: not rnnc %examples/bidirectional/bidirectional.mlir --stateful -o %t.dir/bi.o 2>&1 | FileCheck %s --check-prefix=BIDI
// BIDI: error: 'rnn.bidirectional' op cannot be stateful: the backward direction reads the whole sequence, which a chunk of it does not have
// RUN: not ls %t.dir/bi.o

// CHECK: chunks 3+4: max |chunked - whole| sequence 0 last 0
// CHECK: chunks 1x7: max |chunked - whole| sequence 0 last 0
// CHECK: after reset: max |chunked - whole| sequence 0 last 0
// CHECK: wrong batch: status 1
// CHECK: PASS
#include "chunked.h"
#include "reference.h"
#include "whole.h"

#include <math.h>
#include <stdio.h>

enum { B = 2, T = 7, I = 4, H = 5 };

static float x[B * T * I], seq[B * T * H], last[B * H];
static float cseq[B * T * H], clast[B * H];

/* Feeds x in chunks of the given lengths; gathers the sequence output in cseq. */
static int run_chunks(chunked_stream *s, const int *lengths, int count) {
  int start = 0, c, b, t;
  for (c = 0; c < count; ++c) {
    float xs[B * T * I], ys[B * T * H];
    int n = lengths[c];
    for (b = 0; b < B; ++b)
      for (t = 0; t < n; ++t)
        memcpy(&xs[(b * n + t) * I], &x[(b * T + start + t) * I], I * sizeof(float));
    if (chunked_stream_run(s, B, n, xs, ys, clast) != RNNC_OK)
      return 0;
    for (b = 0; b < B; ++b)
      for (t = 0; t < n; ++t)
        memcpy(&cseq[(b * T + start + t) * H], &ys[(b * n + t) * H], H * sizeof(float));
    start += n;
  }
  return 1;
}

static double maxdiff(const float *a, const float *b, int n) {
  double m = 0;
  int i;
  for (i = 0; i < n; ++i)
    m = fmax(m, fabs((double)a[i] - b[i]));
  return m;
}

static int report(const char *what) {
  double ds = maxdiff(cseq, seq, B * T * H), dl = maxdiff(clast, last, B * H);
  printf("%s: max |chunked - whole| sequence %g last %g\n", what, ds, dl);
  return ds <= 1e-6 && dl <= 1e-6;
}

int main(void) {
  const int split[] = {3, 4}, ones[] = {1, 1, 1, 1, 1, 1, 1};
  int ok = 1;
  chunked_stream *s;
  ref_fill(x, B * T * I, 0.5);
  if (whole_run(B, T, x, seq, last) != RNNC_OK)
    return 1;
  s = chunked_stream_create(B);
  if (!s)
    return 1;
  ok &= run_chunks(s, split, 2) && report("chunks 3+4");
  chunked_stream_reset(s);
  ok &= run_chunks(s, ones, 7) && report("chunks 1x7");
  chunked_stream_reset(s);
  ok &= run_chunks(s, split, 2) && report("after reset");
  {
    int32_t status = chunked_stream_run(s, B + 1, 1, x, cseq, clast);
    printf("wrong batch: status %d\n", (int)status);
    ok &= status == RNNC_ERR_BAD_DIM;
  }
  chunked_stream_destroy(s);
  printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
