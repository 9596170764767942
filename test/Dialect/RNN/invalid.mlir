// Every rule the `rnn` verifiers, the activation attribute and the custom parsers enforce,
// one case per split, each with the message a user sees.
// RUN: rnn-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// rnn.simple_rnn: the input sequence
//===----------------------------------------------------------------------===//

func.func @input_rank(%x: tensor<10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{'rnn.simple_rnn' op input must be a rank-3 tensor (batch, timesteps, input_dim), got 'tensor<10x4xf32>'}}
  %h = rnn.simple_rnn %x : tensor<10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> last tensor<10x8xf32>
  return
}

// -----

func.func @input_dim_dynamic(%x: tensor<1x10x?xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{input_dim (dimension 2 of the input) must be static, got 'tensor<1x10x?xf32>'}}
  %h = rnn.simple_rnn %x : tensor<1x10x?xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> last tensor<1x8xf32>
  return
}

// -----

func.func @input_dim_zero(%x: tensor<1x10x0xf32>, %k: tensor<0x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{input_dim must be positive, got 'tensor<1x10x0xf32>'}}
  %h = rnn.simple_rnn %x : tensor<1x10x0xf32> kernel(%k : tensor<0x8xf32>) recurrent(%r : tensor<8x8xf32>) -> last tensor<1x8xf32>
  return
}

// -----

// An integer sequence is rejected by the operand's type constraint, before the verifier runs.
func.func @input_integer(%x: tensor<1x10x4xi32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of floating-point values, but got 'tensor<1x10x4xi32>'}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xi32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> last tensor<1x8xf32>
  return
}

// -----

// The custom syntax only accepts ranked tensor types.
func.func @input_unranked(%x: tensor<*xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{custom op 'rnn.simple_rnn' invalid kind of type specified}}
  %h = rnn.simple_rnn %x : tensor<*xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> last tensor<1x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// rnn.simple_rnn: weights and initial state
//===----------------------------------------------------------------------===//

// -----

func.func @kernel_rank(%x: tensor<1x10x4xf32>, %k: tensor<4x8x1xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op kernel must be a static rank-2 tensor (input_dim, units), got 'tensor<4x8x1xf32>'}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8x1xf32>) recurrent(%r : tensor<8x8xf32>) -> last tensor<1x8xf32>
  return
}

// -----

func.func @kernel_dynamic(%x: tensor<1x10x4xf32>, %k: tensor<4x?xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op kernel must be a static rank-2 tensor (input_dim, units), got 'tensor<4x?xf32>'}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x?xf32>) recurrent(%r : tensor<8x8xf32>) -> last tensor<1x8xf32>
  return
}

// -----

// A PyTorch/ONNX (units, input_dim) weight that was not transposed.
func.func @kernel_rows(%x: tensor<1x10x4xf32>, %k: tensor<8x4xf32>, %r: tensor<4x4xf32>) {
  // expected-error @+1 {{op kernel has 8 rows but the input has input_dim 4}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<8x4xf32>) recurrent(%r : tensor<4x4xf32>) -> last tensor<1x4xf32>
  return
}

// -----

func.func @zero_units(%x: tensor<1x10x4xf32>, %k: tensor<4x0xf32>, %r: tensor<0x0xf32>) {
  // expected-error @+1 {{op kernel must have at least one unit}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x0xf32>) recurrent(%r : tensor<0x0xf32>) -> last tensor<1x0xf32>
  return
}

// -----

func.func @recurrent_shape(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x4xf32>) {
  // expected-error @+1 {{op recurrent kernel must be (units, units) = (8, 8) to match the kernel, got 'tensor<8x4xf32>'}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x4xf32>) -> last tensor<1x8xf32>
  return
}

// -----

func.func @recurrent_dynamic(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<?x8xf32>) {
  // expected-error @+1 {{op recurrent kernel must be (units, units) = (8, 8) to match the kernel, got 'tensor<?x8xf32>'}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<?x8xf32>) -> last tensor<1x8xf32>
  return
}

// -----

// An ONNX B of shape [2 * units] (Wb and Rb side by side) must be summed into one bias first.
func.func @bias_shape(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{op bias must be (units) = (8), got 'tensor<16xf32>'}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) bias(%b : tensor<16xf32>) -> last tensor<1x8xf32>
  return
}

// -----

// An ONNX initial_h keeps its leading num_directions axis unless the importer drops it.
func.func @initial_state_rank(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %h0: tensor<1x1x8xf32>) {
  // expected-error @+1 {{op initial state must be (batch, units) = (1, 8), got 'tensor<1x1x8xf32>'}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) initial_state(%h0 : tensor<1x1x8xf32>) -> last tensor<1x8xf32>
  return
}

// -----

func.func @initial_state_units(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %h0: tensor<1x4xf32>) {
  // expected-error @+1 {{op initial state must be (batch, units) = (1, 8), got 'tensor<1x4xf32>'}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) initial_state(%h0 : tensor<1x4xf32>) -> last tensor<1x8xf32>
  return
}

// -----

func.func @initial_state_dynamic_units(%x: tensor<?x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %h0: tensor<?x?xf32>) {
  // expected-error @+1 {{op initial state must be (batch, units) = (?, 8), got 'tensor<?x?xf32>'}}
  %h = rnn.simple_rnn %x : tensor<?x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) initial_state(%h0 : tensor<?x?xf32>) -> last tensor<?x8xf32>
  return
}

// -----

