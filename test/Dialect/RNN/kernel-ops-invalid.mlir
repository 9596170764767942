// Every rule the rnn.matmul and rnn.recurrence verifiers enforce, one case per split, each
// with the message a user sees.
// RUN: rnn-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// Buffer form (both ops)
//===----------------------------------------------------------------------===//

func.func @mixed_tensor_memref(%x: tensor<2x4xf32>, %w: memref<1x4x8xf32>, %y: tensor<2x8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op operands must be all tensors or all memrefs}}
  %r = rnn.matmul %x : tensor<2x4xf32>, %w : memref<1x4x8xf32> outs(%y : tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @mixed_recurrence(%r: tensor<1x8x8xf32>, %seq: memref<1x10x8xf32>, %last: memref<1x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op operands must be all tensors or all memrefs}}
  rnn.recurrence %r : tensor<1x8x8xf32> outs(%seq : memref<1x10x8xf32>, %last : memref<1x8xf32>)
  return
}

// -----

func.func @memref_with_result(%x: memref<2x4xf32>, %w: memref<1x4x8xf32>, %y: memref<2x8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op has no results on memrefs}}
  %r = rnn.matmul %x : memref<2x4xf32>, %w : memref<1x4x8xf32> outs(%y : memref<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @tensor_matmul_without_result(%x: tensor<2x4xf32>, %w: tensor<1x4x8xf32>, %y: tensor<2x8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op on tensors has one result per init (1), got 0}}
  rnn.matmul %x : tensor<2x4xf32>, %w : tensor<1x4x8xf32> outs(%y : tensor<2x8xf32>)
  return
}

// -----

func.func @tensor_recurrence_one_result(%r: tensor<1x8x8xf32>, %seq: tensor<1x10x8xf32>, %last: tensor<1x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op on tensors has one result per init (2), got 1}}
  %s = rnn.recurrence %r : tensor<1x8x8xf32> outs(%seq : tensor<1x10x8xf32>, %last : tensor<1x8xf32>) -> tensor<1x10x8xf32>
  return
}

// -----

func.func @result_type_differs(%x: tensor<?x4xf32>, %w: tensor<1x4x8xf32>, %y: tensor<?x8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op result type 'tensor<2x8xf32>' differs from its init's 'tensor<?x8xf32>'}}
  %r = rnn.matmul %x : tensor<?x4xf32>, %w : tensor<1x4x8xf32> outs(%y : tensor<?x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @recurrence_result_type_differs(%r: tensor<1x8x8xf32>, %seq: tensor<1x10x8xf32>, %last: tensor<1x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op result type 'tensor<1x8xf64>' differs from its init's 'tensor<1x8xf32>'}}
  %s:2 = rnn.recurrence %r : tensor<1x8x8xf32> outs(%seq : tensor<1x10x8xf32>, %last : tensor<1x8xf32>) -> tensor<1x10x8xf32>, tensor<1x8xf64>
  return
}

// -----

func.func @element_type_mismatch(%x: tensor<2x4xf16>, %w: tensor<1x4x8xf32>, %y: tensor<2x8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op float operands must share one element type}}
  %r = rnn.matmul %x : tensor<2x4xf16>, %w : tensor<1x4x8xf32> outs(%y : tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @recurrence_element_type_mismatch(%r: memref<1x8x8xf64>, %seq: memref<1x10x8xf32>, %last: memref<1x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op weights must be 'f32', or bf16 or i8 once packed, got 'f64'}}
  rnn.recurrence %r : memref<1x8x8xf64> outs(%seq : memref<1x10x8xf32>, %last : memref<1x8xf32>)
  return
}

// -----

func.func @bf16_weights_unpacked(%r: tensor<8x8xbf16>, %seq: tensor<1x10x8xf32>, %last: tensor<1x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op weights must be 'f32', or bf16 or i8 once packed, got 'bf16'}}
  %s:2 = rnn.recurrence %r : tensor<8x8xbf16> outs(%seq : tensor<1x10x8xf32>, %last : tensor<1x8xf32>) -> tensor<1x10x8xf32>, tensor<1x8xf32>
  return
}

// -----

