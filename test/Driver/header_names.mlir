// Tensor names become header parameters: C/C++ keywords get a prefix (input_, output_)
// and clashes a number, so the header always compiles, as C and as C++.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %s --name=kw --emit=header -o %t.dir/kw.h
// RUN: FileCheck %s < %t.dir/kw.h
// RUN: printf '#include "kw.h"\nint main(void) { return 0; }\n' > %t.dir/use.c
// RUN: %host_cc -std=c99 -Wall -Werror -pedantic -I%t.dir %t.dir/use.c -o %t.dir/use
// RUN: %host_cc -x c++ -std=c++17 -Wall -Werror -I%t.dir %t.dir/use.c -o %t.dir/use_cxx

// CHECK: int32_t kw_run(const float *input_double, const float *output0, const float *input_new, float *output0_2);
func.func @kw(%a: tensor<1x2x3xf32> {rnn.name = "double"}, %b: tensor<1x2x3xf32> {rnn.name = "output0"},
              %c: tensor<1x2x3xf32> {rnn.name = "new"}) -> tensor<1x2x3xf32> {
  %s = rnn.merge sum %a, %b : tensor<1x2x3xf32>, tensor<1x2x3xf32> -> tensor<1x2x3xf32>
  %r = rnn.merge mul %s, %c : tensor<1x2x3xf32>, tensor<1x2x3xf32> -> tensor<1x2x3xf32>
  return %r : tensor<1x2x3xf32>
}
