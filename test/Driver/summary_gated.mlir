// --emit=summary of gated layers: an LSTM's parameters count its four gate blocks and
// peepholes, a GRU's its recurrent bias; FLOPs are the input and recurrent products of
// every step; a stateful LSTM carries h and c (state0, cell0), the GRU after it h (state1).
// RUN: rnnc %s --emit=summary --batch=2 --timesteps=5 --stateful | FileCheck %s
// CHECK: model 'summary_gated': 4 inputs, 4 outputs, 141 parameters, 564 B of constants
// CHECK: 2,280 FLOPs per call
// CHECK: rnn.lstm  2x5x3xf32, 2x3xf32, 2x3xf32           105           1,680
// CHECK: rnn.gru   2x2xf32                                36             600
// CHECK: state0 float32 [2, 3], state slot 0
// CHECK-NEXT: cell0 float32 [2, 3], state slot 1
// CHECK-NEXT: state1 float32 [2, 2], state slot 2
// CHECK: cell0_out float32 [2, 3], state slot 1
// CHECK: int32_t summary_gated_run(const float *input0, const float *state0, const float *cell0, const float *state1, float *output0, float *state0_out, float *cell0_out, float *state1_out);

func.func @tagger(%x: tensor<?x?x4xf32>) -> tensor<?x2xf32> {
  %w = arith.constant dense<0.1> : tensor<4x12xf32>
  %r = arith.constant dense<0.1> : tensor<3x12xf32>
  %b = arith.constant dense<0.1> : tensor<12xf32>
  %p = arith.constant dense<0.1> : tensor<9xf32>
  %w2 = arith.constant dense<0.1> : tensor<3x6xf32>
  %r2 = arith.constant dense<0.1> : tensor<2x6xf32>
  %rb2 = arith.constant dense<0.1> : tensor<6xf32>
  %s = rnn.lstm %x : tensor<?x?x4xf32> kernel(%w : tensor<4x12xf32>) recurrent(%r : tensor<3x12xf32>)
      bias(%b : tensor<12xf32>) peepholes(%p : tensor<9xf32>) -> sequence tensor<?x?x3xf32>
  %h = rnn.gru %s : tensor<?x?x3xf32> kernel(%w2 : tensor<3x6xf32>) recurrent(%r2 : tensor<2x6xf32>)
      recurrent_bias(%rb2 : tensor<6xf32>) {reset_after} -> last tensor<?x2xf32>
  return %h : tensor<?x2xf32>
}