func.func @i8_weights_unpacked(%r: tensor<8x8xi8>, %seq: tensor<1x10x8xf32>, %last: tensor<1x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op weights must be 'f32', or bf16 or i8 once packed, got 'i8'}}
  %s:2 = rnn.recurrence %r : tensor<8x8xi8> outs(%seq : tensor<1x10x8xf32>, %last : tensor<1x8xf32>) -> tensor<1x10x8xf32>, tensor<1x8xf32>
  return
}

// -----

// int8 panels end with 4 rows of scale bytes.
func.func @i8_weights_without_scales(%x: tensor<2x4xf32>, %w: tensor<1x4x8xi8>, %y: tensor<2x8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op packed weights must be (1, 8, 8) for K = 4, N = 8 and 4 scale rows (or 12 rows: int8-dot's quads, scale and sum rows), got 'tensor<1x4x8xi8>'}}
  %r = rnn.matmul %x : tensor<2x4xf32>, %w : tensor<1x4x8xi8> outs(%y : tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// bf16 panels store their rows in pairs: an odd K is padded to the next even count.
func.func @bf16_weights_odd_rows(%x: tensor<2x5xf32>, %w: tensor<1x5x8xbf16>, %y: tensor<2x8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op packed weights must be (1, 6, 8) for K = 5, N = 8 (bf16 rows in whole pairs), got 'tensor<1x5x8xbf16>'}}
  %r = rnn.matmul %x : tensor<2x5xf32>, %w : tensor<1x5x8xbf16> outs(%y : tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @bf16_gated_odd_rows(%r: memref<4x3x16xbf16>, %p: memref<1x3x12xf32>, %seq: memref<1x3x3xf32>, %last: memref<1x3xf32>, %cell: memref<1x3xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op packed weights must be (4, 4, 16) for 4 gates of 3 units (bf16 rows in whole pairs), got 'memref<4x3x16xbf16>'}}
  rnn.gated_recurrence <lstm> %r : memref<4x3x16xbf16> projection(%p : memref<1x3x12xf32>)
      outs(%seq : memref<1x3x3xf32>, %last : memref<1x3xf32>) cell(%cell : memref<1x3xf32>)
  return
}

// -----

func.func @i8_gated_without_scales(%r: memref<4x2x2xi8>, %p: memref<1x3x8xf32>, %seq: memref<1x3x2xf32>, %last: memref<1x2xf32>, %cell: memref<1x2xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op packed weights must be (4, 6, 2) for 4 gates of 2 units and 4 scale rows (or 12 rows: int8-dot's quads, scale and sum rows), got 'memref<4x2x2xi8>'}}
  rnn.gated_recurrence <lstm> %r : memref<4x2x2xi8> projection(%p : memref<1x3x8xf32>)
      outs(%seq : memref<1x3x2xf32>, %last : memref<1x2xf32>) cell(%cell : memref<1x2xf32>)
  return
}

// -----

func.func @bf16_weights_f64_operands(%x: tensor<2x4xf64>, %w: tensor<1x4x8xbf16>, %y: tensor<2x8xf64>) {
  // expected-error @+1 {{'rnn.matmul' op weights must be 'f64', got 'bf16'}}
  %r = rnn.matmul %x : tensor<2x4xf64>, %w : tensor<1x4x8xbf16> outs(%y : tensor<2x8xf64>) -> tensor<2x8xf64>
  return
}

//===----------------------------------------------------------------------===//
// rnn.matmul shapes
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_lhs_rank1(%x: tensor<4xf32>, %w: tensor<1x4x8xf32>, %y: tensor<8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op lhs must be (rows..., K) with a static K, got 'tensor<4xf32>'}}
  %r = rnn.matmul %x : tensor<4xf32>, %w : tensor<1x4x8xf32> outs(%y : tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @matmul_lhs_dynamic_k(%x: tensor<2x?xf32>, %w: tensor<1x4x8xf32>, %y: tensor<2x8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op lhs must be (rows..., K) with a static K, got 'tensor<2x?xf32>'}}
  %r = rnn.matmul %x : tensor<2x?xf32>, %w : tensor<1x4x8xf32> outs(%y : tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @matmul_init_rank(%x: tensor<2x10x4xf32>, %w: tensor<1x4x8xf32>, %y: tensor<20x8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op init must be (rows..., N) with the lhs' rank and a static N, got 'tensor<20x8xf32>'}}
  %r = rnn.matmul %x : tensor<2x10x4xf32>, %w : tensor<1x4x8xf32> outs(%y : tensor<20x8xf32>) -> tensor<20x8xf32>
  return
}

// -----

func.func @matmul_init_dynamic_n(%x: memref<2x4xf32>, %w: memref<1x4x8xf32>, %y: memref<2x?xf32>) {
  // expected-error @+1 {{'rnn.matmul' op init must be (rows..., N) with the lhs' rank and a static N, got 'memref<2x?xf32>'}}
  rnn.matmul %x : memref<2x4xf32>, %w : memref<1x4x8xf32> outs(%y : memref<2x?xf32>)
  return
}

// -----

func.func @matmul_init_rows(%x: tensor<2x10x4xf32>, %w: tensor<1x4x8xf32>, %y: tensor<2x9x8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op init dimension 1 differs from the lhs': 'tensor<2x9x8xf32>' vs 'tensor<2x10x4xf32>'}}
  %r = rnn.matmul %x : tensor<2x10x4xf32>, %w : tensor<1x4x8xf32> outs(%y : tensor<2x9x8xf32>) -> tensor<2x9x8xf32>
  return
}

// -----

func.func @matmul_bias_shape(%x: tensor<2x4xf32>, %w: tensor<1x4x8xf32>, %b: tensor<4xf32>, %y: tensor<2x8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op bias must be (8), got 'tensor<4xf32>'}}
  %r = rnn.matmul %x : tensor<2x4xf32>, %w : tensor<1x4x8xf32> bias(%b : tensor<4xf32>) outs(%y : tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @matmul_bias_dynamic(%x: tensor<2x4xf32>, %w: tensor<1x4x8xf32>, %b: tensor<?xf32>, %y: tensor<2x8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op bias must be (8), got 'tensor<?xf32>'}}
  %r = rnn.matmul %x : tensor<2x4xf32>, %w : tensor<1x4x8xf32> bias(%b : tensor<?xf32>) outs(%y : tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Unpacked (K, N) weights are not accepted by rnn.matmul.
func.func @matmul_unpacked_weights(%x: tensor<2x4xf32>, %w: tensor<4x8xf32>, %y: tensor<2x8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op packed weights must be a static rank-3 shape (blocks, K, vector_width), got 'tensor<4x8xf32>'}}
  %r = rnn.matmul %x : tensor<2x4xf32>, %w : tensor<4x8xf32> outs(%y : tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @matmul_dynamic_weights(%x: tensor<2x4xf32>, %w: tensor<?x4x8xf32>, %y: tensor<2x8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op packed weights must be a static rank-3 shape (blocks, K, vector_width), got 'tensor<?x4x8xf32>'}}
  %r = rnn.matmul %x : tensor<2x4xf32>, %w : tensor<?x4x8xf32> outs(%y : tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @matmul_zero_vector_width(%x: tensor<2x4xf32>, %w: tensor<1x4x0xf32>, %y: tensor<2x8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op packed weights must be a static rank-3 shape (blocks, K, vector_width), got 'tensor<1x4x0xf32>'}}
  %r = rnn.matmul %x : tensor<2x4xf32>, %w : tensor<1x4x0xf32> outs(%y : tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// N = 33 with a vector width of 16 needs 3 panels.
func.func @matmul_packed_blocks(%x: tensor<2x4xf32>, %w: tensor<2x4x16xf32>, %y: tensor<2x33xf32>) {
  // expected-error @+1 {{'rnn.matmul' op packed weights must be (3, 4, 16) for K = 4, N = 33, got 'tensor<2x4x16xf32>'}}
  %r = rnn.matmul %x : tensor<2x4xf32>, %w : tensor<2x4x16xf32> outs(%y : tensor<2x33xf32>) -> tensor<2x33xf32>
  return
}

// -----

func.func @matmul_packed_k(%x: memref<2x4xf32>, %w: memref<1x5x8xf32>, %y: memref<2x8xf32>) {
  // expected-error @+1 {{'rnn.matmul' op packed weights must be (1, 4, 8) for K = 4, N = 8, got 'memref<1x5x8xf32>'}}
  rnn.matmul %x : memref<2x4xf32>, %w : memref<1x5x8xf32> outs(%y : memref<2x8xf32>)
  return
}

//===----------------------------------------------------------------------===//
// rnn.recurrence rules
//===----------------------------------------------------------------------===//

// -----

func.func @recurrence_go_backwards(%r: tensor<1x8x8xf32>, %seq: tensor<1x10x8xf32>, %last: tensor<1x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op direction go_backwards is lowered to reverse plus a time flip before this op}}
  %s:2 = rnn.recurrence %r : tensor<1x8x8xf32> outs(%seq : tensor<1x10x8xf32>, %last : tensor<1x8xf32>)
      {direction = #rnn.direction<go_backwards>} -> tensor<1x10x8xf32>, tensor<1x8xf32>
  return
}

// -----

func.func @recurrence_sequence_rank(%r: memref<1x8x8xf32>, %seq: memref<10x8xf32>, %last: memref<1x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op sequence must be (batch, timesteps, units) with static units, got 'memref<10x8xf32>'}}
  rnn.recurrence %r : memref<1x8x8xf32> outs(%seq : memref<10x8xf32>, %last : memref<1x8xf32>)
  return
}

