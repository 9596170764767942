// A model whose work buffer is sized by its run-time dims returns RNNC_ERR_OUT_OF_MEMORY
// when the buffer cannot be allocated, or its size does not fit in memory at all, and runs
// normally again once memory is back: never a crash, never a leak of the failed call.
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %S/Inputs/deep.mlir -o %t.dir/deep.o
// RUN: %host_cc -std=c99 -Wall -Werror -pedantic -I%t.dir -I%S/Inputs %s %t.dir/deep.o -o %t.dir/oom -lm
// RUN: %t.dir/oom | FileCheck %s

// The model is right when memory is there (so its statuses below mean something).
// CHECK: batch 3 T 9: status 0: n=12 max abs err {{.*}} OK
// A work buffer of 2^62 bytes cannot exist: refused before any memory is touched.
// CHECK-NEXT: batch 134217728 T 134217728: status 3 = RNNC_ERR_OUT_OF_MEMORY: out of memory
// malloc returning NULL under an address-space limit, 50 times over.
// CHECK-NEXT: limited: 50 calls, every one status 3
// CHECK-NEXT: unlimited again: status 0: n=4 max abs err {{.*}} OK
// CHECK-NEXT: PASS

#define _POSIX_C_SOURCE 200809L

#include "deep.h"

#include "reference.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

enum { kUnits = 64, kOut = 4 };

static int failures = 0;

// The float64 reference of the two layers (weights as in Inputs/deep.mlir).
static void reference(int64_t batch, int64_t steps, const float *x, double *out) {
  static float wx1[kUnits], wh1[kUnits * kUnits], b1[kUnits];
  static float wx2[kUnits * kOut], wh2[kOut * kOut], b2[kOut];
  int i;
  for (i = 0; i < kUnits; ++i)
    wx1[i] = 0.5f, b1[i] = 0.1f;
  for (i = 0; i < kUnits * kUnits; ++i)
    wh1[i] = 0.01f;
  for (i = 0; i < kUnits * kOut; ++i)
    wx2[i] = 0.05f;
  for (i = 0; i < kOut * kOut; ++i)
    wh2[i] = -0.2f;
  for (i = 0; i < kOut; ++i)
    b2[i] = -0.3f;
  size_t n = (size_t)(batch * steps * kUnits);
  double *seq = malloc(n * sizeof(double));
  float *seq32 = malloc(n * sizeof(float));
  if (!seq || !seq32) {
    printf("FAIL: reference out of memory\n");
    exit(1);
  }
  ref_simple_rnn(batch, steps, 1, kUnits, x, wx1, wh1, b1, seq, NULL);
  for (size_t k = 0; k < n; ++k)
    seq32[k] = (float)seq[k];
  ref_simple_rnn(batch, steps, kUnits, kOut, seq32, wx2, wh2, b2, NULL, out);
  free(seq);
  free(seq32);
}

static void run_checked(int64_t batch, int64_t steps, const char *label) {
  float *x = malloc((size_t)(batch * steps) * sizeof(float));
  float *y = malloc((size_t)batch * kOut * sizeof(float));
  double *expected = malloc((size_t)batch * kOut * sizeof(double));
  if (!x || !y || !expected) {
    printf("FAIL: out of memory\n");
    exit(1);
  }
  ref_fill(x, batch * steps, 0.3);
  int32_t status = deep_run(batch, steps, x, y);
  reference(batch, steps, x, expected);
  char what[64];
  snprintf(what, sizeof what, "%s: status %d", label, (int)status);
  failures += status != 0;
  failures += !ref_check(what, y, expected, batch * kOut);
  free(x);
  free(y);
  free(expected);
}

// Bytes of address space in use now.
static long address_space(void) {
  long pages = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (!f || fscanf(f, "%ld", &pages) != 1) {
    printf("FAIL: cannot read /proc/self/statm\n");
    exit(1);
  }
  fclose(f);
  return pages * sysconf(_SC_PAGESIZE);
}

int main(void) {
  run_checked(3, 9, "batch 3 T 9");

  // 2^27 x 2^27 x 1 floats passes the input check (2^56 bytes); the 64-unit sequence
  // between the layers would need 2^62. The input is never read.
  {
    float x[1] = {0}, y[kOut * 4];
    int64_t n = (int64_t)1 << 27;
    int32_t status = deep_run(n, n, x, y);
    printf("batch %lld T %lld: status %d = %s: %s\n", (long long)n, (long long)n, (int)status,
           status == RNNC_ERR_OUT_OF_MEMORY ? "RNNC_ERR_OUT_OF_MEMORY" : "?",
           deep_status_message(status));
    failures += status != RNNC_ERR_OUT_OF_MEMORY;
  }

  // T = 200000 needs a 51 MB work buffer; allow 16 MB more address space than now.
  {
    const int64_t steps = 200000;
    float *x = calloc((size_t)steps, sizeof(float));
    float y[kOut];
    struct rlimit saved, limited;
    if (!x || getrlimit(RLIMIT_AS, &saved) != 0) {
      printf("FAIL: setup\n");
      return 1;
    }
    limited = saved;
    limited.rlim_cur = (rlim_t)(address_space() + (16l << 20));
    if (setrlimit(RLIMIT_AS, &limited) != 0) {
      printf("FAIL: setrlimit\n");
      return 1;
    }
    int bad = 0;
    for (int i = 0; i < 50; ++i)
      bad += deep_run(1, steps, x, y) != RNNC_ERR_OUT_OF_MEMORY;
    setrlimit(RLIMIT_AS, &saved);
    printf("limited: 50 calls, %s\n", bad ? "NOT all status 3" : "every one status 3");
    failures += bad != 0;
    free(x);
  }
  run_checked(1, 1000, "unlimited again");

  printf(failures ? "FAIL\n" : "PASS\n");
  return failures != 0;
}