func.func @initial_state_batch(%x: tensor<2x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %h0: tensor<3x8xf32>) {
  // expected-error @+1 {{op initial state must be (batch, units) = (2, 8), got 'tensor<3x8xf32>'}}
  %h = rnn.simple_rnn %x : tensor<2x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) initial_state(%h0 : tensor<3x8xf32>) -> last tensor<2x8xf32>
  return
}

// -----

func.func @kernel_element_type(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf64>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op kernel element type 'f64' differs from the input's 'f32'}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf64>) recurrent(%r : tensor<8x8xf32>) -> last tensor<1x8xf32>
  return
}

// -----

func.func @recurrent_element_type(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf16>) {
  // expected-error @+1 {{op recurrent kernel element type 'f16' differs from the input's 'f32'}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf16>) -> last tensor<1x8xf32>
  return
}

// -----

func.func @bias_element_type(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %b: tensor<8xbf16>) {
  // expected-error @+1 {{op bias element type 'bf16' differs from the input's 'f32'}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) bias(%b : tensor<8xbf16>) -> last tensor<1x8xf32>
  return
}

// -----

func.func @initial_state_element_type(%x: tensor<1x10x4xf64>, %k: tensor<4x8xf64>, %r: tensor<8x8xf64>, %h0: tensor<1x8xf32>) {
  // expected-error @+1 {{op initial state element type 'f32' differs from the input's 'f64'}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf64> kernel(%k : tensor<4x8xf64>) recurrent(%r : tensor<8x8xf64>) initial_state(%h0 : tensor<1x8xf32>) -> last tensor<1x8xf64>
  return
}

//===----------------------------------------------------------------------===//
// rnn.simple_rnn: lengths and mask
//===----------------------------------------------------------------------===//

// -----

func.func @lengths_and_mask(%x: tensor<2x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %l: tensor<2xi32>, %m: tensor<2x10xi1>) {
  // expected-error @+1 {{op takes either 'lengths' or 'mask', not both}}
  %h = rnn.simple_rnn %x : tensor<2x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) lengths(%l : tensor<2xi32>) mask(%m : tensor<2x10xi1>) -> last tensor<2x8xf32>
  return
}

// -----

func.func @lengths_rank(%x: tensor<2x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %l: tensor<2x1xi32>) {
  // expected-error @+1 {{op lengths must be (batch) = (2), got 'tensor<2x1xi32>'}}
  %h = rnn.simple_rnn %x : tensor<2x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) lengths(%l : tensor<2x1xi32>) -> last tensor<2x8xf32>
  return
}

// -----

func.func @lengths_batch(%x: tensor<2x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %l: tensor<3xi64>) {
  // expected-error @+1 {{op lengths must be (batch) = (2), got 'tensor<3xi64>'}}
  %h = rnn.simple_rnn %x : tensor<2x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) lengths(%l : tensor<3xi64>) -> last tensor<2x8xf32>
  return
}

// -----

func.func @lengths_float(%x: tensor<2x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %l: tensor<2xf32>) {
  // expected-error @+1 {{'rnn.simple_rnn' op operand #3 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2xf32>'}}
  %h = rnn.simple_rnn %x : tensor<2x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) lengths(%l : tensor<2xf32>) -> last tensor<2x8xf32>
  return
}

// -----

func.func @mask_rank(%x: tensor<2x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %m: tensor<2x10x4xi1>) {
  // expected-error @+1 {{op mask must be (batch, timesteps) = (2, 10), got 'tensor<2x10x4xi1>'}}
  %h = rnn.simple_rnn %x : tensor<2x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) mask(%m : tensor<2x10x4xi1>) -> last tensor<2x8xf32>
  return
}

// -----

func.func @mask_batch(%x: tensor<2x?x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %m: tensor<3x10xi1>) {
  // expected-error @+1 {{op mask must be (batch, timesteps) = (2, ?), got 'tensor<3x10xi1>'}}
  %h = rnn.simple_rnn %x : tensor<2x?x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) mask(%m : tensor<3x10xi1>) -> last tensor<2x8xf32>
  return
}

// -----

func.func @mask_timesteps(%x: tensor<?x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %m: tensor<?x9xi1>) {
  // expected-error @+1 {{op mask must be (batch, timesteps) = (?, 10), got 'tensor<?x9xi1>'}}
  %h = rnn.simple_rnn %x : tensor<?x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) mask(%m : tensor<?x9xi1>) -> last tensor<?x8xf32>
  return
}

// -----

func.func @mask_not_i1(%x: tensor<2x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %m: tensor<2x10xi8>) {
  // expected-error @+1 {{'rnn.simple_rnn' op operand #3 must be ranked tensor of 1-bit signless integer values, but got 'tensor<2x10xi8>'}}
  %h = rnn.simple_rnn %x : tensor<2x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) mask(%m : tensor<2x10xi8>) -> last tensor<2x8xf32>
  return
}

// -----

// Keras' go_backwards emits states in reversed order; ONNX sequence_lens are defined for
// `reverse`, whose outputs stay aligned with the input.
func.func @lengths_go_backwards(%x: tensor<2x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %l: tensor<2xi32>) {
  // expected-error @+1 {{op 'lengths' cannot be combined with direction go_backwards; use direction reverse}}
  %h = rnn.simple_rnn %x : tensor<2x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) lengths(%l : tensor<2xi32>) {direction = #rnn.direction<go_backwards>} -> last tensor<2x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// rnn.simple_rnn: clip
//===----------------------------------------------------------------------===//

// -----

func.func @clip_zero(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op clip must be a positive finite number, got 0.000000e+00}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) {clip = 0.0 : f32} -> last tensor<1x8xf32>
  return
}