// -----

func.func @recurrence_sequence_dynamic_units(%r: memref<1x8x8xf32>, %seq: memref<1x10x?xf32>, %last: memref<1x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op sequence must be (batch, timesteps, units) with static units, got 'memref<1x10x?xf32>'}}
  rnn.recurrence %r : memref<1x8x8xf32> outs(%seq : memref<1x10x?xf32>, %last : memref<1x8xf32>)
  return
}

// -----

func.func @recurrence_last_units(%r: memref<1x8x8xf32>, %seq: memref<1x10x8xf32>, %last: memref<1x4xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op last must be (batch, 8), got 'memref<1x4xf32>'}}
  rnn.recurrence %r : memref<1x8x8xf32> outs(%seq : memref<1x10x8xf32>, %last : memref<1x4xf32>)
  return
}

// -----

func.func @recurrence_last_batch(%r: memref<1x8x8xf32>, %seq: memref<2x10x8xf32>, %last: memref<3x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op last must be (batch, 8), got 'memref<3x8xf32>'}}
  rnn.recurrence %r : memref<1x8x8xf32> outs(%seq : memref<2x10x8xf32>, %last : memref<3x8xf32>)
  return
}

// -----

func.func @recurrence_initial_state(%r: memref<1x8x8xf32>, %h0: memref<2x7xf32>, %seq: memref<2x10x8xf32>, %last: memref<2x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op initial state must be (batch, 8), got 'memref<2x7xf32>'}}
  rnn.recurrence %r : memref<1x8x8xf32> initial_state(%h0 : memref<2x7xf32>) outs(%seq : memref<2x10x8xf32>, %last : memref<2x8xf32>)
  return
}

