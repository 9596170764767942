// Names in the generated header are C identifiers a user would write: the prefix comes from
// the -o file (else the model file), and tensor names lose their punctuation without leading,
// trailing or doubled underscores; names that are numbers or keywords say whether they are an
// input or an output.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %s -o %t.dir/sentiment-v2.o
// RUN: FileCheck %s --check-prefix=NAMES < %t.dir/sentiment-v2.h
// RUN: %llvm-nm --extern-only --defined-only %t.dir/sentiment-v2.o | FileCheck %s --check-prefix=SYMBOLS
// RUN: printf '#include "sentiment-v2.h"\nint main(void) { return 0; }\n' > %t.dir/use.c
// RUN: %host_cc -std=c99 -Wall -Werror -pedantic -I%t.dir %t.dir/use.c -o %t.dir/use

// NAMES: int32_t sentiment_v2_run(const float *input_1, const float *rnn_Y_h_0, const float *x_y, float *output_12, float *trail);
// SYMBOLS: T sentiment_v2_run

// --name wins over -o; without -o a text stage is named after the model file.
// RUN: rnnc %s --name=clf -o %t.dir/other.o
// RUN: FileCheck %s --check-prefix=NAMED < %t.dir/other.h
// NAMED: int32_t clf_run(
// RUN: cp %s %t.dir/9lives.mlir
// RUN: rnnc %t.dir/9lives.mlir --emit=header | FileCheck %s --check-prefix=DIGIT
// DIGIT: int32_t m_9lives_run(
// rnnc_add_model (cmake/rnncMacros.cmake) names the symbols by the same rule.
// RUN: bash %S/Inputs/cmake_identifiers.sh rnnc %s %S/../../cmake/rnncMacros.cmake %t.dir \
// RUN:   "2-layer model" float "__x__" "a__b-c" sent2 "---" "x86_64" 2>&1 | FileCheck %s --check-prefix=CMAKE
// CMAKE: '2-layer model': rnnc m_2_layer_model, cmake m_2_layer_model
// CMAKE: 'float': rnnc m_float, cmake m_float
// CMAKE: '__x__': rnnc x, cmake x
// CMAKE: 'a__b-c': rnnc a_b_c, cmake a_b_c
// CMAKE: 'sent2': rnnc sent2, cmake sent2
// CMAKE: '---': rnnc m, cmake m
// CMAKE: 'x86_64': rnnc x86_64, cmake x86_64
func.func @model(%a: tensor<1x2x3xf32> {rnn.name = "input.1"}, %b: tensor<1x2x3xf32> {rnn.name = "/rnn/Y_h:0"},
                 %c: tensor<1x2x3xf32> {rnn.name = "__x__y"})
    -> (tensor<1x2x3xf32> {rnn.name = "12"}, tensor<1x2x3xf32> {rnn.name = "trail_"}) {
  %s = rnn.merge sum %a, %b : tensor<1x2x3xf32>, tensor<1x2x3xf32> -> tensor<1x2x3xf32>
  %r = rnn.merge mul %s, %c : tensor<1x2x3xf32>, tensor<1x2x3xf32> -> tensor<1x2x3xf32>
  return %s, %r : tensor<1x2x3xf32>, tensor<1x2x3xf32>
}