// -----

func.func @clip_negative(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op clip must be a positive finite number, got -1.000000e+00}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) {clip = -1.0 : f32} -> last tensor<1x8xf32>
  return
}

// -----

func.func @clip_infinite(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op clip must be a positive finite number, got INF}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) {clip = 0x7F800000 : f32} -> last tensor<1x8xf32>
  return
}

// -----

func.func @clip_nan(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op clip must be a positive finite number, got nan}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) {clip = 0x7FC00000 : f32} -> last tensor<1x8xf32>
  return
}

// -----

// clip is an f32 attribute whatever the layer's element type.
func.func @clip_f64(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{attribute 'clip' failed to satisfy constraint: 32-bit float attribute}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) {clip = 1.0 : f64} -> last tensor<1x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// rnn.simple_rnn: results
//===----------------------------------------------------------------------===//

// -----

func.func @no_results(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // The custom syntax cannot express it; the generic form reaches the verifier.
  // expected-error @+1 {{op must produce at least one result ('sequence' or 'last')}}
  "rnn.simple_rnn"(%x, %k, %r) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 0, 0>}> : (tensor<1x10x4xf32>, tensor<4x8xf32>, tensor<8x8xf32>) -> ()
  return
}

// -----

func.func @sequence_width(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op sequence result must be (batch, timesteps, units) = (1, 10, 8), got 'tensor<1x10x4xf32>'}}
  %s = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> sequence tensor<1x10x4xf32>
  return
}

// -----

// Results repeat the input's batch and time exactly: a dynamic input time stays dynamic.
func.func @sequence_timesteps(%x: tensor<1x?x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op sequence result must be (batch, timesteps, units) = (1, ?, 8), got 'tensor<1x10x8xf32>'}}
  %s = rnn.simple_rnn %x : tensor<1x?x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> sequence tensor<1x10x8xf32>
  return
}

// -----

// A `last` type where the sequence belongs (return_sequences mixed up).
func.func @last_shape(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op last result must be (batch, units) = (1, 8), got 'tensor<1x10x8xf32>'}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> last tensor<1x10x8xf32>
  return
}

// -----

func.func @sequence_element_type(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op sequence result element type 'f64' differs from the input's 'f32'}}
  %s, %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> sequence tensor<1x10x8xf64> last tensor<1x8xf32>
  return
}

// -----

func.func @last_element_type(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op last result element type 'f16' differs from the input's 'f32'}}
  %s, %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> sequence tensor<1x10x8xf32> last tensor<1x8xf16>
  return
}

//===----------------------------------------------------------------------===//
// rnn.bidirectional: each half is checked like a simple_rnn, named in the message
//===----------------------------------------------------------------------===//

// -----

func.func @bidi_input_rank(%x: tensor<10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{'rnn.bidirectional' op input must be a rank-3 tensor (batch, timesteps, input_dim), got 'tensor<10x4xf32>'}}
  %s = rnn.bidirectional %x : tensor<10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> sequence tensor<10x16xf32>
  return
}

// -----

func.func @bidi_forward_kernel_rows(%x: tensor<1x10x4xf32>, %fk: tensor<5x8xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op forward kernel has 5 rows but the input has input_dim 4}}
  %s = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%fk : tensor<5x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> sequence tensor<1x10x16xf32>
  return
}

// -----

func.func @bidi_backward_kernel_static(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %bk: tensor<?x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op backward kernel must be a static rank-2 tensor (input_dim, units), got 'tensor<?x8xf32>'}}
  %s = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%bk : tensor<?x8xf32>) recurrent(%r : tensor<8x8xf32>) -> sequence tensor<1x10x16xf32>
  return
}

// -----

func.func @bidi_backward_zero_units(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %bk: tensor<4x0xf32>, %br: tensor<0x0xf32>) {
  // expected-error @+1 {{op backward kernel must have at least one unit}}
  %s = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%bk : tensor<4x0xf32>) recurrent(%br : tensor<0x0xf32>) -> sequence tensor<1x10x8xf32>
  return
}

// -----

func.func @bidi_backward_recurrent(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %bk: tensor<4x6xf32>) {
  // expected-error @+1 {{op backward recurrent kernel must be (units, units) = (6, 6) to match the kernel, got 'tensor<8x8xf32>'}}
  %s = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%bk : tensor<4x6xf32>) recurrent(%r : tensor<8x8xf32>) -> sequence tensor<1x10x14xf32>
  return
}

// -----

func.func @bidi_forward_bias(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %b: tensor<1x8xf32>) {
  // expected-error @+1 {{op forward bias must be (units) = (8), got 'tensor<1x8xf32>'}}
  %s = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) bias(%b : tensor<1x8xf32>) backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> sequence tensor<1x10x16xf32>
  return
}

// -----

func.func @bidi_backward_initial_state(%x: tensor<2x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %h0: tensor<2x8xf32>, %h1: tensor<1x8xf32>) {
  // expected-error @+1 {{op backward initial state must be (batch, units) = (2, 8), got 'tensor<1x8xf32>'}}
  %s = rnn.bidirectional %x : tensor<2x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) initial_state(%h0 : tensor<2x8xf32>) backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) initial_state(%h1 : tensor<1x8xf32>) -> sequence tensor<2x10x16xf32>
  return
}