// -----

func.func @recurrence_lengths_and_mask(%r: memref<1x8x8xf32>, %len: memref<2xi32>, %m: memref<2x10xi1>, %seq: memref<2x10x8xf32>, %last: memref<2x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op takes either 'lengths' or 'mask', not both}}
  rnn.recurrence %r : memref<1x8x8xf32> lengths(%len : memref<2xi32>) mask(%m : memref<2x10xi1>) outs(%seq : memref<2x10x8xf32>, %last : memref<2x8xf32>)
  return
}

// -----

func.func @recurrence_lengths_batch(%r: memref<1x8x8xf32>, %len: memref<3xi32>, %seq: memref<2x10x8xf32>, %last: memref<2x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op lengths must be (batch), got 'memref<3xi32>'}}
  rnn.recurrence %r : memref<1x8x8xf32> lengths(%len : memref<3xi32>) outs(%seq : memref<2x10x8xf32>, %last : memref<2x8xf32>)
  return
}

// -----

func.func @recurrence_lengths_rank(%r: tensor<1x8x8xf32>, %len: tensor<2x1xi64>, %seq: tensor<2x10x8xf32>, %last: tensor<2x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op lengths must be (batch), got 'tensor<2x1xi64>'}}
  %s:2 = rnn.recurrence %r : tensor<1x8x8xf32> lengths(%len : tensor<2x1xi64>) outs(%seq : tensor<2x10x8xf32>, %last : tensor<2x8xf32>) -> tensor<2x10x8xf32>, tensor<2x8xf32>
  return
}

