// Every rule of the rnn.lstm and rnn.gru verifiers and of the LSTM results' parser, one case
// per split, each with the message a user sees. The input-sequence, lengths / mask and clip
// rules they share with rnn.simple_rnn are in invalid.mlir.
// RUN: rnn-opt %s -split-input-file -verify-diagnostics

func.func @lstm_kernel_not_gates(%x: tensor<1x10x4xf32>, %k: tensor<4x10xf32>, %r: tensor<2x10xf32>) {
  // expected-error @+1 {{'rnn.lstm' op kernel has 10 columns, not a multiple of the 4 gates}}
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<4x10xf32>) recurrent(%r : tensor<2x10xf32>) -> last tensor<1x2xf32>
  return
}

// -----

func.func @lstm_kernel_dynamic(%x: tensor<1x10x4xf32>, %k: tensor<4x?xf32>, %r: tensor<2x8xf32>) {
  // expected-error @+1 {{kernel must be a static rank-2 tensor (input_dim, 4 * units), got 'tensor<4x?xf32>'}}
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<4x?xf32>) recurrent(%r : tensor<2x8xf32>) -> last tensor<1x2xf32>
  return
}

// -----

func.func @lstm_kernel_rows(%x: tensor<1x10x4xf32>, %k: tensor<3x8xf32>, %r: tensor<2x8xf32>) {
  // expected-error @+1 {{kernel has 3 rows but the input has input_dim 4}}
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<3x8xf32>) recurrent(%r : tensor<2x8xf32>) -> last tensor<1x2xf32>
  return
}

// -----

func.func @lstm_no_units(%x: tensor<1x10x4xf32>, %k: tensor<4x0xf32>, %r: tensor<0x0xf32>) {
  // expected-error @+1 {{kernel must have at least one unit}}
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<4x0xf32>) recurrent(%r : tensor<0x0xf32>) -> last tensor<1x0xf32>
  return
}

// -----

func.func @lstm_recurrent_shape(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x2xf32>) {
  // expected-error @+1 {{recurrent kernel must be (units, 4 * units) = (2, 8) to match the kernel, got 'tensor<2x2xf32>'}}
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<2x2xf32>) -> last tensor<1x2xf32>
  return
}

// -----

func.func @lstm_bias_shape(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{bias must be (4 * units) = (8), got 'tensor<2xf32>'}}
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>) bias(%b : tensor<2xf32>) -> last tensor<1x2xf32>
  return
}

// -----

func.func @lstm_peepholes_shape(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>, %p: tensor<8xf32>) {
  // expected-error @+1 {{peepholes must be (3 * units) = (6), got 'tensor<8xf32>'}}
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>) peepholes(%p : tensor<8xf32>) -> last tensor<1x2xf32>
  return
}

// -----

func.func @lstm_peepholes_type(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>, %p: tensor<6xf64>) {
  // expected-error @+1 {{peepholes element type 'f64' differs from the input's 'f32'}}
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>) peepholes(%p : tensor<6xf64>) -> last tensor<1x2xf32>
  return
}

// -----

func.func @lstm_initial_state(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>, %h0: tensor<1x3xf32>) {
  // expected-error @+1 {{initial state must be (batch, units) = (1, 2), got 'tensor<1x3xf32>'}}
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>) initial_state(%h0 : tensor<1x3xf32>) -> last tensor<1x2xf32>
  return
}

// -----

func.func @lstm_initial_cell(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>, %c0: tensor<2x2xf32>) {
  // expected-error @+1 {{initial cell must be (batch, units) = (1, 2), got 'tensor<2x2xf32>'}}
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>) initial_cell(%c0 : tensor<2x2xf32>) -> last tensor<1x2xf32>
  return
}

// -----

func.func @lstm_initial_cell_type(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>, %c0: tensor<1x2xf16>) {
  // expected-error @+1 {{initial cell element type 'f16' differs from the input's 'f32'}}
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>) initial_cell(%c0 : tensor<1x2xf16>) -> last tensor<1x2xf32>
  return
}

// -----

func.func @lstm_last_cell_shape(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>) {
  // expected-error @+1 {{last_cell result must be (batch, units) = (1, 2), got 'tensor<1x8xf32>'}}
  %c = rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>) -> last_cell tensor<1x8xf32>
  return
}

// -----