// -----

func.func @bidi_forward_initial_state_element_type(%x: tensor<2x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %h0: tensor<2x8xf64>) {
  // expected-error @+1 {{op forward initial state element type 'f64' differs from the input's 'f32'}}
  %s = rnn.bidirectional %x : tensor<2x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) initial_state(%h0 : tensor<2x8xf64>) backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> sequence tensor<2x10x16xf32>
  return
}

// -----

func.func @bidi_backward_kernel_element_type(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %bk: tensor<4x8xf16>) {
  // expected-error @+1 {{op backward kernel element type 'f16' differs from the input's 'f32'}}
  %s = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%bk : tensor<4x8xf16>) recurrent(%r : tensor<8x8xf32>) -> sequence tensor<1x10x16xf32>
  return
}

// -----

func.func @bidi_lengths_and_mask(%x: tensor<2x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %l: tensor<2xi32>, %m: tensor<2x10xi1>) {
  // expected-error @+1 {{'rnn.bidirectional' op takes either 'lengths' or 'mask', not both}}
  %s = rnn.bidirectional %x : tensor<2x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) lengths(%l : tensor<2xi32>) mask(%m : tensor<2x10xi1>) -> sequence tensor<2x10x16xf32>
  return
}

// -----

func.func @bidi_lengths_batch(%x: tensor<2x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %l: tensor<4xi64>) {
  // expected-error @+1 {{'rnn.bidirectional' op lengths must be (batch) = (2), got 'tensor<4xi64>'}}
  %s = rnn.bidirectional %x : tensor<2x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) lengths(%l : tensor<4xi64>) -> sequence tensor<2x10x16xf32>
  return
}

// -----

func.func @bidi_mask_shape(%x: tensor<2x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %m: tensor<10x2xi1>) {
  // expected-error @+1 {{'rnn.bidirectional' op mask must be (batch, timesteps) = (2, 10), got 'tensor<10x2xi1>'}}
  %s = rnn.bidirectional %x : tensor<2x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) mask(%m : tensor<10x2xi1>) -> sequence tensor<2x10x16xf32>
  return
}

// -----

func.func @bidi_clip(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{'rnn.bidirectional' op clip must be a positive finite number, got -2.000000e+00}}
  %s = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) {clip = -2.0 : f32} -> sequence tensor<1x10x16xf32>
  return
}

//===----------------------------------------------------------------------===//
// rnn.bidirectional: merge_mode and results
//===----------------------------------------------------------------------===//

// -----

// Element-wise merges need halves of the same width; concat and none do not.
func.func @bidi_sum_units(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %bk: tensor<4x6xf32>, %br: tensor<6x6xf32>) {
  // expected-error @+1 {{op merge_mode sum needs both halves to have the same units, got 8 and 6}}
  %s = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%bk : tensor<4x6xf32>) recurrent(%br : tensor<6x6xf32>) {merge_mode = #rnn.merge_mode<sum>} -> sequence tensor<1x10x8xf32>
  return
}

// -----

func.func @bidi_ave_units(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %bk: tensor<4x6xf32>, %br: tensor<6x6xf32>) {
  // expected-error @+1 {{op merge_mode ave needs both halves to have the same units, got 8 and 6}}
  %h = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%bk : tensor<4x6xf32>) recurrent(%br : tensor<6x6xf32>) {merge_mode = #rnn.merge_mode<ave>} -> last tensor<1x8xf32>
  return
}

// -----

func.func @bidi_no_results(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // The custom syntax cannot express it; the generic form reaches the verifier.
  // expected-error @+1 {{'rnn.bidirectional' op must produce at least one result ('sequence' or 'last')}}
  "rnn.bidirectional"(%x, %k, %r, %k, %r) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 0, 0>}> : (tensor<1x10x4xf32>, tensor<4x8xf32>, tensor<8x8xf32>, tensor<4x8xf32>, tensor<8x8xf32>) -> ()
  return
}

// -----

// A merged layer has one sequence, not the two halves.
func.func @bidi_concat_two_sequences(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op with merge_mode concat, 'sequence' takes 1 result or none, got 2}}
  %s:2 = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> sequence tensor<1x10x8xf32>, tensor<1x10x8xf32>
  return
}

// -----

func.func @bidi_mul_two_lasts(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op with merge_mode mul, 'last' takes 1 result or none, got 2}}
  %h:2 = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) {merge_mode = #rnn.merge_mode<mul>} -> last tensor<1x8xf32>, tensor<1x8xf32>
  return
}

// -----

// merge_mode none returns forward and backward apart: two sequences, not one.
func.func @bidi_none_one_sequence(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op with merge_mode none, 'sequence' takes 2 results (forward, backward) or none, got 1}}
  %s = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) {merge_mode = #rnn.merge_mode<none>} -> sequence tensor<1x10x16xf32>
  return
}

// -----

func.func @bidi_none_three_lasts(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op with merge_mode none, 'last' takes 2 results (forward, backward) or none, got 3}}
  %h:3 = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) {merge_mode = #rnn.merge_mode<none>} -> last tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>
  return
}

// -----

// concat puts both halves side by side: 8 + 6 features.
func.func @bidi_concat_width(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %bk: tensor<4x6xf32>, %br: tensor<6x6xf32>) {
  // expected-error @+1 {{op sequence result must be (batch, timesteps, forward + backward units) = (1, 10, 14), got 'tensor<1x10x16xf32>'}}
  %s = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%bk : tensor<4x6xf32>) recurrent(%br : tensor<6x6xf32>) -> sequence tensor<1x10x16xf32>
  return
}

