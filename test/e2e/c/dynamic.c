// A model with dynamic batch and time (tensor<?x?x4xf32>): dyn_run takes both dims first.
// Shapes (3, 7) and (1, 1) agree with the float64 reference; T = 0 and batch = 0 succeed
// (an empty sequence leaves the initial, zero state as the last one); a negative or too
// large dim is RNNC_ERR_BAD_DIM and a NULL buffer RNNC_ERR_NULL_BUFFER, each with its
// message, and a failed call writes nothing.
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %S/Inputs/dyn.mlir -o %t.dir/dyn.o
// RUN: %host_cc -std=c99 -Wall -Werror -pedantic -I%t.dir -I%S/Inputs %s %t.dir/dyn.o -o %t.dir/dynamic -lm
// RUN: %t.dir/dynamic | FileCheck %s
// RUN: FileCheck %s --check-prefix=HEADER < %t.dir/dyn.h
//
// The same program passes with the time loop kept, unrolled by a factor that leaves a
// remainder at T = 7, and without optimization.
// RUN: mkdir -p %t.dir/none %t.dir/by3 %t.dir/O0
// RUN: rnnc %S/Inputs/dyn.mlir --unroll=none -o %t.dir/none/dyn.o
// RUN: %host_cc -std=c99 -Wall -Werror -pedantic -I%t.dir -I%S/Inputs %s %t.dir/none/dyn.o -o %t.dir/none/dynamic -lm
// RUN: %t.dir/none/dynamic | FileCheck %s
// RUN: rnnc %S/Inputs/dyn.mlir --unroll=3 -o %t.dir/by3/dyn.o
// RUN: %host_cc -std=c99 -Wall -Werror -pedantic -I%t.dir -I%S/Inputs %s %t.dir/by3/dyn.o -o %t.dir/by3/dynamic -lm
// RUN: %t.dir/by3/dynamic | FileCheck %s
// RUN: rnnc %S/Inputs/dyn.mlir -O0 -o %t.dir/O0/dyn.o
// RUN: %host_cc -std=c99 -Wall -Werror -pedantic -I%t.dir -I%S/Inputs %s %t.dir/O0/dyn.o -o %t.dir/O0/dynamic -lm
// RUN: %t.dir/O0/dynamic | FileCheck %s

// The header: both dims are parameters named after the input, and the shapes mark them -1.
// HEADER: #define DYN_NUM_DIMS 2
// HEADER: /* input 0 'x': float32 [x_d0, x_d1, 4] */
// HEADER: #define DYN_INPUT0_SHAPE { -1, -1, 4 }
// HEADER-NOT: DYN_INPUT0_SIZE
// HEADER: /* output 0 'output0': float32 [x_d0, x_d1, 5] */
// HEADER: /* output 1 'output1': float32 [x_d0, 5] */
// HEADER: int32_t dyn_run(int64_t x_d0, int64_t x_d1, const float *x, float *output0, float *output1);

