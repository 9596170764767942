// <name>_run_parallel on librnnrt's thread pool gives the bits of <name>_run for every
// number of threads: rows of the batch shared out (dynamic batch), columns of each step
// shared out with a barrier per step (batch 1), worker-0 phases between kernels (a
// bidirectional layer feeding a stacked one), and a work block shared by all workers.
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %S/Inputs/deep.mlir --parallel -o %t.dir/deep.o
// RUN: rnnc %S/Inputs/deep.mlir --parallel --batch=1 --name=deep1 -o %t.dir/deep1.o
// RUN: rnnc %S/Inputs/wide.mlir --parallel -o %t.dir/wide.o
// RUN: rnnc %S/../determinism.mlir --parallel --name=bistack -o %t.dir/bistack.o
// Keras models: an embedding with masked ids and a dense head, a Masking layer (the masked
// recurrence runs on worker 0), softmax layers, a bidirectional layer merged by sum.
// RUN: rnnc %S/../../Frontends/Keras/Inputs/k2_sentiment.h5 --parallel --name=senti -o %t.dir/senti.o
// RUN: rnnc %S/../../Frontends/Keras/Inputs/k2_masking.h5 --parallel --name=masking -o %t.dir/masking.o
// RUN: rnnc %S/../../Frontends/Keras/Inputs/k2_softmax_layers.h5 --parallel --name=softmax -o %t.dir/softmax.o
// RUN: rnnc %S/../../Frontends/Keras/Inputs/k2_bidi_sum_last.h5 --parallel --name=bisum -o %t.dir/bisum.o
// Static batches blocked by the whole batch in every worker: 12 rows with recurrent
// weights past L1 (the order of each step), 3 rows with K = 256 (the FMA chains).
// RUN: %python %S/Inputs/gen_tall.py tall 12 100 > %t.dir/tall.mlir
// RUN: rnnc %t.dir/tall.mlir --parallel -o %t.dir/tall.o
// RUN: %python %S/Inputs/gen_tall.py few 3 256 > %t.dir/few.mlir
// RUN: rnnc %t.dir/few.mlir --parallel -o %t.dir/few.o
// RUN: %host_cc -std=c99 -Wall -Werror -pedantic -I%t.dir -I%S/Inputs %s %t.dir/deep.o %t.dir/deep1.o %t.dir/wide.o %t.dir/bistack.o %t.dir/senti.o %t.dir/masking.o %t.dir/softmax.o %t.dir/bisum.o %t.dir/tall.o %t.dir/few.o -o %t.dir/parallel %rnnrt_link -lm
// RUN: %t.dir/parallel | FileCheck %s

// CHECK: deep batch 5 T 9: 1 2 3 4 7 threads: same bits as deep_run
// CHECK-NEXT: deep batch 0 T 4: 1 2 3 4 7 threads: same bits as deep_run
// CHECK-NEXT: deep1 batch 1 T 30: 1 2 3 4 7 threads: same bits as deep1_run
// CHECK-NEXT: wide batch 1 T 40: 1 2 3 4 7 threads: same bits as wide_run
// CHECK-NEXT: wide batch 1 T 0: 1 2 3 4 7 threads: same bits as wide_run
// CHECK-NEXT: bistack batch 3 T 11: 1 2 3 4 7 threads: same bits as bistack_run
// CHECK-NEXT: senti batch 6 T 10: 1 2 3 4 7 threads: same bits as senti_run
// CHECK-NEXT: masking batch 5 T 7: 1 2 3 4 7 threads: same bits as masking_run
// CHECK-NEXT: softmax batch 4 T 5: 1 2 3 4 7 threads: same bits as softmax_run
// CHECK-NEXT: bisum batch 3 T 6: 1 2 3 4 7 threads: same bits as bisum_run
// CHECK-NEXT: tall batch 12 T 9: 1 2 3 4 7 threads: same bits as tall_run
// CHECK-NEXT: few batch 3 T 9: 1 2 3 4 7 threads: same bits as few_run
// The pool is checked; the dims and buffers as in the run function.
// CHECK-NEXT: NULL pool: status 6 = the thread pool is NULL, has no run function or no threads
// CHECK-NEXT: empty pool: status 6
// CHECK-NEXT: pool without run: status 6
// CHECK-NEXT: batch -1: status 1
// CHECK-NEXT: NULL input: status 2
// CHECK-NEXT: 2^62-byte work block: status 3
// CHECK-NEXT: rnnrt_threads_create(0): NULL: a pool needs 1 to 256 threads, got 0
// CHECK-NEXT: PASS