// -----

// sum keeps the width of one half.
func.func @bidi_sum_width(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op last result must be (batch, units) = (1, 8), got 'tensor<1x16xf32>'}}
  %h = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) {merge_mode = #rnn.merge_mode<sum>} -> last tensor<1x16xf32>
  return
}

// -----

func.func @bidi_none_forward_width(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %bk: tensor<4x6xf32>, %br: tensor<6x6xf32>) {
  // expected-error @+1 {{op forward sequence result must be (batch, timesteps, units) = (1, 10, 8), got 'tensor<1x10x6xf32>'}}
  %s:2 = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%bk : tensor<4x6xf32>) recurrent(%br : tensor<6x6xf32>) {merge_mode = #rnn.merge_mode<none>} -> sequence tensor<1x10x6xf32>, tensor<1x10x8xf32>
  return
}

// -----

func.func @bidi_none_backward_width(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>, %bk: tensor<4x6xf32>, %br: tensor<6x6xf32>) {
  // expected-error @+1 {{op backward last result must be (batch, units) = (1, 6), got 'tensor<1x8xf32>'}}
  %h:2 = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%bk : tensor<4x6xf32>) recurrent(%br : tensor<6x6xf32>) {merge_mode = #rnn.merge_mode<none>} -> last tensor<1x8xf32>, tensor<1x8xf32>
  return
}

// -----

func.func @bidi_result_element_type(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{op last result element type 'f64' differs from the input's 'f32'}}
  %s, %h = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> sequence tensor<1x10x16xf32> last tensor<1x16xf64>
  return
}

// -----

// A string where an #rnn.activation belongs fails the attribute's type constraint.
func.func @bidi_backward_activation_kind(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{attribute 'backward_activation' failed to satisfy constraint: an activation function and its parameters}}
  %s = rnn.bidirectional %x : tensor<1x10x4xf32> forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) {backward_activation = "relu"} -> sequence tensor<1x10x16xf32>
  return
}

//===----------------------------------------------------------------------===//
// rnn.merge
//===----------------------------------------------------------------------===//

// -----

func.func @merge_none(%a: tensor<1x8xf32>) {
  // expected-error @+1 {{'rnn.merge' op mode none keeps the halves apart and merges nothing; use concat, sum, mul or ave}}
  %y = rnn.merge none %a, %a : tensor<1x8xf32>, tensor<1x8xf32> -> tensor<1x8xf32>
  return
}

// -----

func.func @merge_unknown_mode(%a: tensor<1x8xf32>) {
  // expected-error @+1 {{unknown merge mode 'add'; expected concat, sum, mul or ave}}
  %y = rnn.merge add %a, %a : tensor<1x8xf32>, tensor<1x8xf32> -> tensor<1x8xf32>
  return
}

// -----

func.func @merge_rank_mismatch(%a: tensor<1x10x8xf32>, %b: tensor<1x8xf32>) {
  // expected-error @+1 {{'rnn.merge' op operands and result must have the same non-zero rank, got 'tensor<1x10x8xf32>', 'tensor<1x8xf32>' -> 'tensor<1x10x16xf32>'}}
  %y = rnn.merge concat %a, %b : tensor<1x10x8xf32>, tensor<1x8xf32> -> tensor<1x10x16xf32>
  return
}

// -----

func.func @merge_rank_zero(%a: tensor<f32>) {
  // expected-error @+1 {{'rnn.merge' op operands and result must have the same non-zero rank, got 'tensor<f32>', 'tensor<f32>' -> 'tensor<f32>'}}
  %y = rnn.merge sum %a, %a : tensor<f32>, tensor<f32> -> tensor<f32>
  return
}

// -----

func.func @merge_result_rank(%a: tensor<1x8xf32>) {
  // expected-error @+1 {{'rnn.merge' op operands and result must have the same non-zero rank}}
  %y = rnn.merge concat %a, %a : tensor<1x8xf32>, tensor<1x8xf32> -> tensor<16xf32>
  return
}

// -----

func.func @merge_element_type(%a: tensor<1x8xf32>, %b: tensor<1x8xf64>) {
  // expected-error @+1 {{'rnn.merge' op operands and result must have the same element type}}
  %y = rnn.merge sum %a, %b : tensor<1x8xf32>, tensor<1x8xf64> -> tensor<1x8xf32>
  return
}

// -----

func.func @merge_result_element_type(%a: tensor<1x8xf32>) {
  // expected-error @+1 {{'rnn.merge' op operands and result must have the same element type}}
  %y = rnn.merge sum %a, %a : tensor<1x8xf32>, tensor<1x8xf32> -> tensor<1x8xf16>
  return
}

// -----

func.func @merge_leading_dims(%a: tensor<1x10x8xf32>, %b: tensor<1x9x8xf32>) {
  // expected-error @+1 {{'rnn.merge' op dimension 1 differs between 'tensor<1x10x8xf32>', 'tensor<1x9x8xf32>' and 'tensor<1x10x16xf32>'}}
  %y = rnn.merge concat %a, %b : tensor<1x10x8xf32>, tensor<1x9x8xf32> -> tensor<1x10x16xf32>
  return
}

// -----