// CHECK:      batch 3 T 7 sequence: n=105 max abs err {{.*}} OK
// CHECK-NEXT: batch 3 T 7 last: n=15 max abs err {{.*}} OK
// CHECK-NEXT: batch 1 T 1 sequence: n=5 max abs err {{.*}} OK
// CHECK-NEXT: batch 1 T 1 last: n=5 max abs err {{.*}} OK
// CHECK-NEXT: batch 2 T 0 sequence: n=0 max abs err {{.*}} OK
// CHECK-NEXT: batch 2 T 0 last: n=10 max abs err {{.*}} OK
// CHECK-NEXT: batch 0 T 4: status 0
// CHECK-NEXT: batch 0 T 4: outputs untouched
// Negative dims, either one.
// CHECK-NEXT: batch -1 T 7: status 1 = RNNC_ERR_BAD_DIM: a dynamic dimension is negative or too large
// CHECK-NEXT: batch -1 T 7: outputs untouched
// CHECK-NEXT: batch 3 T -1: status 1 = RNNC_ERR_BAD_DIM: a dynamic dimension is negative or too large
// CHECK-NEXT: batch 3 T -1: outputs untouched
// CHECK-NEXT: batch -9223372036854775808 T 7: status 1 = RNNC_ERR_BAD_DIM: a dynamic dimension is negative or too large
// CHECK-NEXT: batch -9223372036854775808 T 7: outputs untouched
// Too large: one dim over 2^40, or a product over 2^56 bytes.
// CHECK-NEXT: batch 2199023255552 T 1: status 1 = RNNC_ERR_BAD_DIM: a dynamic dimension is negative or too large
// CHECK-NEXT: batch 2199023255552 T 1: outputs untouched
// CHECK-NEXT: batch 1048576 T 1099511627776: status 1 = RNNC_ERR_BAD_DIM: a dynamic dimension is negative or too large
// CHECK-NEXT: batch 1048576 T 1099511627776: outputs untouched
// Products that wrap 64 bits (2^30 * 2^40 * 5 floats) are refused, not wrapped.
// CHECK-NEXT: batch 1073741824 T 1099511627776: status 1 = RNNC_ERR_BAD_DIM: a dynamic dimension is negative or too large
// CHECK-NEXT: batch 1073741824 T 1099511627776: outputs untouched
// CHECK-NEXT: batch 1099511627776 T 1099511627776: status 1 = RNNC_ERR_BAD_DIM: a dynamic dimension is negative or too large
// CHECK-NEXT: batch 1099511627776 T 1099511627776: outputs untouched
// A NULL input or output buffer.
// CHECK-NEXT: NULL x: status 2 = RNNC_ERR_NULL_BUFFER: an input or output buffer is NULL
// CHECK-NEXT: NULL output0: status 2 = RNNC_ERR_NULL_BUFFER: an input or output buffer is NULL
// CHECK-NEXT: NULL output1: status 2 = RNNC_ERR_NULL_BUFFER: an input or output buffer is NULL
// Through the descriptor: dims come from an array, and a NULL array is a NULL buffer.
// CHECK-NEXT: descriptor batch 3 T 7: same bits as dyn_run
// CHECK-NEXT: descriptor NULL dims: status 2 = RNNC_ERR_NULL_BUFFER
// CHECK-NEXT: descriptor batch -1: status 1 = RNNC_ERR_BAD_DIM
// Every status has a message; an unknown one says so.
// CHECK-NEXT: status 0: ok
// CHECK-NEXT: status 3: out of memory
// CHECK-NEXT: status 4: an embedding id lies outside the vocabulary
// CHECK-NEXT: status 99: unknown status
// CHECK-NEXT: status -1: unknown status
// CHECK-NEXT: PASS

#include "dyn.h"

#include "reference.h"
#include "weights.h"

#include <stdio.h>
#include <string.h>

enum { kMaxBatch = 3, kMaxSteps = 7 };

static float x[kMaxBatch * kMaxSteps * 4];
static float seq[kMaxBatch * kMaxSteps * 5], last[kMaxBatch * 5];
static const unsigned char kSentinel = 0x5a;
static int ok = 1;

static const char *status_name(int32_t status) {
  switch (status) {
  case RNNC_OK:
    return "RNNC_OK";
  case RNNC_ERR_BAD_DIM:
    return "RNNC_ERR_BAD_DIM";
  case RNNC_ERR_NULL_BUFFER:
    return "RNNC_ERR_NULL_BUFFER";
  default:
    return "?";
  }
}

static void poison(void) {
  memset(seq, kSentinel, sizeof seq);
  memset(last, kSentinel, sizeof last);
}

static int untouched(void) {
  size_t i;
  for (i = 0; i < sizeof seq; ++i)
    if (((const unsigned char *)seq)[i] != kSentinel)
      return 0;
  for (i = 0; i < sizeof last; ++i)
    if (((const unsigned char *)last)[i] != kSentinel)
      return 0;
  return 1;
}

