// Round trip of rnn.lstm and rnn.gru: the custom form prints what it parsed, defaults are
// elided, and the generic form parses back to the same custom form.
// RUN: rnn-opt %s | rnn-opt | FileCheck %s
// RUN: rnn-opt %s -mlir-print-op-generic | rnn-opt | FileCheck %s

// CHECK-LABEL: func.func @lstm_minimal
// CHECK: rnn.lstm %arg0 : tensor<1x10x4xf32> kernel(%arg1 : tensor<4x32xf32>) recurrent(%arg2 : tensor<8x32xf32>) -> last tensor<1x8xf32>
func.func @lstm_minimal(%x: tensor<1x10x4xf32>, %w: tensor<4x32xf32>, %r: tensor<8x32xf32>)
    -> tensor<1x8xf32> {
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%w : tensor<4x32xf32>) recurrent(%r : tensor<8x32xf32>)
      -> last tensor<1x8xf32>
  return %h : tensor<1x8xf32>
}

// Spelled-out defaults (sigmoid, tanh, forward) print as the minimal form.
// CHECK-LABEL: func.func @lstm_explicit_defaults
// CHECK: rnn.lstm %arg0 : tensor<1x10x4xf32> kernel(%arg1 : tensor<4x32xf32>) recurrent(%arg2 : tensor<8x32xf32>) -> last_cell tensor<1x8xf32>
func.func @lstm_explicit_defaults(%x: tensor<1x10x4xf32>, %w: tensor<4x32xf32>, %r: tensor<8x32xf32>)
    -> tensor<1x8xf32> {
  %c = rnn.lstm %x : tensor<1x10x4xf32> kernel(%w : tensor<4x32xf32>) recurrent(%r : tensor<8x32xf32>)
      {recurrent_activation = #rnn.activation<sigmoid>, activation = #rnn.activation<tanh>,
       direction = #rnn.direction<forward>}
      -> last_cell tensor<1x8xf32>
  return %c : tensor<1x8xf32>
}

// Every operand and attribute, all three results, dynamic batch and time.
// CHECK-LABEL: func.func @lstm_everything
// CHECK: = rnn.lstm %arg0 : tensor<?x?x4xf32> kernel(%arg1 : tensor<4x32xf32>) recurrent(%arg2 : tensor<8x32xf32>) bias(%arg3 : tensor<32xf32>) peepholes(%arg4 : tensor<24xf32>) initial_state(%arg5 : tensor<?x8xf32>) initial_cell(%arg6 : tensor<?x8xf32>) lengths(%arg7 : tensor<?xi32>)
// CHECK-SAME: {activation = #rnn.activation<scaled_tanh, alpha = 1.500000e+00, beta = 5.000000e-01>, clip = 2.500000e+00 : f32, direction = #rnn.direction<reverse>, input_forget, output_activation = #rnn.activation<softsign>, recurrent_activation = #rnn.activation<hard_sigmoid, alpha = 2.000000e-01, beta = 5.000000e-01>}
// CHECK-SAME: -> sequence tensor<?x?x8xf32> last tensor<?x8xf32> last_cell tensor<?x8xf32>
func.func @lstm_everything(%x: tensor<?x?x4xf32>, %w: tensor<4x32xf32>, %r: tensor<8x32xf32>,
                           %b: tensor<32xf32>, %p: tensor<24xf32>, %h0: tensor<?x8xf32>,
                           %c0: tensor<?x8xf32>, %len: tensor<?xi32>)
    -> (tensor<?x?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>) {
  %s, %h, %c = rnn.lstm %x : tensor<?x?x4xf32> kernel(%w : tensor<4x32xf32>)
      recurrent(%r : tensor<8x32xf32>) bias(%b : tensor<32xf32>) peepholes(%p : tensor<24xf32>)
      initial_state(%h0 : tensor<?x8xf32>) initial_cell(%c0 : tensor<?x8xf32>)
      lengths(%len : tensor<?xi32>)
      {recurrent_activation = #rnn.activation<hard_sigmoid, alpha = 0.2, beta = 0.5>,
       activation = #rnn.activation<scaled_tanh, alpha = 1.5, beta = 0.5>,
       output_activation = #rnn.activation<softsign>, direction = #rnn.direction<reverse>,
       clip = 2.5 : f32, input_forget}
      -> sequence tensor<?x?x8xf32> last tensor<?x8xf32> last_cell tensor<?x8xf32>
  return %s, %h, %c : tensor<?x?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>
}

// A Keras mask and go_backwards.
// CHECK-LABEL: func.func @lstm_mask
// CHECK: rnn.lstm %arg0 : tensor<2x5x3xf32> kernel(%arg1 : tensor<3x4xf32>) recurrent(%arg2 : tensor<1x4xf32>) mask(%arg3 : tensor<2x5xi1>) {direction = #rnn.direction<go_backwards>} -> sequence tensor<2x5x1xf32> last tensor<2x1xf32>
func.func @lstm_mask(%x: tensor<2x5x3xf32>, %w: tensor<3x4xf32>, %r: tensor<1x4xf32>,
                     %m: tensor<2x5xi1>) -> (tensor<2x5x1xf32>, tensor<2x1xf32>) {
  %s, %h = rnn.lstm %x : tensor<2x5x3xf32> kernel(%w : tensor<3x4xf32>) recurrent(%r : tensor<1x4xf32>)
      mask(%m : tensor<2x5xi1>) {direction = #rnn.direction<go_backwards>}
      -> sequence tensor<2x5x1xf32> last tensor<2x1xf32>
  return %s, %h : tensor<2x5x1xf32>, tensor<2x1xf32>
}

// CHECK-LABEL: func.func @gru_minimal
// CHECK: rnn.gru %arg0 : tensor<1x10x4xf32> kernel(%arg1 : tensor<4x24xf32>) recurrent(%arg2 : tensor<8x24xf32>) -> sequence tensor<1x10x8xf32>
func.func @gru_minimal(%x: tensor<1x10x4xf32>, %w: tensor<4x24xf32>, %r: tensor<8x24xf32>)
    -> tensor<1x10x8xf32> {
  %s = rnn.gru %x : tensor<1x10x4xf32> kernel(%w : tensor<4x24xf32>) recurrent(%r : tensor<8x24xf32>)
      {recurrent_activation = #rnn.activation<sigmoid>} -> sequence tensor<1x10x8xf32>
  return %s : tensor<1x10x8xf32>
}

// CHECK-LABEL: func.func @gru_everything
// CHECK: = rnn.gru %arg0 : tensor<?x?x4xf32> kernel(%arg1 : tensor<4x24xf32>) recurrent(%arg2 : tensor<8x24xf32>) bias(%arg3 : tensor<24xf32>) recurrent_bias(%arg4 : tensor<24xf32>) initial_state(%arg5 : tensor<?x8xf32>) lengths(%arg6 : tensor<?xi64>)
// CHECK-SAME: {activation = #rnn.activation<relu>, clip = 1.000000e+00 : f32, direction = #rnn.direction<reverse>, recurrent_activation = #rnn.activation<hard_sigmoid, alpha = 0.1666666716337204, beta = 5.000000e-01>, reset_after}
// CHECK-SAME: -> sequence tensor<?x?x8xf32> last tensor<?x8xf32>
func.func @gru_everything(%x: tensor<?x?x4xf32>, %w: tensor<4x24xf32>, %r: tensor<8x24xf32>,
                          %b: tensor<24xf32>, %rb: tensor<24xf32>, %h0: tensor<?x8xf32>,
                          %len: tensor<?xi64>) -> (tensor<?x?x8xf32>, tensor<?x8xf32>) {
  %s, %h = rnn.gru %x : tensor<?x?x4xf32> kernel(%w : tensor<4x24xf32>)
      recurrent(%r : tensor<8x24xf32>) bias(%b : tensor<24xf32>)
      recurrent_bias(%rb : tensor<24xf32>) initial_state(%h0 : tensor<?x8xf32>)
      lengths(%len : tensor<?xi64>)
      {recurrent_activation = #rnn.activation<hard_sigmoid, alpha = 0.16666667163372040, beta = 0.5>,
       activation = #rnn.activation<relu>, direction = #rnn.direction<reverse>, clip = 1.0 : f32,
       reset_after}
      -> sequence tensor<?x?x8xf32> last tensor<?x8xf32>
  return %s, %h : tensor<?x?x8xf32>, tensor<?x8xf32>
}
