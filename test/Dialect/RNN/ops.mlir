// Round trip of every `rnn` op and attribute: the custom form prints what it parsed, defaults
// are elided, and the generic form parses back to the same custom form.
// RUN: rnn-opt %s | rnn-opt | FileCheck %s
// RUN: rnn-opt %s -mlir-print-op-generic | rnn-opt | FileCheck %s

//===----------------------------------------------------------------------===//
// rnn.simple_rnn
//===----------------------------------------------------------------------===//

// The smallest layer: no optional operand, only the last state.
// CHECK-LABEL: func.func @simple_rnn_minimal
// CHECK: rnn.simple_rnn %arg0 : tensor<1x10x4xf32> kernel(%arg1 : tensor<4x8xf32>) recurrent(%arg2 : tensor<8x8xf32>) -> last tensor<1x8xf32>
func.func @simple_rnn_minimal(%x: tensor<1x10x4xf32>, %wx: tensor<4x8xf32>, %wh: tensor<8x8xf32>)
    -> tensor<1x8xf32> {
  %h = rnn.simple_rnn %x : tensor<1x10x4xf32>
      kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>)
      -> last tensor<1x8xf32>
  return %h : tensor<1x8xf32>
}

// Spelling out the defaults (tanh, forward) prints the same op as leaving them out.
// CHECK-LABEL: func.func @simple_rnn_explicit_defaults
// CHECK: rnn.simple_rnn %arg0 : tensor<1x10x4xf32> kernel(%arg1 : tensor<4x8xf32>) recurrent(%arg2 : tensor<8x8xf32>) -> sequence tensor<1x10x8xf32>
func.func @simple_rnn_explicit_defaults(%x: tensor<1x10x4xf32>, %wx: tensor<4x8xf32>,
                                       %wh: tensor<8x8xf32>) -> tensor<1x10x8xf32> {
  %s = rnn.simple_rnn %x : tensor<1x10x4xf32>
      kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>)
      {activation = #rnn.activation<tanh>, direction = #rnn.direction<forward>}
      -> sequence tensor<1x10x8xf32>
  return %s : tensor<1x10x8xf32>
}

// Every optional operand and both results, in the printed order bias, initial_state, lengths;
// clip survives as an f32 attribute.
// CHECK-LABEL: func.func @simple_rnn_all_operands
// CHECK: %sequence, %last_state = rnn.simple_rnn %arg0 : tensor<?x10x4xf32> kernel(%arg1 : tensor<4x8xf32>) recurrent(%arg2 : tensor<8x8xf32>) bias(%arg3 : tensor<8xf32>) initial_state(%arg4 : tensor<?x8xf32>) lengths(%arg5 : tensor<?xi32>) {clip = 5.000000e+00 : f32} -> sequence tensor<?x10x8xf32> last tensor<?x8xf32>
// CHECK: return %sequence, %last_state
func.func @simple_rnn_all_operands(%x: tensor<?x10x4xf32>, %wx: tensor<4x8xf32>,
                                   %wh: tensor<8x8xf32>, %b: tensor<8xf32>,
                                   %h0: tensor<?x8xf32>, %len: tensor<?xi32>)
    -> (tensor<?x10x8xf32>, tensor<?x8xf32>) {
  %s, %h = rnn.simple_rnn %x : tensor<?x10x4xf32>
      kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>) bias(%b : tensor<8xf32>)
      initial_state(%h0 : tensor<?x8xf32>) lengths(%len : tensor<?xi32>) {clip = 5.0 : f32}
      -> sequence tensor<?x10x8xf32> last tensor<?x8xf32>
  return %s, %h : tensor<?x10x8xf32>, tensor<?x8xf32>
}

// The non-default directions print as enum attributes; i64 lengths are accepted with reverse.
// CHECK-LABEL: func.func @simple_rnn_directions
// CHECK: rnn.simple_rnn %arg0 : {{.*}} lengths(%arg3 : tensor<2xi64>) {direction = #rnn.direction<reverse>} -> sequence tensor<2x10x8xf32>
// CHECK: rnn.simple_rnn %arg0 : {{.*}} {direction = #rnn.direction<go_backwards>} -> sequence tensor<2x10x8xf32>
func.func @simple_rnn_directions(%x: tensor<2x10x4xf32>, %wx: tensor<4x8xf32>,
                                 %wh: tensor<8x8xf32>, %len: tensor<2xi64>)
    -> (tensor<2x10x8xf32>, tensor<2x10x8xf32>) {
  %r = rnn.simple_rnn %x : tensor<2x10x4xf32>
      kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>) lengths(%len : tensor<2xi64>)
      {direction = #rnn.direction<reverse>} -> sequence tensor<2x10x8xf32>
  %g = rnn.simple_rnn %x : tensor<2x10x4xf32>
      kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>)
      {direction = #rnn.direction<go_backwards>} -> sequence tensor<2x10x8xf32>
  return %r, %g : tensor<2x10x8xf32>, tensor<2x10x8xf32>
}

