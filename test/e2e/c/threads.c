// The run functions keep no state: 8 threads, started together, each call three models (the
// static examples/stacked, whose work buffers are on the stack, the dynamic Inputs/dyn, and
// the dynamic Inputs/deep, whose work buffer is a heap block per call, at a per-thread
// shape) 200 times on their own buffers, and every result is bit-identical to the
// single-threaded call.
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %examples/stacked/stacked.mlir -o %t.dir/stacked.o
// RUN: rnnc %S/Inputs/dyn.mlir -o %t.dir/dyn.o
// RUN: rnnc %S/Inputs/deep.mlir -o %t.dir/deep.o
// RUN: %host_cc -std=c99 -Wall -Werror -pedantic -pthread -I%t.dir -I%S/Inputs %s %t.dir/stacked.o %t.dir/dyn.o %t.dir/deep.o -o %t.dir/threads -lm
// RUN: %t.dir/threads | FileCheck %s

// The single-threaded dyn results are right (so agreeing with them means something).
// CHECK: dyn thread 0 sequence: n={{[0-9]+}} max abs err {{.*}} OK
// CHECK: dyn thread 7 last: n={{[0-9]+}} max abs err {{.*}} OK
// CHECK: 8 threads x 200 calls: 0 failed calls, 0 different results
// CHECK-NEXT: PASS

#define _POSIX_C_SOURCE 200809L

#include "deep.h"
#include "dyn.h"
#include "stacked.h"

#include "reference.h"
#include "stress.h"
#include "weights.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kThreads = 8, kCalls = 200, kMaxBatch = 3, kMaxSteps = 3 + 2 * (kThreads - 1) };

typedef struct job {
  int64_t batch, steps;
  float stacked_x[STACKED_INPUT0_SIZE], stacked_y[STACKED_OUTPUT0_SIZE];
  float dyn_x[kMaxBatch * kMaxSteps * 4];
  float dyn_seq[kMaxBatch * kMaxSteps * 5], dyn_last[kMaxBatch * 5];
  float deep_y[kMaxBatch * 4];
  stress_tally tally;
} job;

static job expected[kThreads], actual[kThreads];

static int run_once(job *j) {
  return stacked_run(j->stacked_x, j->stacked_y) == RNNC_OK &&
         dyn_run(j->batch, j->steps, j->dyn_x, j->dyn_seq, j->dyn_last) == RNNC_OK &&
         deep_run(j->batch, j->steps, j->dyn_x, j->deep_y) == RNNC_OK;
}

static void *worker(void *arg) {
  job *j = (job *)arg;
  const job *e = &expected[j - actual];
  size_t seq_bytes = (size_t)(j->batch * j->steps * 5) * sizeof(float);
  size_t last_bytes = (size_t)(j->batch * 5) * sizeof(float);
  int call;
  stress_wait();
  for (call = 0; call < kCalls; ++call) {
    memset(j->stacked_y, 0xff, sizeof j->stacked_y); /* NaNs: stale results cannot pass */
    memset(j->dyn_seq, 0xff, sizeof j->dyn_seq);
    memset(j->dyn_last, 0xff, sizeof j->dyn_last);
    memset(j->deep_y, 0xff, sizeof j->deep_y);
    if (!run_once(j)) {
      ++j->tally.failed;
      continue;
    }
    if (memcmp(j->stacked_y, e->stacked_y, sizeof j->stacked_y) != 0 ||
        memcmp(j->dyn_seq, e->dyn_seq, seq_bytes) != 0 ||
        memcmp(j->dyn_last, e->dyn_last, last_bytes) != 0 ||
        memcmp(j->deep_y, e->deep_y, (size_t)(j->batch * 4) * sizeof(float)) != 0)
      ++j->tally.different;
  }
  return NULL;
}

int main(void) {
  int k, ok = 1;
  for (k = 0; k < kThreads; ++k) {
    job *e = &expected[k];
    char what[64];
    double want_seq[kMaxBatch * kMaxSteps * 5], want_last[kMaxBatch * 5];
    e->batch = 1 + k % kMaxBatch;
    e->steps = 3 + 2 * k;
    ref_fill(e->stacked_x, STACKED_INPUT0_SIZE, 0.3 * k);
    ref_fill(e->dyn_x, e->batch * e->steps * 4, 1.0 + 0.7 * k);
    if (!run_once(e)) {
      printf("FAIL: single-threaded call %d\n", k);
      return 1;
    }
    ref_simple_rnn(e->batch, e->steps, 4, 5, e->dyn_x, DYN_WX, DYN_WH, DYN_B, want_seq, want_last);
    sprintf(what, "dyn thread %d sequence", k);
    ok &= ref_check(what, e->dyn_seq, want_seq, e->batch * e->steps * 5);
    sprintf(what, "dyn thread %d last", k);
    ok &= ref_check(what, e->dyn_last, want_last, e->batch * 5);
    actual[k] = *e;
  }
  if (!stress_run(kThreads, worker, actual, sizeof actual[0]))
    return 1;
  ok &= stress_summary(actual, sizeof actual[0], offsetof(job, tally), kThreads, kCalls);
  printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
