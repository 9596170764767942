// An op the rnn dialect does not have.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not rnnc %s -o %t.dir/m.o 2>&1 | FileCheck %s
// RUN: ls -A %t.dir | count 0
// CHECK: {{.*}}unknown_op.mlir:8:8: error: custom op 'rnn.peephole_lstm' is unknown

func.func @m(%x: tensor<1x10x4xf32>) -> tensor<1x10x8xf32> {
  %h = rnn.peephole_lstm %x : tensor<1x10x4xf32> -> tensor<1x10x8xf32>
  return %h : tensor<1x10x8xf32>
}
