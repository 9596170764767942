// A NaN in a constant of an rnn-dialect model, reported where the constant is written,
// at its index in the constant's own dims.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not rnnc %s -o %t.dir/m.o 2>&1 | FileCheck %s
// RUN: ls -A %t.dir | count 0
// CHECK: {{.*}}nan_weights.mlir:11:9: error: weights 'tensor<2x3xf32>' hold 2 NaN values, the first at [1, 1]; a model computes NaN from them

func.func @m(%x: tensor<1x3x2xf32>) -> tensor<1x3xf32> {
  // Row 1 holds two NaNs (an infinity, at [0, 2], is no error: infinities bound and mask).
  %wh = arith.constant dense<0.1> : tensor<3x3xf32>
  %wx = arith.constant dense<[[0.1, 0.2, 0x7F800000], [0.4, 0x7FC00000, 0x7FC00000]]> : tensor<2x3xf32>
  %h = rnn.simple_rnn %x : tensor<1x3x2xf32> kernel(%wx : tensor<2x3xf32>) recurrent(%wh : tensor<3x3xf32>) -> last tensor<1x3xf32>
  return %h : tensor<1x3xf32>
}