#include "bistack.h"
#include "bisum.h"
#include "deep.h"
#include "deep1.h"
#include "few.h"
#include "masking.h"
#include "senti.h"
#include "softmax.h"
#include "tall.h"
#include "wide.h"

#include "reference.h"

#include "rnnc/rnnrt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const int kThreadCounts[] = {1, 2, 3, 4, 7};
enum { kCounts = sizeof kThreadCounts / sizeof kThreadCounts[0] };
static rnnc_threads *pools[kCounts];
static int failures = 0;

typedef int32_t (*serial_fn)(int64_t b, int64_t t, const float *x, float *y);
typedef int32_t (*parallel_fn)(const rnnc_threads *p, int64_t b, int64_t t, const float *x,
                               float *y);

/* Runs the model serially, then on each pool, on the same input; the outputs must match
 * bit for bit (NaN-filled beforehand, so an unwritten element shows). */
static void compare(const char *name, serial_fn serial, parallel_fn parallel, int64_t batch,
                    int64_t steps, int64_t in, int64_t out) {
  size_t nx = (size_t)(batch * steps * in), ny = (size_t)(batch * out);
  float *x = malloc((nx ? nx : 1) * sizeof(float));
  float *want = malloc((ny ? ny : 1) * sizeof(float));
  float *got = malloc((ny ? ny : 1) * sizeof(float));
  int k, ok = 1;
  ref_fill(x, (int64_t)nx, 0.4);
  memset(want, 0xff, (ny ? ny : 1) * sizeof(float));
  if (serial(batch, steps, x, want) != RNNC_OK)
    ok = 0;
  printf("%s batch %lld T %lld:", name, (long long)batch, (long long)steps);
  for (k = 0; k < kCounts; ++k) {
    memset(got, 0xff, (ny ? ny : 1) * sizeof(float));
    int32_t status = parallel(pools[k], batch, steps, x, got);
    if (status != RNNC_OK || memcmp(got, want, ny * sizeof(float)) != 0) {
      printf(" [%d threads: status %d, differs]", kThreadCounts[k], (int)status);
      ok = 0;
    } else {
      printf(" %d", kThreadCounts[k]);
    }
  }
  printf(" threads: %s %s_run\n", ok ? "same bits as" : "FAIL against", name);
  failures += !ok;
  free(x);
  free(want);
  free(got);
}

/* Adapters to one signature for models with one dynamic dim, `dim` (b or t): static
 * batch 1 models take no batch dim, models with a static number of steps no time dim. */
#define ONE_DIM_ADAPTERS(m, dim)                                                                   \
  static int32_t m##_serial(int64_t b, int64_t t, const float *x, float *y) {                      \
    (void)b, (void)t;                                                                              \
    return m##_run(dim, x, y);                                                                     \
  }                                                                                                \
  static int32_t m##_par(const rnnc_threads *p, int64_t b, int64_t t, const float *x, float *y) {  \
    (void)b, (void)t;                                                                              \
    return m##_run_parallel(p, dim, x, y);                                                         \
  }
ONE_DIM_ADAPTERS(deep1, t)
ONE_DIM_ADAPTERS(wide, t)
ONE_DIM_ADAPTERS(masking, b)
ONE_DIM_ADAPTERS(softmax, b)
ONE_DIM_ADAPTERS(bisum, b)
/* Models with static dims take none. */
#define NO_DIM_ADAPTERS(m)                                                                         \
  static int32_t m##_serial(int64_t b, int64_t t, const float *x, float *y) {                      \
    (void)b, (void)t;                                                                              \
    return m##_run(x, y);                                                                          \
  }                                                                                                \
  static int32_t m##_par(const rnnc_threads *p, int64_t b, int64_t t, const float *x, float *y) {  \
    (void)b, (void)t;                                                                              \
    return m##_run_parallel(p, x, y);                                                              \
  }