func.func @lstm_sequence_shape(%x: tensor<?x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>) {
  // expected-error @+1 {{sequence result must be (batch, timesteps, units) = (?, 10, 2), got 'tensor<?x?x2xf32>'}}
  %s = rnn.lstm %x : tensor<?x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>) -> sequence tensor<?x?x2xf32>
  return
}

// -----

func.func @lstm_lengths_go_backwards(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>, %l: tensor<1xi32>) {
  // expected-error @+1 {{'lengths' cannot be combined with direction go_backwards; use direction reverse}}
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>) lengths(%l : tensor<1xi32>) {direction = #rnn.direction<go_backwards>} -> last tensor<1x2xf32>
  return
}

// -----

func.func @lstm_lengths_and_mask(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>, %l: tensor<1xi32>, %m: tensor<1x10xi1>) {
  // expected-error @+1 {{takes either 'lengths' or 'mask', not both}}
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>) lengths(%l : tensor<1xi32>) mask(%m : tensor<1x10xi1>) -> last tensor<1x2xf32>
  return
}

// -----

func.func @lstm_clip(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>) {
  // expected-error @+1 {{clip must be a positive finite number, got -1}}
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>) {clip = -1.0 : f32} -> last tensor<1x2xf32>
  return
}

// -----

func.func @lstm_no_results(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>) {
  rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>) ->
  // expected-error @+1 {{expected 'sequence <type>', 'last <type>' and/or 'last_cell <type>'}}
  return
}

// -----

// The generic form reaches the verifier without results.
func.func @lstm_no_results_generic(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>) {
  // expected-error @+1 {{must produce at least one result ('sequence', 'last' or 'last_cell')}}
  "rnn.lstm"(%x, %k, %r) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 0, 0, 0>} : (tensor<1x10x4xf32>, tensor<4x8xf32>, tensor<2x8xf32>) -> ()
  return
}

// -----

func.func @lstm_kernel_type(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf64>, %r: tensor<2x8xf32>) {
  // expected-error @+1 {{kernel element type 'f64' differs from the input's 'f32'}}
  %h = rnn.lstm %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf64>) recurrent(%r : tensor<2x8xf32>) -> last tensor<1x2xf32>
  return
}

// -----

func.func @gru_kernel_not_gates(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>) {
  // expected-error @+1 {{'rnn.gru' op kernel has 8 columns, not a multiple of the 3 gates}}
  %h = rnn.gru %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>) -> last tensor<1x2xf32>
  return
}

// -----

func.func @gru_recurrent_shape(%x: tensor<1x10x4xf32>, %k: tensor<4x6xf32>, %r: tensor<6x6xf32>) {
  // expected-error @+1 {{recurrent kernel must be (units, 3 * units) = (2, 6) to match the kernel, got 'tensor<6x6xf32>'}}
  %h = rnn.gru %x : tensor<1x10x4xf32> kernel(%k : tensor<4x6xf32>) recurrent(%r : tensor<6x6xf32>) -> last tensor<1x2xf32>
  return
}

// -----

func.func @gru_recurrent_bias_shape(%x: tensor<1x10x4xf32>, %k: tensor<4x6xf32>, %r: tensor<2x6xf32>, %rb: tensor<2xf32>) {
  // expected-error @+1 {{recurrent bias must be (3 * units) = (6), got 'tensor<2xf32>'}}
  %h = rnn.gru %x : tensor<1x10x4xf32> kernel(%k : tensor<4x6xf32>) recurrent(%r : tensor<2x6xf32>) recurrent_bias(%rb : tensor<2xf32>) -> last tensor<1x2xf32>
  return
}

// -----

func.func @gru_last_shape(%x: tensor<3x10x4xf32>, %k: tensor<4x6xf32>, %r: tensor<2x6xf32>) {
  // expected-error @+1 {{last result must be (batch, units) = (3, 2), got 'tensor<1x2xf32>'}}
  %h = rnn.gru %x : tensor<3x10x4xf32> kernel(%k : tensor<4x6xf32>) recurrent(%r : tensor<2x6xf32>) -> last tensor<1x2xf32>
  return
}

// -----

func.func @gru_no_results_generic(%x: tensor<1x10x4xf32>, %k: tensor<4x6xf32>, %r: tensor<2x6xf32>) {
  // expected-error @+1 {{must produce at least one result ('sequence', or 'last')}}
  "rnn.gru"(%x, %k, %r) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 0, 0>} : (tensor<1x10x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>) -> ()
  return
}
