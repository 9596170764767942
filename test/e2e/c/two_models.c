// Two models of different shapes, compiled with --name=enc and --name=tagger, link into one
// program: both headers include in one translation unit, each object exports only its own
// prefixed symbols, and each model computes its own function (checked against a float64
// reference), called directly and through its descriptor.
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %S/Inputs/enc.mlir --name=enc -o %t.dir/enc.o
// RUN: rnnc %S/Inputs/tagger.mlir --name=tagger -o %t.dir/tagger.o
// RUN: %host_cc -std=c99 -Wall -Werror -pedantic -I%t.dir -I%S/Inputs %s %t.dir/enc.o %t.dir/tagger.o -o %t.dir/two -lm
// RUN: %t.dir/two | FileCheck %s
// RUN: %llvm-nm --extern-only --defined-only %t.dir/enc.o | FileCheck %s --check-prefix=ENC-SYMS
// RUN: %llvm-nm --extern-only --defined-only %t.dir/tagger.o | FileCheck %s --check-prefix=TAGGER-SYMS

// Each object defines exactly its three prefixed entry points, nothing else.
// ENC-SYMS:      enc_model
// ENC-SYMS-NEXT: enc_run
// ENC-SYMS-NEXT: enc_status_message
// ENC-SYMS-NOT:  {{.}}
// TAGGER-SYMS:      tagger_model
// TAGGER-SYMS-NEXT: tagger_run
// TAGGER-SYMS-NEXT: tagger_status_message
// TAGGER-SYMS-NOT:  {{.}}

// The descriptors describe their own model.
// CHECK:      model 'enc': 1 input 'tokens' [2, 5, 3], 1 output 'state' [2, 6]
// CHECK-NEXT: model 'tagger': 1 input 'input0' [1, 7, 5], 2 outputs 'output0' [1, 7, 4] 'output1' [1, 4]
// Direct calls agree with the reference.
// CHECK-NEXT: enc last: n=12 max abs err {{.*}} OK
// CHECK-NEXT: tagger sequence: n=28 max abs err {{.*}} OK
// CHECK-NEXT: tagger last: n=4 max abs err {{.*}} OK
// Calls through the descriptors give the same bits.
// CHECK-NEXT: enc descriptor: same
// CHECK-NEXT: tagger descriptor: same
// CHECK-NEXT: PASS

#include "enc.h"
#include "tagger.h"

#include "reference.h"
#include "weights.h"

#include <stdio.h>
#include <string.h>

static void describe(const rnnc_model *m) {
  int32_t i, d;
  printf("model '%s':", m->name);
  for (i = 0; i < m->num_inputs + m->num_outputs; ++i) {
    int input = i < m->num_inputs;
    const rnnc_tensor_desc *t = input ? &m->inputs[i] : &m->outputs[i - m->num_inputs];
    if (i == 0 || i == m->num_inputs) {
      int32_t count = input ? m->num_inputs : m->num_outputs;
      printf("%s %d %s%s", i ? "," : "", (int)count, input ? "input" : "output",
             count == 1 ? "" : "s");
    }
    printf(" '%s' [", t->name);
    for (d = 0; d < t->rank; ++d)
      printf("%s%lld", d ? ", " : "", (long long)t->shape[d]);
    printf("]");
  }
  printf("\n");
}

int main(void) {
  float tokens[ENC_INPUT0_SIZE], state[ENC_OUTPUT0_SIZE], state2[ENC_OUTPUT0_SIZE];
  float words[TAGGER_INPUT0_SIZE], tags[TAGGER_OUTPUT0_SIZE], tag_last[TAGGER_OUTPUT1_SIZE];
  float tags2[TAGGER_OUTPUT0_SIZE], tag_last2[TAGGER_OUTPUT1_SIZE];
  double want_state[ENC_OUTPUT0_SIZE], want_tags[TAGGER_OUTPUT0_SIZE],
      want_last[TAGGER_OUTPUT1_SIZE];
  int ok = 1;
  int32_t status;

  describe(&enc_model);
  describe(&tagger_model);

  ref_fill(tokens, ENC_INPUT0_SIZE, 0.1);
  ref_fill(words, TAGGER_INPUT0_SIZE, 2.3);
  status = enc_run(tokens, state);
  if (status != RNNC_OK) {
    printf("FAIL: enc_run: %s\n", enc_status_message(status));
    return 1;
  }
  status = tagger_run(words, tags, tag_last);
  if (status != RNNC_OK) {
    printf("FAIL: tagger_run: %s\n", tagger_status_message(status));
    return 1;
  }
  ref_simple_rnn(2, 5, 3, 6, tokens, ENC_WX, ENC_WH, ENC_B, NULL, want_state);
  ref_simple_rnn(1, 7, 5, 4, words, TAGGER_WX, TAGGER_WH, TAGGER_B, want_tags, want_last);
  ok &= ref_check("enc last", state, want_state, ENC_OUTPUT0_SIZE);
  ok &= ref_check("tagger sequence", tags, want_tags, TAGGER_OUTPUT0_SIZE);
  ok &= ref_check("tagger last", tag_last, want_last, TAGGER_OUTPUT1_SIZE);

  {
    const void *enc_in[1];
    void *enc_out[1];
    const void *tagger_in[1];
    void *tagger_out[2];
    enc_in[0] = tokens;
    enc_out[0] = state2;
    tagger_in[0] = words;
    tagger_out[0] = tags2;
    tagger_out[1] = tag_last2;
    int same;
    status = enc_model.run(NULL, enc_in, enc_out); /* no dynamic dims: dims may be NULL */
    same = status == RNNC_OK && memcmp(state, state2, sizeof state) == 0;
    printf("enc descriptor: %s\n", same ? "same" : "DIFFERENT");
    ok &= same;
    status = tagger_model.run(NULL, tagger_in, tagger_out);
    same = status == RNNC_OK && memcmp(tags, tags2, sizeof tags) == 0 &&
           memcmp(tag_last, tag_last2, sizeof tag_last) == 0;
    printf("tagger descriptor: %s\n", same ? "same" : "DIFFERENT");
    ok &= same;
  }
  printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