// A Keras mask (i1, batch x timesteps) is a separate operand from lengths and may be combined
// with go_backwards.
// CHECK-LABEL: func.func @simple_rnn_mask
// CHECK: rnn.simple_rnn %arg0 : tensor<?x?x4xf32> kernel(%arg1 : tensor<4x8xf32>) recurrent(%arg2 : tensor<8x8xf32>) mask(%arg3 : tensor<?x?xi1>) {direction = #rnn.direction<go_backwards>} -> last tensor<?x8xf32>
func.func @simple_rnn_mask(%x: tensor<?x?x4xf32>, %wx: tensor<4x8xf32>, %wh: tensor<8x8xf32>,
                           %m: tensor<?x?xi1>) -> tensor<?x8xf32> {
  %h = rnn.simple_rnn %x : tensor<?x?x4xf32>
      kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>) mask(%m : tensor<?x?xi1>)
      {direction = #rnn.direction<go_backwards>} -> last tensor<?x8xf32>
  return %h : tensor<?x8xf32>
}

// Dynamic batch and time stay dynamic in the operands and both results; a static initial-state
// batch is compatible with a dynamic input batch.
// CHECK-LABEL: func.func @simple_rnn_dynamic
// CHECK: rnn.simple_rnn %arg0 : tensor<?x?x4xf32> {{.*}} initial_state(%arg4 : tensor<3x8xf32>) -> sequence tensor<?x?x8xf32> last tensor<?x8xf32>
func.func @simple_rnn_dynamic(%x: tensor<?x?x4xf32>, %wx: tensor<4x8xf32>, %wh: tensor<8x8xf32>,
                              %b: tensor<8xf32>, %h0: tensor<3x8xf32>)
    -> (tensor<?x?x8xf32>, tensor<?x8xf32>) {
  %s, %h = rnn.simple_rnn %x : tensor<?x?x4xf32>
      kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>) bias(%b : tensor<8xf32>)
      initial_state(%h0 : tensor<3x8xf32>)
      -> sequence tensor<?x?x8xf32> last tensor<?x8xf32>
  return %s, %h : tensor<?x?x8xf32>, tensor<?x8xf32>
}