// -----

func.func @recurrence_mask_timesteps(%r: memref<1x8x8xf32>, %m: memref<2x9xi1>, %seq: memref<2x10x8xf32>, %last: memref<2x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op mask must be (batch, timesteps), got 'memref<2x9xi1>'}}
  rnn.recurrence %r : memref<1x8x8xf32> mask(%m : memref<2x9xi1>) outs(%seq : memref<2x10x8xf32>, %last : memref<2x8xf32>)
  return
}

// -----

func.func @recurrence_mask_batch(%r: memref<1x8x8xf32>, %m: memref<3x10xi1>, %seq: memref<2x10x8xf32>, %last: memref<2x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op mask must be (batch, timesteps), got 'memref<3x10xi1>'}}
  rnn.recurrence %r : memref<1x8x8xf32> mask(%m : memref<3x10xi1>) outs(%seq : memref<2x10x8xf32>, %last : memref<2x8xf32>)
  return
}

// -----

func.func @recurrence_clip_zero(%r: memref<1x8x8xf32>, %seq: memref<1x10x8xf32>, %last: memref<1x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op clip must be a positive finite number}}
  rnn.recurrence %r : memref<1x8x8xf32> outs(%seq : memref<1x10x8xf32>, %last : memref<1x8xf32>) {clip = 0.0 : f32}
  return
}

// -----

func.func @recurrence_clip_infinite(%r: memref<1x8x8xf32>, %seq: memref<1x10x8xf32>, %last: memref<1x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op clip must be a positive finite number}}
  rnn.recurrence %r : memref<1x8x8xf32> outs(%seq : memref<1x10x8xf32>, %last : memref<1x8xf32>) {clip = 0x7F800000 : f32}
  return
}

// -----

func.func @recurrence_unpacked_shape(%r: tensor<8x4xf32>, %seq: tensor<1x10x8xf32>, %last: tensor<1x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op recurrent kernel must be (8, 8), got 'tensor<8x4xf32>'}}
  %s:2 = rnn.recurrence %r : tensor<8x4xf32> outs(%seq : tensor<1x10x8xf32>, %last : tensor<1x8xf32>) -> tensor<1x10x8xf32>, tensor<1x8xf32>
  return
}

// -----

// 8 units with a vector width of 4 need 2 panels.
func.func @recurrence_packed_shape(%r: memref<1x8x4xf32>, %seq: memref<1x10x8xf32>, %last: memref<1x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op packed weights must be (2, 8, 4) for K = 8, N = 8, got 'memref<1x8x4xf32>'}}
  rnn.recurrence %r : memref<1x8x4xf32> outs(%seq : memref<1x10x8xf32>, %last : memref<1x8xf32>)
  return
}

// -----

func.func @recurrence_kernel_rank(%r: memref<1x1x8x8xf32>, %seq: memref<1x10x8xf32>, %last: memref<1x8xf32>) {
  // expected-error @+1 {{'rnn.recurrence' op packed weights must be a static rank-3 shape (blocks, K, vector_width), got 'memref<1x1x8x8xf32>'}}
  rnn.recurrence %r : memref<1x1x8x8xf32> outs(%seq : memref<1x10x8xf32>, %last : memref<1x8xf32>)
  return
}

// -----

func.func @gated_projection(%r: tensor<2x8xf32>, %p: tensor<1x10x6xf32>, %s: tensor<1x10x2xf32>, %l: tensor<1x2xf32>, %c: tensor<1x2xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op projection must be (batch, timesteps, 8) for 4 gates of 2 units, got 'tensor<1x10x6xf32>'}}
  %o:3 = rnn.gated_recurrence <lstm> %r : tensor<2x8xf32> projection(%p : tensor<1x10x6xf32>) outs(%s : tensor<1x10x2xf32>, %l : tensor<1x2xf32>) cell(%c : tensor<1x2xf32>) -> tensor<1x10x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>
  return
}

// -----