func.func @merge_result_leading_dims(%a: tensor<?x10x8xf32>) {
  // expected-error @+1 {{'rnn.merge' op dimension 1 differs between 'tensor<?x10x8xf32>', 'tensor<?x10x8xf32>' and 'tensor<?x5x8xf32>'}}
  %y = rnn.merge mul %a, %a : tensor<?x10x8xf32>, tensor<?x10x8xf32> -> tensor<?x5x8xf32>
  return
}

// -----

func.func @merge_dynamic_width(%a: tensor<1x?xf32>, %b: tensor<1x8xf32>) {
  // expected-error @+1 {{'rnn.merge' op the merged (last) dimension must be static}}
  %y = rnn.merge concat %a, %b : tensor<1x?xf32>, tensor<1x8xf32> -> tensor<1x16xf32>
  return
}

// -----

func.func @merge_width_mismatch(%a: tensor<1x8xf32>, %b: tensor<1x6xf32>) {
  // expected-error @+1 {{'rnn.merge' op mode ave needs operands of the same width, got 8 and 6}}
  %y = rnn.merge ave %a, %b : tensor<1x8xf32>, tensor<1x6xf32> -> tensor<1x8xf32>
  return
}

// -----

func.func @merge_concat_result_width(%a: tensor<1x8xf32>, %b: tensor<1x6xf32>) {
  // expected-error @+1 {{'rnn.merge' op result width must be 14, got 16}}
  %y = rnn.merge concat %a, %b : tensor<1x8xf32>, tensor<1x6xf32> -> tensor<1x16xf32>
  return
}

// -----

func.func @merge_sum_result_width(%a: tensor<1x8xf32>) {
  // expected-error @+1 {{'rnn.merge' op result width must be 8, got 16}}
  %y = rnn.merge sum %a, %a : tensor<1x8xf32>, tensor<1x8xf32> -> tensor<1x16xf32>
  return
}

//===----------------------------------------------------------------------===//
// rnn.embedding
//===----------------------------------------------------------------------===//

// -----

func.func @embedding_table_rank(%ids: tensor<?x20xi32>, %t: tensor<1000xf32>) {
  // expected-error @+1 {{'rnn.embedding' op table must be a static, non-empty rank-2 tensor (vocabulary, features), got 'tensor<1000xf32>'}}
  %e = rnn.embedding %ids, %t : tensor<?x20xi32>, tensor<1000xf32> -> tensor<?x20x1xf32>
  return
}

// -----

func.func @embedding_table_dynamic(%ids: tensor<?x20xi32>, %t: tensor<?x16xf32>) {
  // expected-error @+1 {{'rnn.embedding' op table must be a static, non-empty rank-2 tensor (vocabulary, features), got 'tensor<?x16xf32>'}}
  %e = rnn.embedding %ids, %t : tensor<?x20xi32>, tensor<?x16xf32> -> tensor<?x20x16xf32>
  return
}

// -----

func.func @embedding_table_empty(%ids: tensor<?x20xi32>, %t: tensor<0x16xf32>) {
  // expected-error @+1 {{'rnn.embedding' op table must be a static, non-empty rank-2 tensor (vocabulary, features), got 'tensor<0x16xf32>'}}
  %e = rnn.embedding %ids, %t : tensor<?x20xi32>, tensor<0x16xf32> -> tensor<?x20x16xf32>
  return
}

// -----

func.func @embedding_result_shape(%ids: tensor<?x20xi64>, %t: tensor<1000x16xf32>) {
  // expected-error @+1 {{'rnn.embedding' op result must be 'tensor<?x20x16xf32>' (the ids' shape followed by the table's features), got 'tensor<?x20x8xf32>'}}
  %e = rnn.embedding %ids, %t : tensor<?x20xi64>, tensor<1000x16xf32> -> tensor<?x20x8xf32>
  return
}

// -----

func.func @embedding_result_element_type(%ids: tensor<4xi32>, %t: tensor<10x3xf32>) {
  // expected-error @+1 {{'rnn.embedding' op result must be 'tensor<4x3xf32>' (the ids' shape followed by the table's features), got 'tensor<4x3xf64>'}}
  %e = rnn.embedding %ids, %t : tensor<4xi32>, tensor<10x3xf32> -> tensor<4x3xf64>
  return
}

// -----

// A bf16 table (rnn-narrow-weights' form) gives float32 rows, not bf16 ones.
func.func @embedding_bf16_table_result(%ids: tensor<4xi32>, %t: tensor<10x3xbf16>) {
  // expected-error @+1 {{'rnn.embedding' op result must be 'tensor<4x3xf32>' (the ids' shape followed by the table's features), got 'tensor<4x3xbf16>'}}
  %e = rnn.embedding %ids, %t : tensor<4xi32>, tensor<10x3xbf16> -> tensor<4x3xbf16>
  return
}

// -----

func.func @embedding_float_ids(%ids: tensor<4xf32>, %t: tensor<10x3xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xf32>'}}
  %e = rnn.embedding %ids, %t : tensor<4xf32>, tensor<10x3xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @embedding_integer_table(%ids: tensor<4xi32>, %t: tensor<10x3xi8>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of floating-point values, but got 'tensor<10x3xi8>'}}
  %e = rnn.embedding %ids, %t : tensor<4xi32>, tensor<10x3xi8> -> tensor<4x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// rnn.dense
//===----------------------------------------------------------------------===//

// -----

