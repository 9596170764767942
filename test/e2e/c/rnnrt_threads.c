// librnnrt from many threads at once: 8 threads, started together, each run a shared model
// 150 times through librnnrt at its own dynamic shape; half share one loaded model, half
// open and close their own handle of the same library every 10 calls. Every result is
// bit-identical to the single-threaded one, which agrees with the float64 reference.
// librnnrt and this program are built with ThreadSanitizer, which must stay silent.
//
// REQUIRES: tsan
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %S/Inputs/dyn.mlir --emit=shared -o %t.dir/dyn.so
// RUN: rnnc %S/Inputs/deep.mlir --emit=shared -o %t.dir/deep.so
// RUN: cd %t.dir && %clangxx -fsanitize=thread -g -O1 -std=c++17 -fno-exceptions -fno-rtti -I%rnnc_src/runtime/include -c %rnnc_src/runtime/rnnrt/Descriptor.cpp %rnnc_src/runtime/rnnrt/Error.cpp %rnnc_src/runtime/rnnrt/Load.cpp %rnnc_src/runtime/rnnrt/Run.cpp %rnnc_src/runtime/rnnrt/Shapes.cpp
// RUN: %clang -fsanitize=thread -g -O1 -std=c99 -Wall -Werror -pedantic -pthread -I%rnnc_src/runtime/include -I%S/Inputs %s %t.dir/Descriptor.o %t.dir/Error.o %t.dir/Load.o %t.dir/Run.o %t.dir/Shapes.o -o %t.dir/rnnrt_threads -ldl -lm -lstdc++
// RUN: env TSAN_OPTIONS=halt_on_error=1:exitcode=66 %t.dir/rnnrt_threads %t.dir/dyn.so %t.dir/deep.so | FileCheck %s

// CHECK: dyn thread 0 last: n={{[0-9]+}} max abs err {{.*}} OK
// CHECK: dyn thread 7 last: n={{[0-9]+}} max abs err {{.*}} OK
// CHECK: 8 threads x 150 calls: 0 failed calls, 0 different results
// CHECK-NEXT: PASS

#define _POSIX_C_SOURCE 200809L

#include "rnnc/rnnrt.h"

#include "reference.h"
#include "stress.h"
#include "weights.h"

#include <stdio.h>
#include <string.h>

enum {
  kThreads = 8,
  kCalls = 150,
  kReopenEvery = 10,
  kMaxBatch = 3,
  kMaxSteps = 3 + 2 * (kThreads - 1),
  kUnits = 5,
  kDeepOut = 4
};

typedef struct job {
  int index;
  int64_t batch, steps;
  int64_t x_shape[3], seq_shape[3], last_shape[2], deep_x_shape[3], deep_y_shape[2];
  float x[kMaxBatch * kMaxSteps * 4], deep_x[kMaxBatch * kMaxSteps];
  float seq[kMaxBatch * kMaxSteps * kUnits], last[kMaxBatch * kUnits];
  float deep_y[kMaxBatch * kDeepOut];
  stress_tally tally;
} job;

static job expected[kThreads], actual[kThreads];
static const char *dyn_path, *deep_path;
static rnnrt_model *shared_dyn, *shared_deep;

static int run_job(const rnnrt_model *dyn, const rnnrt_model *deep, job *j) {
  rnnrt_tensor in = {RNNC_DTYPE_F32, 3, j->x_shape, j->x, sizeof j->x};
  rnnrt_tensor outs[2] = {{RNNC_DTYPE_F32, 3, j->seq_shape, j->seq, sizeof j->seq},
                          {RNNC_DTYPE_F32, 2, j->last_shape, j->last, sizeof j->last}};
  rnnrt_tensor deep_in = {RNNC_DTYPE_F32, 3, j->deep_x_shape, j->deep_x, sizeof j->deep_x};
  rnnrt_tensor deep_out = {RNNC_DTYPE_F32, 2, j->deep_y_shape, j->deep_y, sizeof j->deep_y};
  rnnrt_error err;
  in.size_bytes = (size_t)(j->batch * j->steps * 4) * sizeof(float);
  outs[0].size_bytes = (size_t)(j->batch * j->steps * kUnits) * sizeof(float);
  outs[1].size_bytes = (size_t)(j->batch * kUnits) * sizeof(float);
  deep_in.size_bytes = (size_t)(j->batch * j->steps) * sizeof(float);
  deep_out.size_bytes = (size_t)(j->batch * kDeepOut) * sizeof(float);
  if (rnnrt_run(dyn, &in, 1, outs, 2, &err) != RNNRT_OK ||
      rnnrt_run(deep, &deep_in, 1, &deep_out, 1, &err) != RNNRT_OK) {
    printf("thread %d: %s\n", j->index, err.message);
    return 0;
  }
  return 1;
}