func.func @gated_lstm_without_cell(%r: tensor<2x8xf32>, %p: tensor<1x10x8xf32>, %s: tensor<1x10x2xf32>, %l: tensor<1x2xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op needs 'cell' for an lstm cell}}
  %o:2 = rnn.gated_recurrence <lstm> %r : tensor<2x8xf32> projection(%p : tensor<1x10x8xf32>) outs(%s : tensor<1x10x2xf32>, %l : tensor<1x2xf32>) -> tensor<1x10x2xf32>, tensor<1x2xf32>
  return
}

// -----

func.func @gated_gru_with_cell(%r: tensor<2x6xf32>, %p: tensor<1x10x6xf32>, %s: tensor<1x10x2xf32>, %l: tensor<1x2xf32>, %c: tensor<1x2xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op takes no 'cell' for a gru cell}}
  %o:3 = rnn.gated_recurrence <gru> %r : tensor<2x6xf32> projection(%p : tensor<1x10x6xf32>) outs(%s : tensor<1x10x2xf32>, %l : tensor<1x2xf32>) cell(%c : tensor<1x2xf32>) {reset_after} -> tensor<1x10x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>
  return
}

// -----

func.func @gated_gru_without_scratch(%r: tensor<2x6xf32>, %p: tensor<1x10x6xf32>, %s: tensor<1x10x2xf32>, %l: tensor<1x2xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op needs 'scratch' for a gru cell without reset_after}}
  %o:2 = rnn.gated_recurrence <gru> %r : tensor<2x6xf32> projection(%p : tensor<1x10x6xf32>) outs(%s : tensor<1x10x2xf32>, %l : tensor<1x2xf32>) -> tensor<1x10x2xf32>, tensor<1x2xf32>
  return
}

// -----

func.func @gated_recurrent_bias_before(%r: tensor<2x6xf32>, %p: tensor<1x10x6xf32>, %b: tensor<2xf32>, %s: tensor<1x10x2xf32>, %l: tensor<1x2xf32>, %x: tensor<1x2xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op takes no 'recurrent_bias' for a gru cell without reset_after}}
  %o:3 = rnn.gated_recurrence <gru> %r : tensor<2x6xf32> projection(%p : tensor<1x10x6xf32>) recurrent_bias(%b : tensor<2xf32>) outs(%s : tensor<1x10x2xf32>, %l : tensor<1x2xf32>) scratch(%x : tensor<1x2xf32>) -> tensor<1x10x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>
  return
}

// -----

func.func @gated_gru_peepholes(%r: memref<2x6xf32>, %p: memref<1x10x6xf32>, %peep: memref<6xf32>, %s: memref<1x10x2xf32>, %l: memref<1x2xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op takes no 'peepholes' for a gru cell}}
  rnn.gated_recurrence <gru> %r : memref<2x6xf32> projection(%p : memref<1x10x6xf32>) peepholes(%peep : memref<6xf32>) outs(%s : memref<1x10x2xf32>, %l : memref<1x2xf32>) {reset_after}
  return
}

// -----

func.func @gated_gru_input_forget(%r: memref<2x6xf32>, %p: memref<1x10x6xf32>, %s: memref<1x10x2xf32>, %l: memref<1x2xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op input_forget and output_activation are attributes of an lstm cell}}
  rnn.gated_recurrence <gru> %r : memref<2x6xf32> projection(%p : memref<1x10x6xf32>) outs(%s : memref<1x10x2xf32>, %l : memref<1x2xf32>) {reset_after, input_forget}
  return
}

// -----

func.func @gated_lstm_reset_after(%r: memref<2x8xf32>, %p: memref<1x10x8xf32>, %s: memref<1x10x2xf32>, %l: memref<1x2xf32>, %c: memref<1x2xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op reset_after is an attribute of a gru cell}}
  rnn.gated_recurrence <lstm> %r : memref<2x8xf32> projection(%p : memref<1x10x8xf32>) outs(%s : memref<1x10x2xf32>, %l : memref<1x2xf32>) cell(%c : memref<1x2xf32>) {reset_after}
  return
}

// -----

