// rnn-lower-kernels only lowers bufferized kernels with packed weights and row-contiguous
// buffers, and unrolls at most 64 steps fully; anything else is reported on the op. (Run
// with unroll=full, which only the last case depends on.)
// RUN: rnn-opt %s -rnn-lower-kernels=unroll=full -split-input-file -verify-diagnostics

func.func @tensor_matmul(%x: tensor<2x4xf32>, %w: tensor<1x4x8xf32>, %y: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'rnn.matmul' op must be bufferized before rnn-lower-kernels}}
  %r = rnn.matmul %x : tensor<2x4xf32>, %w : tensor<1x4x8xf32> outs(%y : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %r : tensor<2x8xf32>
}

// -----

func.func @tensor_recurrence(%w: tensor<1x8x8xf32>, %seq: tensor<1x10x8xf32>, %last: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{'rnn.recurrence' op must be bufferized before rnn-lower-kernels}}
  %s:2 = rnn.recurrence %w : tensor<1x8x8xf32> outs(%seq : tensor<1x10x8xf32>, %last : tensor<1x8xf32>)
      -> tensor<1x10x8xf32>, tensor<1x8xf32>
  return %s#1 : tensor<1x8xf32>
}

// -----

func.func @unpacked_recurrent_kernel(%w: memref<8x8xf32>, %seq: memref<1x10x8xf32>, %last: memref<1x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op needs packed recurrent weights; run rnn-pack-weights first}}
  rnn.recurrence %w : memref<8x8xf32> outs(%seq : memref<1x10x8xf32>, %last : memref<1x8xf32>)
  return
}

// -----

func.func @full_unroll_too_long(%w: memref<1x8x8xf32>, %seq: memref<1x65x8xf32>, %last: memref<1x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op has 65 steps; unroll=full copies each step, and unrolls at most 64 (auto, none or a factor of at most 64 keep a loop)}}
  rnn.recurrence %w : memref<1x8x8xf32> outs(%seq : memref<1x65x8xf32>, %last : memref<1x8xf32>)
  return
}