func.func @dense_input_rank(%x: tensor<f32>, %w: tensor<1x1xf32>) {
  // expected-error @+1 {{'rnn.dense' op input must have rank >= 1 and a static last dimension, got 'tensor<f32>'}}
  %y = rnn.dense %x, %w : (tensor<f32>, tensor<1x1xf32>) -> tensor<f32>
  return
}

// -----

func.func @dense_input_dynamic(%x: tensor<2x?xf32>, %w: tensor<8x1xf32>) {
  // expected-error @+1 {{'rnn.dense' op input must have rank >= 1 and a static last dimension, got 'tensor<2x?xf32>'}}
  %y = rnn.dense %x, %w : (tensor<2x?xf32>, tensor<8x1xf32>) -> tensor<2x1xf32>
  return
}

// -----

func.func @dense_kernel_rank(%x: tensor<2x8xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{'rnn.dense' op kernel must be a static rank-2 tensor (in, out), got 'tensor<8xf32>'}}
  %y = rnn.dense %x, %w : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x1xf32>
  return
}

// -----

func.func @dense_kernel_dynamic(%x: tensor<2x8xf32>, %w: tensor<8x?xf32>) {
  // expected-error @+1 {{'rnn.dense' op kernel must be a static rank-2 tensor (in, out), got 'tensor<8x?xf32>'}}
  %y = rnn.dense %x, %w : (tensor<2x8xf32>, tensor<8x?xf32>) -> tensor<2x?xf32>
  return
}

// -----

// A Gemm(transB=1) weight that was not transposed.
func.func @dense_kernel_rows(%x: tensor<2x8xf32>, %w: tensor<3x8xf32>) {
  // expected-error @+1 {{'rnn.dense' op kernel has 3 rows but the input's last dimension is 8}}
  %y = rnn.dense %x, %w : (tensor<2x8xf32>, tensor<3x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @dense_bias_shape(%x: tensor<2x8xf32>, %w: tensor<8x3xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'rnn.dense' op bias must be (out) = (3), got 'tensor<8xf32>'}}
  %y = rnn.dense %x, %w bias %b : (tensor<2x8xf32>, tensor<8x3xf32>, tensor<8xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @dense_kernel_element_type(%x: tensor<2x8xf32>, %w: tensor<8x3xf64>) {
  // expected-error @+1 {{'rnn.dense' op kernel element type 'f64' differs from the input's 'f32'}}
  %y = rnn.dense %x, %w : (tensor<2x8xf32>, tensor<8x3xf64>) -> tensor<2x3xf32>
  return
}

// -----

func.func @dense_bias_element_type(%x: tensor<2x8xf32>, %w: tensor<8x3xf32>, %b: tensor<3xf16>) {
  // expected-error @+1 {{'rnn.dense' op bias element type 'f16' differs from the input's 'f32'}}
  %y = rnn.dense %x, %w bias %b : (tensor<2x8xf32>, tensor<8x3xf32>, tensor<3xf16>) -> tensor<2x3xf32>
  return
}

// -----

func.func @dense_result_element_type(%x: tensor<2x8xf32>, %w: tensor<8x3xf32>) {
  // expected-error @+1 {{'rnn.dense' op result element type 'f64' differs from the input's 'f32'}}
  %y = rnn.dense %x, %w : (tensor<2x8xf32>, tensor<8x3xf32>) -> tensor<2x3xf64>
  return
}

// -----

func.func @dense_result_shape(%x: tensor<?x10x8xf32>, %w: tensor<8x3xf32>) {
  // expected-error @+1 {{'rnn.dense' op result must be 'tensor<?x10x3xf32>', got 'tensor<?x3xf32>'}}
  %y = rnn.dense %x, %w : (tensor<?x10x8xf32>, tensor<8x3xf32>) -> tensor<?x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// rnn.activate
//===----------------------------------------------------------------------===//

// -----

func.func @activate_missing_activation(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'rnn.activate' op requires attribute 'activation'}}
  %y = rnn.activate %x : tensor<2x3xf32>
  return
}

// -----

func.func @activate_result_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'rnn.activate' op requires the same type for all operands and results}}
  %y = "rnn.activate"(%x) <{activation = #rnn.activation<relu>}> : (tensor<2x3xf32>) -> tensor<2x3xf64>
  return
}

//===----------------------------------------------------------------------===//
// rnn.mask
//===----------------------------------------------------------------------===//

// -----

func.func @mask_integer_features(%x: tensor<2x10x4xi32>) {
  // expected-error @+1 {{'rnn.mask' op input must be integer ids (batch, timesteps) or float features (batch, timesteps, features), got 'tensor<2x10x4xi32>'}}
  %m = rnn.mask %x {padding = 0 : i32} : tensor<2x10x4xi32> -> tensor<2x10xi1>
  return
}

// -----

func.func @mask_float_ids(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'rnn.mask' op input must be integer ids (batch, timesteps) or float features (batch, timesteps, features), got 'tensor<2x10xf32>'}}
  %m = rnn.mask %x {padding = 0.0 : f32} : tensor<2x10xf32> -> tensor<2x10xi1>
  return
}

// -----

func.func @mask_padding_type(%x: tensor<2x10xi32>) {
  // expected-error @+1 {{'rnn.mask' op padding type 'i64' differs from the input's element type 'i32'}}
  %m = rnn.mask %x {padding = 0 : i64} : tensor<2x10xi32> -> tensor<2x10xi1>
  return
}

// -----

