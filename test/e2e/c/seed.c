// The tutorial: examples/seed builds as the README says and its main.c runs; then this file,
// linked against the same object, checks all 80 hidden states against a float64 reference.
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %examples/seed/seed.mlir -o %t.dir/seed.o
// RUN: %host_cc -std=c99 -Wall -Werror -pedantic -I%t.dir %examples/seed/main.c %t.dir/seed.o -o %t.dir/main -lm
// RUN: %t.dir/main | FileCheck %s --check-prefix=MAIN
// RUN: %host_cc -std=c99 -Wall -Werror -pedantic -I%t.dir -I%S/Inputs %s %t.dir/seed.o -o %t.dir/check -lm
// RUN: %t.dir/check | FileCheck %s

// main.c prints the ten states, one line each, eight signed values with six decimals.
// MAIN:      h[0] ={{( [+-][0-9]\.[0-9]{6}){8}$}}
// MAIN-NEXT: h[1] ={{( [+-][0-9]\.[0-9]{6}){8}$}}
// MAIN-NEXT: h[2] ={{( [+-][0-9]\.[0-9]{6}){8}$}}
// MAIN-NEXT: h[3] ={{( [+-][0-9]\.[0-9]{6}){8}$}}
// MAIN-NEXT: h[4] ={{( [+-][0-9]\.[0-9]{6}){8}$}}
// MAIN-NEXT: h[5] ={{( [+-][0-9]\.[0-9]{6}){8}$}}
// MAIN-NEXT: h[6] ={{( [+-][0-9]\.[0-9]{6}){8}$}}
// MAIN-NEXT: h[7] ={{( [+-][0-9]\.[0-9]{6}){8}$}}
// MAIN-NEXT: h[8] ={{( [+-][0-9]\.[0-9]{6}){8}$}}
// MAIN-NEXT: h[9] ={{( [+-][0-9]\.[0-9]{6}){8}$}}
// MAIN-NOT:  {{.}}

// With main.c's input, every state lies within tolerance of the reference.
// CHECK: seed: n=80 max abs err {{.*}} OK

// Without -o, rnnc writes <stem>.o and <stem>.h into the working directory; --name renames
// the symbols, not the files.
// RUN: mkdir -p %t.dir/cwd && cd %t.dir/cwd && rnnc %examples/seed/seed.mlir --name=tutorial
// RUN: ls %t.dir/cwd | FileCheck %s --check-prefix=FILES
// RUN: grep 'tutorial_run' %t.dir/cwd/seed.h | FileCheck %s --check-prefix=NAMED
// FILES:      seed.h
// FILES-NEXT: seed.o
// FILES-NOT:  {{.}}
// NAMED: int32_t tutorial_run(const float *{{[A-Za-z_][A-Za-z_0-9]*}}, float *{{[A-Za-z_][A-Za-z_0-9]*}});

#include "seed.h"

#include "reference.h"
#include "weights.h"

#include <math.h>
#include <stdio.h>

int main(void) {
  float x[SEED_INPUT0_SIZE];
  float h[SEED_OUTPUT0_SIZE];
  double want[SEED_OUTPUT0_SIZE];
  int t, i;
  int32_t status;
  for (t = 0; t < 10; ++t)
    for (i = 0; i < 4; ++i)
      x[t * 4 + i] = (float)sin(0.5 * t + i); /* as in examples/seed/main.c */
  status = seed_run(x, h);
  if (status != RNNC_OK) {
    printf("FAIL: seed_run: %s\n", seed_status_message(status));
    return 1;
  }
  ref_simple_rnn(1, 10, 4, 8, x, SEED_WX, SEED_WH, SEED_B, want, NULL);
  return ref_check("seed", h, want, SEED_OUTPUT0_SIZE) ? 0 : 1;
}