/* A call that must succeed and agree with the reference. */
static void check_shape(int64_t batch, int64_t steps) {
  double want_seq[kMaxBatch * kMaxSteps * 5], want_last[kMaxBatch * 5];
  char what[64];
  int32_t status;
  ref_fill(x, batch * steps * 4, (double)(batch + steps));
  poison();
  status = dyn_run(batch, steps, x, seq, last);
  if (status != RNNC_OK) {
    printf("batch %lld T %lld: FAIL: status %d: %s\n", (long long)batch, (long long)steps,
           (int)status, dyn_status_message(status));
    ok = 0;
    return;
  }
  ref_simple_rnn(batch, steps, 4, 5, x, DYN_WX, DYN_WH, DYN_B, want_seq, want_last);
  sprintf(what, "batch %lld T %lld sequence", (long long)batch, (long long)steps);
  ok &= ref_check(what, seq, want_seq, batch * steps * 5);
  sprintf(what, "batch %lld T %lld last", (long long)batch, (long long)steps);
  ok &= ref_check(what, last, want_last, batch * 5);
}

/* A call with dims that must be refused (or, for batch 0, do nothing), writing nothing. */
static void check_refused(int64_t batch, int64_t steps, int32_t expected) {
  int32_t status;
  poison();
  status = dyn_run(batch, steps, x, seq, last);
  printf("batch %lld T %lld: status %d", (long long)batch, (long long)steps, (int)status);
  if (status != RNNC_OK)
    printf(" = %s: %s", status_name(status), dyn_status_message(status));
  printf("\n");
  ok &= status == expected;
  printf("batch %lld T %lld: outputs %s\n", (long long)batch, (long long)steps,
         untouched() ? "untouched" : "WRITTEN");
  ok &= untouched();
}

static void check_null(const char *what, const float *in, float *out0, float *out1) {
  int32_t status = dyn_run(1, 1, in, out0, out1);
  printf("NULL %s: status %d = %s: %s\n", what, (int)status, status_name(status),
         dyn_status_message(status));
  ok &= status == RNNC_ERR_NULL_BUFFER;
}

int main(void) {
  check_shape(3, 7);
  check_shape(1, 1);
  check_shape(2, 0);
  check_refused(0, 4, RNNC_OK);

  check_refused(-1, 7, RNNC_ERR_BAD_DIM);
  check_refused(3, -1, RNNC_ERR_BAD_DIM);
  check_refused(INT64_MIN, 7, RNNC_ERR_BAD_DIM);
  check_refused((int64_t)1 << 41, 1, RNNC_ERR_BAD_DIM);
  check_refused((int64_t)1 << 20, (int64_t)1 << 40, RNNC_ERR_BAD_DIM);
  check_refused((int64_t)1 << 30, (int64_t)1 << 40, RNNC_ERR_BAD_DIM);
  check_refused((int64_t)1 << 40, (int64_t)1 << 40, RNNC_ERR_BAD_DIM);

  check_null("x", NULL, seq, last);
  check_null("output0", x, NULL, last);
  check_null("output1", x, seq, NULL);

  {
    float direct_seq[sizeof seq / sizeof seq[0]], direct_last[sizeof last / sizeof last[0]];
    int64_t dims[2] = {3, 7};
    const void *inputs[1];
    void *outputs[2];
    int32_t status;
    int same;
    ref_fill(x, 3 * 7 * 4, 0.25);
    status = dyn_run(3, 7, x, direct_seq, direct_last);
    inputs[0] = x;
    outputs[0] = seq;
    outputs[1] = last;
    same = status == RNNC_OK && dyn_model.run(dims, inputs, outputs) == RNNC_OK &&
           memcmp(seq, direct_seq, 3 * 7 * 5 * sizeof(float)) == 0 &&
           memcmp(last, direct_last, 3 * 5 * sizeof(float)) == 0;
    printf("descriptor batch 3 T 7: %s\n", same ? "same bits as dyn_run" : "DIFFERENT");
    ok &= same;
    status = dyn_model.run(NULL, inputs, outputs);
    printf("descriptor NULL dims: status %d = %s\n", (int)status, status_name(status));
    ok &= status == RNNC_ERR_NULL_BUFFER;
    dims[0] = -1;
    status = dyn_model.run(dims, inputs, outputs);
    printf("descriptor batch -1: status %d = %s\n", (int)status, status_name(status));
    ok &= status == RNNC_ERR_BAD_DIM;
  }

  {
    const int32_t statuses[] = {0, 3, 4, 99, -1};
    size_t i;
    for (i = 0; i < sizeof statuses / sizeof statuses[0]; ++i)
      printf("status %d: %s\n", (int)statuses[i], dyn_status_message(statuses[i]));
  }
  printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