static int same(const job *a, const job *b) {
  return memcmp(a->seq, b->seq, (size_t)(a->batch * a->steps * kUnits) * sizeof(float)) == 0 &&
         memcmp(a->last, b->last, (size_t)(a->batch * kUnits) * sizeof(float)) == 0 &&
         memcmp(a->deep_y, b->deep_y, (size_t)(a->batch * kDeepOut) * sizeof(float)) == 0;
}

static void *worker(void *arg) {
  job *j = (job *)arg;
  const job *e = &expected[j->index];
  int own = j->index % 2 == 1, call;
  rnnrt_model *dyn = shared_dyn, *deep = shared_deep;
  stress_wait();
  for (call = 0; call < kCalls; ++call) {
    if (own && call % kReopenEvery == 0) {
      if (call > 0) {
        rnnrt_close(dyn);
        rnnrt_close(deep);
      }
      dyn = rnnrt_open(dyn_path, NULL);
      deep = rnnrt_open(deep_path, NULL);
      if (!dyn || !deep) {
        ++j->tally.failed;
        break;
      }
    }
    memset(j->seq, 0xff, sizeof j->seq); /* NaNs: stale results cannot pass */
    memset(j->last, 0xff, sizeof j->last);
    memset(j->deep_y, 0xff, sizeof j->deep_y);
    if (!run_job(dyn, deep, j))
      ++j->tally.failed;
    else if (!same(j, e))
      ++j->tally.different;
  }
  if (own) {
    rnnrt_close(dyn);
    rnnrt_close(deep);
  }
  return NULL;
}

int main(int argc, char **argv) {
  rnnrt_error err;
  int k, ok = 1;
  if (argc != 3) {
    printf("usage: rnnrt_threads dyn.so deep.so\n");
    return 2;
  }
  dyn_path = argv[1];
  deep_path = argv[2];
  shared_dyn = rnnrt_open(dyn_path, &err);
  shared_deep = shared_dyn ? rnnrt_open(deep_path, &err) : NULL;
  if (!shared_deep) {
    printf("FAIL: %s\n", err.message);
    return 1;
  }
  for (k = 0; k < kThreads; ++k) {
    job *e = &expected[k];
    char what[64];
    double want_seq[kMaxBatch * kMaxSteps * kUnits], want_last[kMaxBatch * kUnits];
    e->index = k;
    e->batch = 1 + k % kMaxBatch;
    e->steps = 3 + 2 * k;
    int64_t x_shape[3] = {e->batch, e->steps, 4}, seq_shape[3] = {e->batch, e->steps, kUnits};
    memcpy(e->x_shape, x_shape, sizeof x_shape);
    memcpy(e->seq_shape, seq_shape, sizeof seq_shape);
    e->last_shape[0] = e->batch, e->last_shape[1] = kUnits;
    e->deep_x_shape[0] = e->batch, e->deep_x_shape[1] = e->steps, e->deep_x_shape[2] = 1;
    e->deep_y_shape[0] = e->batch, e->deep_y_shape[1] = kDeepOut;
    ref_fill(e->x, e->batch * e->steps * 4, 1.0 + 0.7 * k);
    ref_fill(e->deep_x, e->batch * e->steps, 0.2 * k);
    if (!run_job(shared_dyn, shared_deep, e)) {
      printf("FAIL: single-threaded call %d\n", k);
      return 1;
    }
    ref_simple_rnn(e->batch, e->steps, 4, kUnits, e->x, DYN_WX, DYN_WH, DYN_B, want_seq, want_last);
    sprintf(what, "dyn thread %d sequence", k);
    ok &= ref_check(what, e->seq, want_seq, e->batch * e->steps * kUnits);
    sprintf(what, "dyn thread %d last", k);
    ok &= ref_check(what, e->last, want_last, e->batch * kUnits);
    actual[k] = *e;
  }
  if (!stress_run(kThreads, worker, actual, sizeof actual[0]))
    return 1;
  rnnrt_close(shared_dyn);
  rnnrt_close(shared_deep);
  ok &= stress_summary(actual, sizeof actual[0], offsetof(job, tally), kThreads, kCalls);
  printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