func.func @mask_padding_float_type(%x: tensor<2x10x4xf32>) {
  // expected-error @+1 {{'rnn.mask' op padding type 'f64' differs from the input's element type 'f32'}}
  %m = rnn.mask %x {padding = 0.0} : tensor<2x10x4xf32> -> tensor<2x10xi1>
  return
}

// -----

func.func @mask_missing_padding(%x: tensor<2x10xi32>) {
  // expected-error @+1 {{'rnn.mask' op requires attribute 'padding'}}
  %m = rnn.mask %x : tensor<2x10xi32> -> tensor<2x10xi1>
  return
}

// -----

func.func @mask_result_shape(%x: tensor<?x10x4xf32>) {
  // expected-error @+1 {{'rnn.mask' op result must be (batch, timesteps) = (?, 10), got 'tensor<?x10x4xi1>'}}
  %m = rnn.mask %x {padding = 0.0 : f32} : tensor<?x10x4xf32> -> tensor<?x10x4xi1>
  return
}

//===----------------------------------------------------------------------===//
// #rnn.activation
//===----------------------------------------------------------------------===//

// -----

func.func @activation_unknown_kind(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{unknown activation 'gelu'; expected one of tanh, sigmoid, relu, linear, affine, leaky_relu, thresholded_relu, scaled_tanh, hard_sigmoid, elu, softsign, softplus, selu}}
  %y = rnn.activate %x {activation = #rnn.activation<gelu>} : tensor<2x3xf32>
  return
}

// -----

func.func @activation_unknown_parameter(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{unknown activation parameter 'gamma'; expected 'alpha' or 'beta'}}
  %y = rnn.activate %x {activation = #rnn.activation<elu, gamma = 1.0>} : tensor<2x3xf32>
  return
}

// -----

func.func @activation_parameter_twice(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{activation parameter 'alpha' given twice}}
  %y = rnn.activate %x {activation = #rnn.activation<affine, alpha = 1.0, alpha = 2.0>} : tensor<2x3xf32>
  return
}

// -----

func.func @activation_missing_alpha(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{activation 'leaky_relu' requires 'alpha'}}
  %y = rnn.activate %x {activation = #rnn.activation<leaky_relu>} : tensor<2x3xf32>
  return
}

// -----

// Defaults are not filled in by the IR: the frontend writes ONNX's or Keras' value.
func.func @activation_missing_alpha_of_two(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{activation 'hard_sigmoid' requires 'alpha'}}
  %y = rnn.activate %x {activation = #rnn.activation<hard_sigmoid, beta = 0.5>} : tensor<2x3xf32>
  return
}

// -----

func.func @activation_missing_beta(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{activation 'scaled_tanh' requires 'beta'}}
  %y = rnn.activate %x {activation = #rnn.activation<scaled_tanh, alpha = 1.0>} : tensor<2x3xf32>
  return
}

// -----

func.func @activation_unexpected_alpha(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{activation 'tanh' takes no 'alpha'}}
  %y = rnn.activate %x {activation = #rnn.activation<tanh, alpha = 1.0>} : tensor<2x3xf32>
  return
}

// -----

func.func @activation_unexpected_beta(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{activation 'elu' takes no 'beta'}}
  %y = rnn.activate %x {activation = #rnn.activation<elu, alpha = 1.0, beta = 1.0>} : tensor<2x3xf32>
  return
}

// -----

func.func @activation_unexpected_beta_alone(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{activation 'selu' takes no 'beta'}}
  %y = rnn.activate %x {activation = #rnn.activation<selu, beta = 1.0>} : tensor<2x3xf32>
  return
}

// -----

func.func @activation_infinite_parameter(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{activation 'thresholded_relu' parameters must be finite}}
  %y = rnn.activate %x {activation = #rnn.activation<thresholded_relu, alpha = 0x7FF0000000000000>} : tensor<2x3xf32>
  return
}

// -----

func.func @activation_nan_parameter(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{activation 'affine' parameters must be finite}}
  %y = rnn.activate %x {activation = #rnn.activation<affine, alpha = 1.0, beta = 0x7FF8000000000000>} : tensor<2x3xf32>
  return
}

// -----

// The attribute is checked wherever it appears, here on a layer.
func.func @activation_on_layer(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+1 {{activation 'elu' requires 'alpha'}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) {activation = #rnn.activation<elu>} -> last tensor<1x8xf32>
  return
}

// -----

func.func @direction_unknown(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+2 {{expected ::mlir::rnn::Direction to be one of: forward, reverse, go_backwards}}
  // expected-error @+1 {{failed to parse RNN_DirectionAttr parameter 'value' which is to be a `::mlir::rnn::Direction`}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) {direction = #rnn.direction<backward>} -> last tensor<1x8xf32>
  return
}

// -----

// A result keyword always takes a type: nothing is dropped silently.
func.func @result_keyword_without_type(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+2 {{expected non-function type}}
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      -> sequence last tensor<1x8xf32>
  return
}

// -----

func.func @no_result_keyword(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>, %r: tensor<8x8xf32>) {
  // expected-error @+3 {{expected 'sequence <type>' and/or 'last <type>'}}
  rnn.simple_rnn %x : tensor<1x10x4xf32> kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      ->
  return
}

// -----

func.func @dense_zero_outputs(%x: tensor<2x8xf32>, %w: tensor<8x0xf32>) {
  // expected-error @+1 {{'rnn.dense' op kernel must have at least one output column}}
  %y = rnn.dense %x, %w : (tensor<2x8xf32>, tensor<8x0xf32>) -> tensor<2x0xf32>
  return
}