func.func @gated_peepholes_shape(%r: memref<2x8xf32>, %p: memref<1x10x8xf32>, %peep: memref<2xf32>, %s: memref<1x10x2xf32>, %l: memref<1x2xf32>, %c: memref<1x2xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op peepholes must be (6), got 'memref<2xf32>'}}
  rnn.gated_recurrence <lstm> %r : memref<2x8xf32> projection(%p : memref<1x10x8xf32>) peepholes(%peep : memref<2xf32>) outs(%s : memref<1x10x2xf32>, %l : memref<1x2xf32>) cell(%c : memref<1x2xf32>)
  return
}

// -----

func.func @gated_recurrent_bias_shape(%r: memref<2x6xf32>, %p: memref<1x10x6xf32>, %b: memref<6xf32>, %s: memref<1x10x2xf32>, %l: memref<1x2xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op recurrent bias must be (2), got 'memref<6xf32>'}}
  rnn.gated_recurrence <gru> %r : memref<2x6xf32> projection(%p : memref<1x10x6xf32>) recurrent_bias(%b : memref<6xf32>) outs(%s : memref<1x10x2xf32>, %l : memref<1x2xf32>) {reset_after}
  return
}

// -----

func.func @gated_cell_shape(%r: memref<2x8xf32>, %p: memref<1x10x8xf32>, %s: memref<1x10x2xf32>, %l: memref<1x2xf32>, %c: memref<1x3xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op last cell must be (batch, 2), got 'memref<1x3xf32>'}}
  rnn.gated_recurrence <lstm> %r : memref<2x8xf32> projection(%p : memref<1x10x8xf32>) outs(%s : memref<1x10x2xf32>, %l : memref<1x2xf32>) cell(%c : memref<1x3xf32>)
  return
}

// -----

func.func @gated_go_backwards(%r: memref<2x8xf32>, %p: memref<1x10x8xf32>, %s: memref<1x10x2xf32>, %l: memref<1x2xf32>, %c: memref<1x2xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op direction go_backwards is lowered to reverse plus a time flip before this op}}
  rnn.gated_recurrence <lstm> %r : memref<2x8xf32> projection(%p : memref<1x10x8xf32>) outs(%s : memref<1x10x2xf32>, %l : memref<1x2xf32>) cell(%c : memref<1x2xf32>) {direction = #rnn.direction<go_backwards>}
  return
}

// -----

func.func @gated_recurrent_shape(%r: memref<2x6xf32>, %p: memref<1x10x8xf32>, %s: memref<1x10x2xf32>, %l: memref<1x2xf32>, %c: memref<1x2xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op recurrent kernel must be (2, 8), got 'memref<2x6xf32>'}}
  rnn.gated_recurrence <lstm> %r : memref<2x6xf32> projection(%p : memref<1x10x8xf32>) outs(%s : memref<1x10x2xf32>, %l : memref<1x2xf32>) cell(%c : memref<1x2xf32>)
  return
}

// -----

func.func @gated_packed_shape(%r: memref<1x2x4xf32>, %p: memref<1x10x8xf32>, %s: memref<1x10x2xf32>, %l: memref<1x2xf32>, %c: memref<1x2xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op packed weights must be (4, 2, 4) for 4 gates of 2 units, got 'memref<1x2x4xf32>'}}
  rnn.gated_recurrence <lstm> %r : memref<1x2x4xf32> projection(%p : memref<1x10x8xf32>) outs(%s : memref<1x10x2xf32>, %l : memref<1x2xf32>) cell(%c : memref<1x2xf32>)
  return
}

// -----

func.func @gated_lengths_and_mask(%r: memref<2x8xf32>, %p: memref<1x10x8xf32>, %len: memref<1xi32>, %m: memref<1x10xi1>, %s: memref<1x10x2xf32>, %l: memref<1x2xf32>, %c: memref<1x2xf32>) {
  // expected-error @+1 {{'rnn.gated_recurrence' op takes either 'lengths' or 'mask', not both}}
  rnn.gated_recurrence <lstm> %r : memref<2x8xf32> projection(%p : memref<1x10x8xf32>) lengths(%len : memref<1xi32>) mask(%m : memref<1x10xi1>) outs(%s : memref<1x10x2xf32>, %l : memref<1x2xf32>) cell(%c : memref<1x2xf32>)
  return
}