NO_DIM_ADAPTERS(tall)
NO_DIM_ADAPTERS(few)

/* The sentiment model reads ids: the inputs, mapped into the vocabulary, with every
 * fourth one 0 (masked). */
static int32_t *to_ids(int64_t n, const float *x) {
  int32_t *ids = malloc((size_t)(n ? n : 1) * sizeof(int32_t));
  int64_t i;
  for (i = 0; ids && i < n; ++i)
    ids[i] = i % 4 == 3 ? 0 : (int32_t)(fabsf(x[i]) * 39.0f) % SENTI_INPUT0_ID_LIMIT;
  return ids;
}
static int32_t senti_serial(int64_t b, int64_t t, const float *x, float *y) {
  int32_t *ids = to_ids(b * t, x);
  int32_t status = ids ? senti_run(b, ids, y) : -1;
  free(ids);
  return status;
}
static int32_t senti_par(const rnnc_threads *p, int64_t b, int64_t t, const float *x, float *y) {
  int32_t *ids = to_ids(b * t, x);
  int32_t status = ids ? senti_run_parallel(p, b, ids, y) : -1;
  free(ids);
  return status;
}

int main(void) {
  int k;
  rnnrt_error err;
  for (k = 0; k < kCounts; ++k)
    if (!(pools[k] = rnnrt_threads_create(kThreadCounts[k], &err))) {
      printf("FAIL: %s\n", err.message);
      return 1;
    }
  compare("deep", deep_run, deep_run_parallel, 5, 9, 1, 4);
  compare("deep", deep_run, deep_run_parallel, 0, 4, 1, 4);
  compare("deep1", deep1_serial, deep1_par, 1, 30, 1, 4);
  compare("wide", wide_serial, wide_par, 1, 40, 8, 256);
  compare("wide", wide_serial, wide_par, 1, 0, 8, 256);
  compare("bistack", bistack_run, bistack_run_parallel, 3, 11, 4, 6);
  compare("senti", senti_serial, senti_par, 6, 10, 1, 1);
  compare("masking", masking_serial, masking_par, 5, 7, 3, 4);
  compare("softmax", softmax_serial, softmax_par, 4, 5, 3, 25);
  compare("bisum", bisum_serial, bisum_par, 3, 6, 3, 5);
  compare("tall", tall_serial, tall_par, 12, 9, 4, 100);
  compare("few", few_serial, few_par, 3, 9, 4, 256);

  {
    float x[4] = {0}, y[8];
    rnnc_threads empty = *pools[1], norun = *pools[1];
    int32_t s = deep_run_parallel(NULL, 1, 1, x, y);
    printf("NULL pool: status %d = %s\n", (int)s, deep_status_message(s));
    failures += s != RNNC_ERR_BAD_THREADS;
    empty.size = 0;
    s = deep_run_parallel(&empty, 1, 1, x, y);
    printf("empty pool: status %d\n", (int)s);
    failures += s != RNNC_ERR_BAD_THREADS;
    norun.run = NULL;
    s = deep_run_parallel(&norun, 1, 1, x, y);
    printf("pool without run: status %d\n", (int)s);
    failures += s != RNNC_ERR_BAD_THREADS;
    s = deep_run_parallel(pools[1], -1, 1, x, y);
    printf("batch -1: status %d\n", (int)s);
    failures += s != RNNC_ERR_BAD_DIM;
    s = deep_run_parallel(pools[1], 1, 1, NULL, y);
    printf("NULL input: status %d\n", (int)s);
    failures += s != RNNC_ERR_NULL_BUFFER;
    s = deep_run_parallel(pools[1], (int64_t)1 << 27, (int64_t)1 << 27, x, y);
    printf("2^62-byte work block: status %d\n", (int)s);
    failures += s != RNNC_ERR_OUT_OF_MEMORY;
  }
  {
    rnnc_threads *none = rnnrt_threads_create(0, &err);
    printf("rnnrt_threads_create(0): %s: %s\n", none ? "a pool" : "NULL", err.message);
    failures += none != NULL;
  }
  for (k = 0; k < kCounts; ++k)
    rnnrt_threads_destroy(pools[k]);
  printf(failures ? "FAIL\n" : "PASS\n");
  return failures != 0;
}
