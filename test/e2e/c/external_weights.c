// --weights=external: the weights leave the object for a file beside it, which the run
// function receives. The same object gives the embedded model's outputs with its own
// weights file, and another model's outputs with that model's file (same architecture,
// other weights: no recompiling); a file of another architecture, a truncated file and a
// non-weights file are refused with a message; the descriptor's entry reports that the
// weights are missing.
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir/other
// RUN: %python -c "import re, sys; src = open(sys.argv[1]).read(); print(re.sub(r'(?<![\w.-])(\d+\.\d+)', lambda m: '-' + m.group(1), src))" %examples/seed/seed.mlir > %t.dir/negated.mlir
// RUN: rnnc %examples/seed/seed.mlir --weights=external --name=ext -o %t.dir/ext.o
// RUN: rnnc %t.dir/negated.mlir --weights=external --name=ext -o %t.dir/other/ext.o
// RUN: rnnc %examples/seed/seed.mlir --name=refa -o %t.dir/refa.o
// RUN: rnnc %t.dir/negated.mlir --name=refb -o %t.dir/refb.o
// RUN: rnnc %examples/stacked/stacked.mlir --weights=external --name=stk -o %t.dir/stk.o
// RUN: head -c 100 %t.dir/ext.weights > %t.dir/truncated.weights
// RUN: %host_cc -std=c99 -Wall -Werror -pedantic -I%t.dir -I%S/Inputs %s %t.dir/ext.o %t.dir/refa.o %t.dir/refb.o -o %t.dir/external -lm
// RUN: %t.dir/external %t.dir/ext.weights %t.dir/other/ext.weights %t.dir/stk.weights %t.dir/truncated.weights %s | FileCheck %s

// CHECK: own weights: max |ext - embedded| 0
// CHECK: other weights: max |ext - other embedded| 0
// CHECK: other weights differ from own: yes
// CHECK: stacked weights: the weights file was written for a model of another architecture
// CHECK: truncated: {{not a weights file written by rnnc|the weights file is truncated or has trailing data}}
// CHECK: source file: not a weights file written by rnnc
// CHECK: NULL weights: status 2
// CHECK: descriptor: status 5: the model takes its weights at run time: call its run function with them
// CHECK: PASS
#include "ext.h"
#include "refa.h"
#include "refb.h"
#include "reference.h"

#include <math.h>
#include <stdio.h>

static float x[40], h[80], ha[80], hb[80];

static double maxdiff(const float *a, const float *b) {
  double m = 0;
  int i;
  for (i = 0; i < 80; ++i)
    m = fmax(m, fabs((double)a[i] - b[i]));
  return m;
}

static void refused(const char *what, const char *path) {
  const char *error = "";
  void *w = ext_weights_load(path, &error);
  printf("%s: %s\n", what, w ? "LOADED" : error);
  ext_weights_free(w);
}

int main(int argc, char **argv) {
  const char *error = "";
  void *own, *other;
  int ok = 1;
  (void)argc;
  ref_fill(x, 40, 0.25);
  ok &= refa_run(x, ha) == RNNC_OK && refb_run(x, hb) == RNNC_OK;

  own = ext_weights_load(argv[1], &error);
  other = ext_weights_load(argv[2], &error);
  if (!own || !other) {
    printf("load failed: %s\n", error);
    return 1;
  }
  ok &= ext_run(own, x, h) == RNNC_OK;
  printf("own weights: max |ext - embedded| %g\n", maxdiff(h, ha));
  ok &= maxdiff(h, ha) == 0;
  ok &= ext_run(other, x, h) == RNNC_OK;
  printf("other weights: max |ext - other embedded| %g\n", maxdiff(h, hb));
  ok &= maxdiff(h, hb) == 0;
  printf("other weights differ from own: %s\n", maxdiff(ha, hb) > 1e-3 ? "yes" : "no");

  refused("stacked weights", argv[3]);
  refused("truncated", argv[4]);
  refused("source file", argv[5]);
  {
    int32_t status = ext_run(NULL, x, h);
    printf("NULL weights: status %d\n", (int)status);
    ok &= status == RNNC_ERR_NULL_BUFFER;
  }
  {
    const void *inputs[1];
    void *outputs[1];
    int32_t status;
    inputs[0] = x;
    outputs[0] = h;
    status = ext_model.run(NULL, inputs, outputs);
    printf("descriptor: status %d: %s\n", (int)status, ext_status_message(status));
    ok &= status == RNNC_ERR_NO_WEIGHTS;
  }
  ext_weights_free(own);
  ext_weights_free(other);
  printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
