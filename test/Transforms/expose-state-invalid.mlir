// rnn-expose-state refuses models that cannot carry their state from one call to the next.
// RUN: rnn-opt %s -split-input-file -verify-diagnostics --rnn-expose-state

func.func @bidi(%x: tensor<1x10x4xf32>) -> tensor<1x10x16xf32> {
  %wx = arith.constant dense<0.1> : tensor<4x8xf32>
  %wh = arith.constant dense<0.05> : tensor<8x8xf32>
  // expected-error @+1 {{'rnn.bidirectional' op cannot be stateful: the backward direction reads the whole sequence, which a chunk of it does not have}}
  %y = rnn.bidirectional %x : tensor<1x10x4xf32>
      forward kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>)
      backward kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>)
      -> sequence tensor<1x10x16xf32>
  return %y : tensor<1x10x16xf32>
}

// -----

func.func @has_state(%x: tensor<1x3x4xf32>, %h0: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %wx = arith.constant dense<0.1> : tensor<4x8xf32>
  %wh = arith.constant dense<0.05> : tensor<8x8xf32>
  // expected-error @+1 {{'rnn.simple_rnn' op already has an initial state; a stateful model takes it from the previous call}}
  %h = rnn.simple_rnn %x : tensor<1x3x4xf32> kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>) initial_state(%h0 : tensor<1x8xf32>) -> last tensor<1x8xf32>
  return %h : tensor<1x8xf32>
}

// -----

// expected-error @+1 {{a stateful model needs at least one recurrent layer}}
func.func @no_layer(%x: tensor<1x3x4xf32>) -> tensor<1x3x4xf32> {
  return %x : tensor<1x3x4xf32>
}

// -----

// An LSTM's initial cell is a state too.
func.func @lstm_initial_cell(%x: tensor<1x10x4xf32>, %w: tensor<4x8xf32>, %r: tensor<2x8xf32>,
                             %c0: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{'rnn.lstm' op already has an initial state; a stateful model takes it from the previous call}}
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%w : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>)
      initial_cell(%c0 : tensor<1x2xf32>) -> last tensor<1x2xf32>
  return %h : tensor<1x2xf32>
}

// -----

// A layer reading its sequence backwards (a bidirectional layer's backward half, expanded)
// cannot continue a stream.
func.func @gru_reverse(%x: tensor<1x10x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{'rnn.gru' op cannot be stateful: direction reverse reads each call's chunk from its end, which a stream continuing in the next call does not have}}
  %h = rnn.gru %x : tensor<1x10x4xf32> kernel(%w : tensor<4x6xf32>) recurrent(%r : tensor<2x6xf32>)
      {direction = #rnn.direction<reverse>} -> last tensor<1x2xf32>
  return %h : tensor<1x2xf32>
}
