// The tutorial model rnnc grew from: one SimpleRNN layer (tanh) over 10 timesteps of
// 4 features, 8 hidden units, returning all 10 hidden states.
func.func @seed(%x: tensor<1x10x4xf32> {rnn.name = "x"}) -> (tensor<1x10x8xf32> {rnn.name = "h"}) {
  %wx = arith.constant dense<[
    [ 0.12, -0.31,  0.05,  0.27, -0.18,  0.09,  0.33, -0.02],
    [-0.25,  0.14,  0.21, -0.07,  0.30, -0.11,  0.04,  0.19],
    [ 0.08,  0.22, -0.29,  0.16,  0.03,  0.26, -0.13, -0.24],
    [ 0.31, -0.06,  0.11, -0.20,  0.15, -0.28,  0.23,  0.07]]> : tensor<4x8xf32>
  %wh = arith.constant dense<[
    [ 0.10, -0.04,  0.07,  0.02, -0.09,  0.05,  0.03, -0.06],
    [ 0.03,  0.11, -0.05,  0.08,  0.01, -0.07,  0.04,  0.02],
    [-0.06,  0.02,  0.12, -0.03,  0.05,  0.04, -0.08,  0.01],
    [ 0.04, -0.07,  0.01,  0.09, -0.02,  0.06,  0.05, -0.03],
    [ 0.02,  0.05, -0.04,  0.03,  0.13, -0.01,  0.07,  0.06],
    [-0.05,  0.01,  0.06, -0.08,  0.04,  0.10, -0.02,  0.03],
    [ 0.07, -0.03,  0.02,  0.05, -0.06,  0.03,  0.11, -0.04],
    [ 0.01,  0.06, -0.07,  0.04,  0.03, -0.05,  0.02,  0.09]]> : tensor<8x8xf32>
  %b = arith.constant dense<[0.01, -0.02, 0.03, 0.0, -0.01, 0.02, -0.03, 0.05]> : tensor<8xf32>
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32>
      kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>) bias(%b : tensor<8xf32>)
      -> sequence tensor<1x10x8xf32>
  return %h : tensor<1x10x8xf32>
}
