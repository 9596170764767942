// Static batch and timesteps whose product (with the feature size) overflows int64.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not rnnc %s -o %t.dir/m.o 2>&1 | FileCheck %s
// RUN: ls -A %t.dir | count 0
// CHECK: {{.*}}batch_times_steps_overflow.mlir:7:1: error: input 0 has type 'tensor<4611686018427387904x4611686018427387904x4xf32>', which is too large to compile: dim 0 is 4611686018427387904; dims may be at most 2^40

func.func @m(%x: tensor<4611686018427387904x4611686018427387904x4xf32>) -> tensor<4611686018427387904x4611686018427387904x8xf32> {
  %wx = arith.constant dense<0.1> : tensor<4x8xf32>
  %wh = arith.constant dense<0.1> : tensor<8x8xf32>
  %h = rnn.simple_rnn %x : tensor<4611686018427387904x4611686018427387904x4xf32>
      kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>)
      -> sequence tensor<4611686018427387904x4611686018427387904x8xf32>
  return %h : tensor<4611686018427387904x4611686018427387904x8xf32>
}
