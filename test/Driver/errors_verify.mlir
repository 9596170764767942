// A model that parses but fails the rnn verifier: the error points at the op, in this file,
// and names the operand and both sizes. Nothing is written.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not rnnc %s -o %t.dir/m.o 2>&1 | FileCheck %s
// RUN: not rnnc %s --emit=rnn -o %t.dir/m.mlir 2>&1 | FileCheck %s
// RUN: ls %t.dir | count 0

func.func @bad(%x: tensor<1x10x4xf32>) -> tensor<1x10x8xf32> {
  %wx = arith.constant dense<0.1> : tensor<5x8xf32>
  %wh = arith.constant dense<0.1> : tensor<8x8xf32>
  // CHECK: errors_verify.mlir:[[@LINE+1]]:8: error: 'rnn.simple_rnn' op kernel has 5 rows but the input has input_dim 4
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32>
      kernel(%wx : tensor<5x8xf32>) recurrent(%wh : tensor<8x8xf32>)
      -> sequence tensor<1x10x8xf32>
  return %h : tensor<1x10x8xf32>
}