// f64 and f16 layers: the element type is free as long as every operand and result agrees;
// clip stays f32 whatever the element type.
// CHECK-LABEL: func.func @simple_rnn_f64_f16
// CHECK: rnn.simple_rnn %arg0 : tensor<1x5x3xf64> kernel(%arg1 : tensor<3x2xf64>) recurrent(%arg2 : tensor<2x2xf64>) bias(%arg3 : tensor<2xf64>) -> last tensor<1x2xf64>
// CHECK: rnn.simple_rnn %arg4 : tensor<1x5x3xf16> kernel(%arg5 : tensor<3x2xf16>) recurrent(%arg6 : tensor<2x2xf16>) {activation = #rnn.activation<relu>, clip = 2.500000e+00 : f32} -> sequence tensor<1x5x2xf16>
func.func @simple_rnn_f64_f16(%x: tensor<1x5x3xf64>, %wx: tensor<3x2xf64>, %wh: tensor<2x2xf64>,
                              %b: tensor<2xf64>, %y: tensor<1x5x3xf16>, %vx: tensor<3x2xf16>,
                              %vh: tensor<2x2xf16>) -> (tensor<1x2xf64>, tensor<1x5x2xf16>) {
  %h = rnn.simple_rnn %x : tensor<1x5x3xf64>
      kernel(%wx : tensor<3x2xf64>) recurrent(%wh : tensor<2x2xf64>) bias(%b : tensor<2xf64>)
      -> last tensor<1x2xf64>
  %s = rnn.simple_rnn %y : tensor<1x5x3xf16>
      kernel(%vx : tensor<3x2xf16>) recurrent(%vh : tensor<2x2xf16>)
      {activation = #rnn.activation<relu>, clip = 2.5 : f32} -> sequence tensor<1x5x2xf16>
  return %h, %s : tensor<1x2xf64>, tensor<1x5x2xf16>
}

// Parameterised activations survive on a layer, and on a layer with an ONNX-style clip.
// CHECK-LABEL: func.func @simple_rnn_activations
// CHECK: {activation = #rnn.activation<scaled_tanh, alpha = 1.700000e+00, beta = 6.660000e-01>} -> last
// CHECK: {activation = #rnn.activation<hard_sigmoid, alpha = 2.000000e-01, beta = 5.000000e-01>, clip = 1.000000e+00 : f32, direction = #rnn.direction<reverse>} -> last
func.func @simple_rnn_activations(%x: tensor<1x10x4xf32>, %wx: tensor<4x8xf32>,
                                  %wh: tensor<8x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  %a = rnn.simple_rnn %x : tensor<1x10x4xf32>
      kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>)
      {activation = #rnn.activation<scaled_tanh, alpha = 1.7, beta = 0.666>} -> last tensor<1x8xf32>
  %b = rnn.simple_rnn %x : tensor<1x10x4xf32>
      kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>)
      {activation = #rnn.activation<hard_sigmoid, alpha = 0.2, beta = 0.5>,
       direction = #rnn.direction<reverse>, clip = 1.0 : f32} -> last tensor<1x8xf32>
  return %a, %b : tensor<1x8xf32>, tensor<1x8xf32>
}

//===----------------------------------------------------------------------===//
// #rnn.activation (on rnn.activate)
//===----------------------------------------------------------------------===//

// Every activation kind prints with exactly the parameters it takes; parameters given beta
// first print alpha first, and negative parameters keep their sign.
// CHECK-LABEL: func.func @activation_kinds
// CHECK: rnn.activate %arg0 {activation = #rnn.activation<tanh>} : tensor<?x10x8xf32>
// CHECK: {activation = #rnn.activation<sigmoid>}
// CHECK: {activation = #rnn.activation<relu>}
// CHECK: {activation = #rnn.activation<linear>}
// CHECK: {activation = #rnn.activation<affine, alpha = -2.500000e+00, beta = 1.000000e+00>}
// CHECK: {activation = #rnn.activation<leaky_relu, alpha = 1.000000e-02>}
// CHECK: {activation = #rnn.activation<thresholded_relu, alpha = 1.000000e+00>}
// CHECK: {activation = #rnn.activation<scaled_tanh, alpha = 1.000000e+00, beta = 1.000000e+00>}
// CHECK: {activation = #rnn.activation<hard_sigmoid, alpha = 2.000000e-01, beta = 5.000000e-01>}
// CHECK: {activation = #rnn.activation<elu, alpha = 1.000000e+00>}
// CHECK: {activation = #rnn.activation<softsign>}
// CHECK: {activation = #rnn.activation<softplus>}
// CHECK: {activation = #rnn.activation<selu>}
func.func @activation_kinds(%x: tensor<?x10x8xf32>) -> tensor<?x10x8xf32> {
  %0 = rnn.activate %x {activation = #rnn.activation<tanh>} : tensor<?x10x8xf32>
  %1 = rnn.activate %0 {activation = #rnn.activation<sigmoid>} : tensor<?x10x8xf32>
  %2 = rnn.activate %1 {activation = #rnn.activation<relu>} : tensor<?x10x8xf32>
  %3 = rnn.activate %2 {activation = #rnn.activation<linear>} : tensor<?x10x8xf32>
  %4 = rnn.activate %3 {activation = #rnn.activation<affine, beta = 1.0, alpha = -2.5>} : tensor<?x10x8xf32>
  %5 = rnn.activate %4 {activation = #rnn.activation<leaky_relu, alpha = 0.01>} : tensor<?x10x8xf32>
  %6 = rnn.activate %5 {activation = #rnn.activation<thresholded_relu, alpha = 1.0>} : tensor<?x10x8xf32>
  %7 = rnn.activate %6 {activation = #rnn.activation<scaled_tanh, alpha = 1.0, beta = 1.0>} : tensor<?x10x8xf32>
  %8 = rnn.activate %7 {activation = #rnn.activation<hard_sigmoid, alpha = 0.2, beta = 0.5>} : tensor<?x10x8xf32>
  %9 = rnn.activate %8 {activation = #rnn.activation<elu, alpha = 1.0>} : tensor<?x10x8xf32>
  %10 = rnn.activate %9 {activation = #rnn.activation<softsign>} : tensor<?x10x8xf32>
  %11 = rnn.activate %10 {activation = #rnn.activation<softplus>} : tensor<?x10x8xf32>
  %12 = rnn.activate %11 {activation = #rnn.activation<selu>} : tensor<?x10x8xf32>
  return %12 : tensor<?x10x8xf32>
}

// rnn.activate has no default activation, so even tanh is printed; it works on any rank and
// on f64.
// CHECK-LABEL: func.func @activate_ranks
// CHECK: rnn.activate %arg0 {activation = #rnn.activation<tanh>} : tensor<f64>
// CHECK: rnn.activate %arg1 {activation = #rnn.activation<relu>} : tensor<?x3xf64>
func.func @activate_ranks(%s: tensor<f64>, %m: tensor<?x3xf64>) -> (tensor<f64>, tensor<?x3xf64>) {
  %0 = rnn.activate %s {activation = #rnn.activation<tanh>} : tensor<f64>
  %1 = rnn.activate %m {activation = #rnn.activation<relu>} : tensor<?x3xf64>
  return %0, %1 : tensor<f64>, tensor<?x3xf64>
}

//===----------------------------------------------------------------------===//
// rnn.bidirectional
//===----------------------------------------------------------------------===//

// Default merge_mode (concat) is elided and the merged width is the sum of both halves; each
// half keeps its own bias and initial state.
// CHECK-LABEL: func.func @bidirectional_concat_sequence
// CHECK: %sequences = rnn.bidirectional %arg0 : tensor<1x10x4xf32> forward kernel(%arg1 : tensor<4x8xf32>) recurrent(%arg2 : tensor<8x8xf32>) bias(%arg3 : tensor<8xf32>) initial_state(%arg4 : tensor<1x8xf32>) backward kernel(%arg5 : tensor<4x6xf32>) recurrent(%arg6 : tensor<6x6xf32>) bias(%arg7 : tensor<6xf32>) initial_state(%arg8 : tensor<1x6xf32>) -> sequence tensor<1x10x14xf32>
// CHECK: return %sequences
func.func @bidirectional_concat_sequence(
    %x: tensor<1x10x4xf32>,
    %fk: tensor<4x8xf32>, %fr: tensor<8x8xf32>, %fb: tensor<8xf32>, %fh: tensor<1x8xf32>,
    %bk: tensor<4x6xf32>, %br: tensor<6x6xf32>, %bb: tensor<6xf32>, %bh: tensor<1x6xf32>)
    -> tensor<1x10x14xf32> {
  %y = rnn.bidirectional %x : tensor<1x10x4xf32>
      forward kernel(%fk : tensor<4x8xf32>) recurrent(%fr : tensor<8x8xf32>) bias(%fb : tensor<8xf32>)
          initial_state(%fh : tensor<1x8xf32>)
      backward kernel(%bk : tensor<4x6xf32>) recurrent(%br : tensor<6x6xf32>) bias(%bb : tensor<6xf32>)
          initial_state(%bh : tensor<1x6xf32>)
      {merge_mode = #rnn.merge_mode<concat>}
      -> sequence tensor<1x10x14xf32>
  return %y : tensor<1x10x14xf32>
}

// concat with the last states only, and with both results.
// CHECK-LABEL: func.func @bidirectional_concat_last_and_both
// CHECK: %last_states = rnn.bidirectional {{.*}} -> last tensor<?x16xf32>
// CHECK: %sequences, %last_states_0 = rnn.bidirectional {{.*}} -> sequence tensor<?x?x16xf32> last tensor<?x16xf32>
func.func @bidirectional_concat_last_and_both(%x: tensor<?x?x4xf32>, %k: tensor<4x8xf32>,
                                              %r: tensor<8x8xf32>)
    -> (tensor<?x16xf32>, tensor<?x?x16xf32>, tensor<?x16xf32>) {
  %h = rnn.bidirectional %x : tensor<?x?x4xf32>
      forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      -> last tensor<?x16xf32>
  %s, %l = rnn.bidirectional %x : tensor<?x?x4xf32>
      forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      -> sequence tensor<?x?x16xf32> last tensor<?x16xf32>
  return %h, %s, %l : tensor<?x16xf32>, tensor<?x?x16xf32>, tensor<?x16xf32>
}

// sum, mul and ave keep the width of one half, for sequence only, last only, and both.
// CHECK-LABEL: func.func @bidirectional_elementwise_modes
// CHECK: {merge_mode = #rnn.merge_mode<sum>} -> sequence tensor<2x10x8xf32>
// CHECK: {merge_mode = #rnn.merge_mode<mul>} -> last tensor<2x8xf32>
// CHECK: {merge_mode = #rnn.merge_mode<ave>} -> sequence tensor<2x10x8xf32> last tensor<2x8xf32>
func.func @bidirectional_elementwise_modes(%x: tensor<2x10x4xf32>, %k: tensor<4x8xf32>,
                                           %r: tensor<8x8xf32>)
    -> (tensor<2x10x8xf32>, tensor<2x8xf32>, tensor<2x10x8xf32>, tensor<2x8xf32>) {
  %sum = rnn.bidirectional %x : tensor<2x10x4xf32>
      forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      {merge_mode = #rnn.merge_mode<sum>} -> sequence tensor<2x10x8xf32>
  %mul = rnn.bidirectional %x : tensor<2x10x4xf32>
      forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      {merge_mode = #rnn.merge_mode<mul>} -> last tensor<2x8xf32>
  %ave:2 = rnn.bidirectional %x : tensor<2x10x4xf32>
      forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      {merge_mode = #rnn.merge_mode<ave>} -> sequence tensor<2x10x8xf32> last tensor<2x8xf32>
  return %sum, %mul, %ave#0, %ave#1
      : tensor<2x10x8xf32>, tensor<2x8xf32>, tensor<2x10x8xf32>, tensor<2x8xf32>
}

// merge_mode none returns the halves apart, forward first, each with its own width: two
// sequences, two last states, or all four.
// CHECK-LABEL: func.func @bidirectional_none
// CHECK: %sequences:2 = rnn.bidirectional {{.*}} {merge_mode = #rnn.merge_mode<none>} -> sequence tensor<1x10x8xf32>, tensor<1x10x6xf32>
// CHECK: %last_states:2 = rnn.bidirectional {{.*}} {merge_mode = #rnn.merge_mode<none>} -> last tensor<1x8xf32>, tensor<1x6xf32>
// CHECK: %sequences_0:2, %last_states_1:2 = rnn.bidirectional {{.*}} {merge_mode = #rnn.merge_mode<none>} -> sequence tensor<1x10x8xf32>, tensor<1x10x6xf32> last tensor<1x8xf32>, tensor<1x6xf32>
func.func @bidirectional_none(%x: tensor<1x10x4xf32>, %fk: tensor<4x8xf32>, %fr: tensor<8x8xf32>,
                              %bk: tensor<4x6xf32>, %br: tensor<6x6xf32>)
    -> (tensor<1x10x8xf32>, tensor<1x6xf32>, tensor<1x6xf32>) {
  %s:2 = rnn.bidirectional %x : tensor<1x10x4xf32>
      forward kernel(%fk : tensor<4x8xf32>) recurrent(%fr : tensor<8x8xf32>)
      backward kernel(%bk : tensor<4x6xf32>) recurrent(%br : tensor<6x6xf32>)
      {merge_mode = #rnn.merge_mode<none>} -> sequence tensor<1x10x8xf32>, tensor<1x10x6xf32>
  %l:2 = rnn.bidirectional %x : tensor<1x10x4xf32>
      forward kernel(%fk : tensor<4x8xf32>) recurrent(%fr : tensor<8x8xf32>)
      backward kernel(%bk : tensor<4x6xf32>) recurrent(%br : tensor<6x6xf32>)
      {merge_mode = #rnn.merge_mode<none>} -> last tensor<1x8xf32>, tensor<1x6xf32>
  %bs:2, %bl:2 = rnn.bidirectional %x : tensor<1x10x4xf32>
      forward kernel(%fk : tensor<4x8xf32>) recurrent(%fr : tensor<8x8xf32>)
      backward kernel(%bk : tensor<4x6xf32>) recurrent(%br : tensor<6x6xf32>)
      {merge_mode = #rnn.merge_mode<none>}
      -> sequence tensor<1x10x8xf32>, tensor<1x10x6xf32> last tensor<1x8xf32>, tensor<1x6xf32>
  return %s#0, %l#1, %bl#1 : tensor<1x10x8xf32>, tensor<1x6xf32>, tensor<1x6xf32>
}

// The halves can use different activations (ONNX `activations` per direction); the shared
// activation is elided when it is the default, backward_activation is always printed.
// CHECK-LABEL: func.func @bidirectional_backward_activation
// CHECK: {backward_activation = #rnn.activation<relu>} -> sequence tensor<1x10x16xf32>
// CHECK: {activation = #rnn.activation<leaky_relu, alpha = 1.000000e-01>, backward_activation = #rnn.activation<hard_sigmoid, alpha = 2.000000e-01, beta = 5.000000e-01>, clip = 3.000000e+00 : f32} -> last tensor<1x16xf32>
func.func @bidirectional_backward_activation(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>,
                                             %r: tensor<8x8xf32>)
    -> (tensor<1x10x16xf32>, tensor<1x16xf32>) {
  %s = rnn.bidirectional %x : tensor<1x10x4xf32>
      forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      {backward_activation = #rnn.activation<relu>} -> sequence tensor<1x10x16xf32>
  %l = rnn.bidirectional %x : tensor<1x10x4xf32>
      forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      {activation = #rnn.activation<leaky_relu, alpha = 0.1>,
       backward_activation = #rnn.activation<hard_sigmoid, alpha = 0.2, beta = 0.5>,
       clip = 3.0 : f32} -> last tensor<1x16xf32>
  return %s, %l : tensor<1x10x16xf32>, tensor<1x16xf32>
}

// lengths (i64) and mask are shared by both halves and print after the backward weights.
// CHECK-LABEL: func.func @bidirectional_lengths_mask
// CHECK: backward kernel(%arg1 : tensor<4x8xf32>) recurrent(%arg2 : tensor<8x8xf32>) lengths(%arg3 : tensor<?xi64>) -> sequence tensor<?x?x16xf32>
// CHECK: backward kernel(%arg1 : tensor<4x8xf32>) recurrent(%arg2 : tensor<8x8xf32>) mask(%arg4 : tensor<?x?xi1>) {merge_mode = #rnn.merge_mode<sum>} -> last tensor<?x8xf32>
func.func @bidirectional_lengths_mask(%x: tensor<?x?x4xf32>, %k: tensor<4x8xf32>,
                                      %r: tensor<8x8xf32>, %len: tensor<?xi64>,
                                      %m: tensor<?x?xi1>)
    -> (tensor<?x?x16xf32>, tensor<?x8xf32>) {
  %s = rnn.bidirectional %x : tensor<?x?x4xf32>
      forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      lengths(%len : tensor<?xi64>) -> sequence tensor<?x?x16xf32>
  %l = rnn.bidirectional %x : tensor<?x?x4xf32>
      forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      mask(%m : tensor<?x?xi1>) {merge_mode = #rnn.merge_mode<sum>} -> last tensor<?x8xf32>
  return %s, %l : tensor<?x?x16xf32>, tensor<?x8xf32>
}

// A bidirectional layer in f64 with biases on both halves.
// CHECK-LABEL: func.func @bidirectional_f64
// CHECK: rnn.bidirectional %arg0 : tensor<3x7x2xf64> forward kernel(%arg1 : tensor<2x4xf64>) recurrent(%arg2 : tensor<4x4xf64>) bias(%arg3 : tensor<4xf64>) backward kernel(%arg1 : tensor<2x4xf64>) recurrent(%arg2 : tensor<4x4xf64>) bias(%arg3 : tensor<4xf64>) {merge_mode = #rnn.merge_mode<ave>} -> sequence tensor<3x7x4xf64>
func.func @bidirectional_f64(%x: tensor<3x7x2xf64>, %k: tensor<2x4xf64>, %r: tensor<4x4xf64>,
                             %b: tensor<4xf64>) -> tensor<3x7x4xf64> {
  %s = rnn.bidirectional %x : tensor<3x7x2xf64>
      forward kernel(%k : tensor<2x4xf64>) recurrent(%r : tensor<4x4xf64>) bias(%b : tensor<4xf64>)
      backward kernel(%k : tensor<2x4xf64>) recurrent(%r : tensor<4x4xf64>) bias(%b : tensor<4xf64>)
      {merge_mode = #rnn.merge_mode<ave>} -> sequence tensor<3x7x4xf64>
  return %s : tensor<3x7x4xf64>
}

//===----------------------------------------------------------------------===//
// rnn.merge
//===----------------------------------------------------------------------===//

// The mode prints as a bare keyword, not as an attribute; concat adds the widths, the
// element-wise modes keep them; dynamic leading dimensions are allowed.
// CHECK-LABEL: func.func @merge_modes
// CHECK: rnn.merge concat %arg0, %arg1 : tensor<?x10x8xf32>, tensor<?x10x6xf32> -> tensor<?x10x14xf32>
// CHECK: rnn.merge sum %arg0, %arg0 : tensor<?x10x8xf32>, tensor<?x10x8xf32> -> tensor<?x10x8xf32>
// CHECK: rnn.merge mul %arg2, %arg2 : tensor<2x8xf16>, tensor<2x8xf16> -> tensor<2x8xf16>
// CHECK: rnn.merge ave %arg0, %arg0 : tensor<?x10x8xf32>, tensor<?x10x8xf32> -> tensor<?x10x8xf32>
func.func @merge_modes(%a: tensor<?x10x8xf32>, %b: tensor<?x10x6xf32>, %c: tensor<2x8xf16>)
    -> (tensor<?x10x14xf32>, tensor<?x10x8xf32>, tensor<2x8xf16>, tensor<?x10x8xf32>) {
  %0 = rnn.merge concat %a, %b : tensor<?x10x8xf32>, tensor<?x10x6xf32> -> tensor<?x10x14xf32>
  %1 = rnn.merge sum %a, %a : tensor<?x10x8xf32>, tensor<?x10x8xf32> -> tensor<?x10x8xf32>
  %2 = rnn.merge mul %c, %c : tensor<2x8xf16>, tensor<2x8xf16> -> tensor<2x8xf16>
  %3 = rnn.merge ave %a, %a : tensor<?x10x8xf32>, tensor<?x10x8xf32> -> tensor<?x10x8xf32>
  return %0, %1, %2, %3 : tensor<?x10x14xf32>, tensor<?x10x8xf32>, tensor<2x8xf16>, tensor<?x10x8xf32>
}

// rnn.merge reassembles the two halves of a merge_mode none layer.
// CHECK-LABEL: func.func @merge_bidirectional_halves
// CHECK: %[[HALVES:.*]]:2 = rnn.bidirectional
// CHECK: rnn.merge concat %[[HALVES]]#0, %[[HALVES]]#1 : tensor<1x10x8xf32>, tensor<1x10x8xf32> -> tensor<1x10x16xf32>
func.func @merge_bidirectional_halves(%x: tensor<1x10x4xf32>, %k: tensor<4x8xf32>,
                                      %r: tensor<8x8xf32>) -> tensor<1x10x16xf32> {
  %s:2 = rnn.bidirectional %x : tensor<1x10x4xf32>
      forward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      backward kernel(%k : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      {merge_mode = #rnn.merge_mode<none>} -> sequence tensor<1x10x8xf32>, tensor<1x10x8xf32>
  %y = rnn.merge concat %s#0, %s#1 : tensor<1x10x8xf32>, tensor<1x10x8xf32> -> tensor<1x10x16xf32>
  return %y : tensor<1x10x16xf32>
}

//===----------------------------------------------------------------------===//
// rnn.embedding
//===----------------------------------------------------------------------===//

// i32 and i64 ids; the result is the ids' shape (dynamic dims included) followed by the
// table's features.
// CHECK-LABEL: func.func @embedding
// CHECK: rnn.embedding %arg0, %arg2 : tensor<?x20xi32>, tensor<1000x16xf32> -> tensor<?x20x16xf32>
// CHECK: rnn.embedding %arg1, %arg3 : tensor<4xi64>, tensor<50x3xf64> -> tensor<4x3xf64>
func.func @embedding(%ids32: tensor<?x20xi32>, %ids64: tensor<4xi64>, %t: tensor<1000x16xf32>,
                     %u: tensor<50x3xf64>) -> (tensor<?x20x16xf32>, tensor<4x3xf64>) {
  %0 = rnn.embedding %ids32, %t : tensor<?x20xi32>, tensor<1000x16xf32> -> tensor<?x20x16xf32>
  %1 = rnn.embedding %ids64, %u : tensor<4xi64>, tensor<50x3xf64> -> tensor<4x3xf64>
  return %0, %1 : tensor<?x20x16xf32>, tensor<4x3xf64>
}

//===----------------------------------------------------------------------===//
// rnn.dense
//===----------------------------------------------------------------------===//

// Dense on (batch, features) with bias and a non-default activation; the bias operand is
// introduced by the `bias` keyword.
// CHECK-LABEL: func.func @dense_rank2
// CHECK: rnn.dense %arg0, %arg1 bias %arg2 {activation = #rnn.activation<sigmoid>} : (tensor<?x8xf32>, tensor<8x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
func.func @dense_rank2(%h: tensor<?x8xf32>, %w: tensor<8x1xf32>, %b: tensor<1xf32>)
    -> tensor<?x1xf32> {
  %y = rnn.dense %h, %w bias %b {activation = #rnn.activation<sigmoid>}
      : (tensor<?x8xf32>, tensor<8x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  return %y : tensor<?x1xf32>
}

// TimeDistributed(Dense) is the same op on (batch, timesteps, features); without bias and with
// the default (linear) activation nothing but the operands is printed.
// CHECK-LABEL: func.func @dense_rank3
// CHECK: rnn.dense %arg0, %arg1 : (tensor<?x?x8xf32>, tensor<8x5xf32>) -> tensor<?x?x5xf32>
// CHECK: rnn.dense %arg2, %arg3 bias %arg4 {activation = #rnn.activation<elu, alpha = 1.000000e+00>} : (tensor<2x10x8xf64>, tensor<8x5xf64>, tensor<5xf64>) -> tensor<2x10x5xf64>
func.func @dense_rank3(%x: tensor<?x?x8xf32>, %w: tensor<8x5xf32>, %y: tensor<2x10x8xf64>,
                       %v: tensor<8x5xf64>, %c: tensor<5xf64>)
    -> (tensor<?x?x5xf32>, tensor<2x10x5xf64>) {
  %0 = rnn.dense %x, %w {activation = #rnn.activation<linear>}
      : (tensor<?x?x8xf32>, tensor<8x5xf32>) -> tensor<?x?x5xf32>
  %1 = rnn.dense %y, %v bias %c {activation = #rnn.activation<elu, alpha = 1.0>}
      : (tensor<2x10x8xf64>, tensor<8x5xf64>, tensor<5xf64>) -> tensor<2x10x5xf64>
  return %0, %1 : tensor<?x?x5xf32>, tensor<2x10x5xf64>
}

//===----------------------------------------------------------------------===//
// rnn.mask
//===----------------------------------------------------------------------===//

// Embedding-style masks on i32 / i64 ids and Masking-style masks on float features; padding
// keeps the input's element type.
// CHECK-LABEL: func.func @mask
// CHECK: rnn.mask %arg0 {padding = 0 : i32} : tensor<?x20xi32> -> tensor<?x20xi1>
// CHECK: rnn.mask %arg1 {padding = 3 : i64} : tensor<2x5xi64> -> tensor<2x5xi1>
// CHECK: rnn.mask %arg2 {padding = 0.000000e+00 : f32} : tensor<?x?x4xf32> -> tensor<?x?xi1>
// CHECK: rnn.mask %arg3 {padding = -1.000000e+00 : f16} : tensor<1x7x2xf16> -> tensor<1x7xi1>
func.func @mask(%a: tensor<?x20xi32>, %b: tensor<2x5xi64>, %c: tensor<?x?x4xf32>,
                %d: tensor<1x7x2xf16>)
    -> (tensor<?x20xi1>, tensor<2x5xi1>, tensor<?x?xi1>, tensor<1x7xi1>) {
  %0 = rnn.mask %a {padding = 0 : i32} : tensor<?x20xi32> -> tensor<?x20xi1>
  %1 = rnn.mask %b {padding = 3 : i64} : tensor<2x5xi64> -> tensor<2x5xi1>
  %2 = rnn.mask %c {padding = 0.0 : f32} : tensor<?x?x4xf32> -> tensor<?x?xi1>
  %3 = rnn.mask %d {padding = -1.0 : f16} : tensor<1x7x2xf16> -> tensor<1x7xi1>
  return %0, %1, %2, %3 : tensor<?x20xi1>, tensor<2x5xi1>, tensor<?x?xi1>, tensor<1x7xi1>
}

//===----------------------------------------------------------------------===//
// Models: chains of ops
//===----------------------------------------------------------------------===//

// A 3-layer stacked RNN is a chain of layers: each layer reads the previous one's sequence,
// and only the last returns its final state.
// CHECK-LABEL: func.func @stacked_three_layers
// CHECK: %[[S1:.*]] = rnn.simple_rnn %arg0 : tensor<?x?x4xf32> kernel(%arg1 : tensor<4x16xf32>) {{.*}} -> sequence tensor<?x?x16xf32>
// CHECK: %[[S2:.*]] = rnn.simple_rnn %[[S1]] : tensor<?x?x16xf32> kernel(%arg3 : tensor<16x16xf32>) {{.*}} -> sequence tensor<?x?x16xf32>
// CHECK: %[[H:.*]] = rnn.simple_rnn %[[S2]] : tensor<?x?x16xf32> kernel(%arg4 : tensor<16x8xf32>) {{.*}} -> last tensor<?x8xf32>
// CHECK: return %[[H]]
func.func @stacked_three_layers(%x: tensor<?x?x4xf32>, %k1: tensor<4x16xf32>,
                                %r1: tensor<16x16xf32>, %k2: tensor<16x16xf32>,
                                %k3: tensor<16x8xf32>, %r3: tensor<8x8xf32>)
    -> tensor<?x8xf32> {
  %s1 = rnn.simple_rnn %x : tensor<?x?x4xf32>
      kernel(%k1 : tensor<4x16xf32>) recurrent(%r1 : tensor<16x16xf32>)
      -> sequence tensor<?x?x16xf32>
  %s2 = rnn.simple_rnn %s1 : tensor<?x?x16xf32>
      kernel(%k2 : tensor<16x16xf32>) recurrent(%r1 : tensor<16x16xf32>)
      {activation = #rnn.activation<relu>} -> sequence tensor<?x?x16xf32>
  %h = rnn.simple_rnn %s2 : tensor<?x?x16xf32>
      kernel(%k3 : tensor<16x8xf32>) recurrent(%r3 : tensor<8x8xf32>)
      -> last tensor<?x8xf32>
  return %h : tensor<?x8xf32>
}

// A whole text classifier: embedding, the mask_zero mask feeding the layer, a Dense head and
// an upstream softmax; every link passes its value on.
// CHECK-LABEL: func.func @text_classifier
// CHECK: %[[E:.*]] = rnn.embedding %arg0, %arg1
// CHECK: %[[M:.*]] = rnn.mask %arg0 {padding = 0 : i32}
// CHECK: %[[H:.*]] = rnn.simple_rnn %[[E]] : tensor<?x20x16xf32> {{.*}} mask(%[[M]] : tensor<?x20xi1>) -> last tensor<?x8xf32>
// CHECK: %[[D:.*]] = rnn.dense %[[H]], %arg4 bias %arg5
// CHECK: linalg.softmax dimension(1) ins(%[[D]] : tensor<?x3xf32>)
func.func @text_classifier(%ids: tensor<?x20xi32>, %table: tensor<1000x16xf32>,
                           %k: tensor<16x8xf32>, %r: tensor<8x8xf32>, %w: tensor<8x3xf32>,
                           %b: tensor<3xf32>, %out: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %e = rnn.embedding %ids, %table : tensor<?x20xi32>, tensor<1000x16xf32> -> tensor<?x20x16xf32>
  %m = rnn.mask %ids {padding = 0 : i32} : tensor<?x20xi32> -> tensor<?x20xi1>
  %h = rnn.simple_rnn %e : tensor<?x20x16xf32>
      kernel(%k : tensor<16x8xf32>) recurrent(%r : tensor<8x8xf32>) mask(%m : tensor<?x20xi1>)
      -> last tensor<?x8xf32>
  %logits = rnn.dense %h, %w bias %b : (tensor<?x8xf32>, tensor<8x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %p = linalg.softmax dimension(1) ins(%logits : tensor<?x3xf32>) outs(%out : tensor<?x3xf32>)
      -> tensor<?x3xf32>
  return %p : tensor<?x3xf32>
}

// Weights as dense_resource constants: the layer takes them like any other value and the
// blobs (4-byte alignment header, then little-endian f32) survive the round trip.
// CHECK-LABEL: func.func @resource_weights
// CHECK: %[[K:.*]] = arith.constant dense_resource<rnn_kernel> : tensor<4x2xf32>
// CHECK: %[[R:.*]] = arith.constant dense_resource<rnn_recurrent> : tensor<2x2xf32>
// CHECK: %[[B:.*]] = arith.constant dense_resource<rnn_bias> : tensor<2xf32>
// CHECK: rnn.simple_rnn %arg0 : tensor<1x10x4xf32> kernel(%[[K]] : tensor<4x2xf32>) recurrent(%[[R]] : tensor<2x2xf32>) bias(%[[B]] : tensor<2xf32>) -> sequence tensor<1x10x2xf32>
func.func @resource_weights(%x: tensor<1x10x4xf32>) -> tensor<1x10x2xf32> {
  %k = arith.constant dense_resource<rnn_kernel> : tensor<4x2xf32>
  %r = arith.constant dense_resource<rnn_recurrent> : tensor<2x2xf32>
  %b = arith.constant dense_resource<rnn_bias> : tensor<2xf32>
  %s = rnn.simple_rnn %x : tensor<1x10x4xf32>
      kernel(%k : tensor<4x2xf32>) recurrent(%r : tensor<2x2xf32>) bias(%b : tensor<2xf32>)
      -> sequence tensor<1x10x2xf32>
  return %s : tensor<1x10x2xf32>
}

// Weights as inline dense constants work the same way.
// CHECK-LABEL: func.func @dense_weights
// CHECK: %[[K:.*]] = arith.constant dense<{{.*}}> : tensor<2x2xf32>
// CHECK: %[[R:.*]] = arith.constant dense<{{.*}}> : tensor<2x2xf32>
// CHECK: rnn.simple_rnn %arg0 : tensor<1x3x2xf32> kernel(%[[K]] : tensor<2x2xf32>) recurrent(%[[R]] : tensor<2x2xf32>) -> last tensor<1x2xf32>
func.func @dense_weights(%x: tensor<1x3x2xf32>) -> tensor<1x2xf32> {
  %k = arith.constant dense<[[0.5, -0.25], [0.125, 1.0]]> : tensor<2x2xf32>
  %r = arith.constant dense<[[0.1, 0.0], [0.0, 0.1]]> : tensor<2x2xf32>
  %h = rnn.simple_rnn %x : tensor<1x3x2xf32>
      kernel(%k : tensor<2x2xf32>) recurrent(%r : tensor<2x2xf32>) -> last tensor<1x2xf32>
  return %h : tensor<1x2xf32>
}

// The resource section is printed back with the bytes unchanged.
// CHECK: dialect_resources
// CHECK-DAG: rnn_kernel: "0x0400000000000000022B073D1B2FDD3D04560E3E17D94E3E6666663E5EBA893E4E62903E"
// CHECK-DAG: rnn_recurrent: "0x04000000CDCC4C3E83C04A3EA69B443E5A643B3E"
// CHECK-DAG: rnn_bias: "0x040000000AD7233C0AD7A3BC"

{-#
  dialect_resources: {
    builtin: {
      rnn_kernel: "0x0400000000000000022B073D1B2FDD3D04560E3E17D94E3E6666663E5EBA893E4E62903E",
      rnn_recurrent: "0x04000000CDCC4C3E83C04A3EA69B443E5A643B3E",
      rnn_bias: "0x040000000AD7233C0AD7A3BC"
    }
  }
#-}
