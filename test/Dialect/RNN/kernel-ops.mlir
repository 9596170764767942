// Round trip of the kernel ops rnn.matmul and rnn.recurrence, on tensors (destination style,
// one result per init) and on memrefs (no results): the custom form prints what it parsed,
// defaults are elided, and the generic form parses back to the same custom form.
// RUN: rnn-opt %s | rnn-opt | FileCheck %s
// RUN: rnn-opt %s -mlir-print-op-generic | rnn-opt | FileCheck %s

//===----------------------------------------------------------------------===//
// rnn.matmul
//===----------------------------------------------------------------------===//

// Tensor form without bias: the default linear activation is not printed.
// CHECK-LABEL: func.func @matmul_tensor
// CHECK: %[[R:.*]] = rnn.matmul %arg0 : tensor<?x4xf32>, %arg1 : tensor<1x4x8xf32> outs(%arg2 : tensor<?x8xf32>) -> tensor<?x8xf32>
// CHECK: return %[[R]]
func.func @matmul_tensor(%x: tensor<?x4xf32>, %w: tensor<1x4x8xf32>, %init: tensor<?x8xf32>)
    -> tensor<?x8xf32> {
  %r = rnn.matmul %x : tensor<?x4xf32>, %w : tensor<1x4x8xf32> outs(%init : tensor<?x8xf32>)
      {activation = #rnn.activation<linear>} -> tensor<?x8xf32>
  return %r : tensor<?x8xf32>
}

// Tensor form over (batch, timesteps, K) rows with a bias and an activation; N = 33 packed in
// three panels of 16.
// CHECK-LABEL: func.func @matmul_tensor_bias
// CHECK: rnn.matmul %arg0 : tensor<?x10x4xf32>, %arg1 : tensor<3x4x16xf32> bias(%arg2 : tensor<33xf32>) outs(%arg3 : tensor<?x10x33xf32>) {activation = #rnn.activation<leaky_relu, alpha = 1.000000e-01>} -> tensor<?x10x33xf32>
func.func @matmul_tensor_bias(%x: tensor<?x10x4xf32>, %w: tensor<3x4x16xf32>, %b: tensor<33xf32>,
                              %init: tensor<?x10x33xf32>) -> tensor<?x10x33xf32> {
  %r = rnn.matmul %x : tensor<?x10x4xf32>, %w : tensor<3x4x16xf32> bias(%b : tensor<33xf32>)
      outs(%init : tensor<?x10x33xf32>) {activation = #rnn.activation<leaky_relu, alpha = 0.1>}
      -> tensor<?x10x33xf32>
  return %r : tensor<?x10x33xf32>
}

// Memref form: no results, no arrow.
// CHECK-LABEL: func.func @matmul_memref
// CHECK: rnn.matmul %arg0 : memref<2x4xf32>, %arg1 : memref<1x4x8xf32> bias(%arg2 : memref<8xf32>) outs(%arg3 : memref<2x8xf32>) {activation = #rnn.activation<sigmoid>}{{$}}
func.func @matmul_memref(%x: memref<2x4xf32>, %w: memref<1x4x8xf32>, %b: memref<8xf32>,
                         %y: memref<2x8xf32>) {
  rnn.matmul %x : memref<2x4xf32>, %w : memref<1x4x8xf32> bias(%b : memref<8xf32>)
      outs(%y : memref<2x8xf32>) {activation = #rnn.activation<sigmoid>}
  return
}

// f64 operands are accepted as long as they all agree.
// CHECK-LABEL: func.func @matmul_f64
// CHECK: rnn.matmul %arg0 : tensor<2x4xf64>, %arg1 : tensor<1x4x2xf64> outs(%arg2 : tensor<2x2xf64>) -> tensor<2x2xf64>
func.func @matmul_f64(%x: tensor<2x4xf64>, %w: tensor<1x4x2xf64>, %init: tensor<2x2xf64>)
    -> tensor<2x2xf64> {
  %r = rnn.matmul %x : tensor<2x4xf64>, %w : tensor<1x4x2xf64> outs(%init : tensor<2x2xf64>)
      -> tensor<2x2xf64>
  return %r : tensor<2x2xf64>
}

//===----------------------------------------------------------------------===//
// rnn.recurrence
//===----------------------------------------------------------------------===//

// Tensor form, unpacked (units, units) recurrent kernel, defaults (tanh, forward) elided;
// both results have their init's type.
// CHECK-LABEL: func.func @recurrence_tensor_unpacked
// CHECK: %[[R:.*]]:2 = rnn.recurrence %arg0 : tensor<8x8xf32> outs(%arg1 : tensor<1x10x8xf32>, %arg2 : tensor<1x8xf32>) -> tensor<1x10x8xf32>, tensor<1x8xf32>
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @recurrence_tensor_unpacked(%r: tensor<8x8xf32>, %proj: tensor<1x10x8xf32>,
                                      %init: tensor<1x8xf32>)
    -> (tensor<1x10x8xf32>, tensor<1x8xf32>) {
  %s:2 = rnn.recurrence %r : tensor<8x8xf32> outs(%proj : tensor<1x10x8xf32>, %init : tensor<1x8xf32>)
      {activation = #rnn.activation<tanh>, direction = #rnn.direction<forward>}
      -> tensor<1x10x8xf32>, tensor<1x8xf32>
  return %s#0, %s#1 : tensor<1x10x8xf32>, tensor<1x8xf32>
}

// Tensor form, packed kernel, dynamic batch and time, with initial state, lengths and every
// attribute, printed in the order initial_state, lengths.
// CHECK-LABEL: func.func @recurrence_tensor_packed
// CHECK: rnn.recurrence %arg0 : tensor<2x8x4xf32> initial_state(%arg1 : tensor<?x8xf32>) lengths(%arg2 : tensor<?xi64>) outs(%arg3 : tensor<?x?x8xf32>, %arg4 : tensor<?x8xf32>) {activation = #rnn.activation<relu>, clip = 3.000000e+00 : f32, direction = #rnn.direction<reverse>} -> tensor<?x?x8xf32>, tensor<?x8xf32>
func.func @recurrence_tensor_packed(%r: tensor<2x8x4xf32>, %h0: tensor<?x8xf32>, %len: tensor<?xi64>,
                                    %proj: tensor<?x?x8xf32>, %init: tensor<?x8xf32>)
    -> tensor<?x8xf32> {
  %s:2 = rnn.recurrence %r : tensor<2x8x4xf32> initial_state(%h0 : tensor<?x8xf32>)
      lengths(%len : tensor<?xi64>) outs(%proj : tensor<?x?x8xf32>, %init : tensor<?x8xf32>)
      {activation = #rnn.activation<relu>, direction = #rnn.direction<reverse>, clip = 3.0 : f32}
      -> tensor<?x?x8xf32>, tensor<?x8xf32>
  return %s#1 : tensor<?x8xf32>
}

// Tensor form with a mask.
// CHECK-LABEL: func.func @recurrence_tensor_mask
// CHECK: rnn.recurrence %arg0 : tensor<1x8x8xf32> mask(%arg1 : tensor<2x10xi1>) outs(%arg2 : tensor<2x10x8xf32>, %arg3 : tensor<2x8xf32>) -> tensor<2x10x8xf32>, tensor<2x8xf32>
func.func @recurrence_tensor_mask(%r: tensor<1x8x8xf32>, %m: tensor<2x10xi1>,
                                  %proj: tensor<2x10x8xf32>, %init: tensor<2x8xf32>)
    -> tensor<2x10x8xf32> {
  %s:2 = rnn.recurrence %r : tensor<1x8x8xf32> mask(%m : tensor<2x10xi1>)
      outs(%proj : tensor<2x10x8xf32>, %init : tensor<2x8xf32>) -> tensor<2x10x8xf32>, tensor<2x8xf32>
  return %s#0 : tensor<2x10x8xf32>
}

// Memref form with a packed kernel and every optional operand but the mask.
// CHECK-LABEL: func.func @recurrence_memref_packed
// CHECK: rnn.recurrence %arg0 : memref<3x33x16xf32> initial_state(%arg1 : memref<?x33xf32>) lengths(%arg2 : memref<?xi32>) outs(%arg3 : memref<?x10x33xf32>, %arg4 : memref<?x33xf32>) {activation = #rnn.activation<hard_sigmoid, alpha = 2.000000e-01, beta = 5.000000e-01>}{{$}}
func.func @recurrence_memref_packed(%r: memref<3x33x16xf32>, %h0: memref<?x33xf32>, %len: memref<?xi32>,
                                    %seq: memref<?x10x33xf32>, %last: memref<?x33xf32>) {
  rnn.recurrence %r : memref<3x33x16xf32> initial_state(%h0 : memref<?x33xf32>)
      lengths(%len : memref<?xi32>) outs(%seq : memref<?x10x33xf32>, %last : memref<?x33xf32>)
      {activation = #rnn.activation<hard_sigmoid, alpha = 0.2, beta = 0.5>}
  return
}

// Memref form with an unpacked kernel and a mask.
// CHECK-LABEL: func.func @recurrence_memref_unpacked_mask
// CHECK: rnn.recurrence %arg0 : memref<8x8xf32> mask(%arg1 : memref<2x10xi1>) outs(%arg2 : memref<2x10x8xf32>, %arg3 : memref<2x8xf32>){{$}}
func.func @recurrence_memref_unpacked_mask(%r: memref<8x8xf32>, %m: memref<2x10xi1>,
                                           %seq: memref<2x10x8xf32>, %last: memref<2x8xf32>) {
  rnn.recurrence %r : memref<8x8xf32> mask(%m : memref<2x10xi1>)
      outs(%seq : memref<2x10x8xf32>, %last : memref<2x8xf32>)
  return
}

// rnn.gated_recurrence: an LSTM on tensors with every LSTM operand.
// CHECK-LABEL: func.func @gated_lstm_tensor
// CHECK: rnn.gated_recurrence <lstm> %arg0 : tensor<2x8xf32> projection(%arg1 : tensor<?x10x8xf32>) peepholes(%arg2 : tensor<6xf32>) initial_state(%arg3 : tensor<?x2xf32>) initial_cell(%arg4 : tensor<?x2xf32>) lengths(%arg5 : tensor<?xi64>) outs(%arg6 : tensor<?x10x2xf32>, %arg7 : tensor<?x2xf32>) cell(%arg8 : tensor<?x2xf32>) {clip = 1.000000e+00 : f32, direction = #rnn.direction<reverse>, input_forget, output_activation = #rnn.activation<relu>} -> tensor<?x10x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>
func.func @gated_lstm_tensor(%r: tensor<2x8xf32>, %p: tensor<?x10x8xf32>, %peep: tensor<6xf32>,
                             %h0: tensor<?x2xf32>, %c0: tensor<?x2xf32>, %len: tensor<?xi64>,
                             %seq: tensor<?x10x2xf32>, %last: tensor<?x2xf32>, %cell: tensor<?x2xf32>)
    -> tensor<?x2xf32> {
  %o:3 = rnn.gated_recurrence <lstm> %r : tensor<2x8xf32> projection(%p : tensor<?x10x8xf32>)
      peepholes(%peep : tensor<6xf32>) initial_state(%h0 : tensor<?x2xf32>)
      initial_cell(%c0 : tensor<?x2xf32>) lengths(%len : tensor<?xi64>)
      outs(%seq : tensor<?x10x2xf32>, %last : tensor<?x2xf32>) cell(%cell : tensor<?x2xf32>)
      {clip = 1.0 : f32, direction = #rnn.direction<reverse>, input_forget,
       output_activation = #rnn.activation<relu>, recurrent_activation = #rnn.activation<sigmoid>}
      -> tensor<?x10x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>
  return %o#2 : tensor<?x2xf32>
}

// GRUs on memrefs, packed: with reset_after and its recurrent bias; without, with scratch.
// CHECK-LABEL: func.func @gated_gru_memref
// CHECK: rnn.gated_recurrence <gru> %arg0 : memref<3x2x4xf32> projection(%arg1 : memref<1x10x6xf32>) recurrent_bias(%arg2 : memref<2xf32>) mask(%arg3 : memref<1x10xi1>) outs(%arg4 : memref<1x10x2xf32>, %arg5 : memref<1x2xf32>) {reset_after}{{$}}
// CHECK: rnn.gated_recurrence <gru> %arg0 : memref<3x2x4xf32> projection(%arg1 : memref<1x10x6xf32>) outs(%arg4 : memref<1x10x2xf32>, %arg5 : memref<1x2xf32>) scratch(%arg6 : memref<1x2xf32>) {activation = #rnn.activation<relu>, recurrent_activation = #rnn.activation<hard_sigmoid, alpha = 2.000000e-01, beta = 5.000000e-01>}{{$}}
func.func @gated_gru_memref(%r: memref<3x2x4xf32>, %p: memref<1x10x6xf32>, %rb: memref<2xf32>,
                            %m: memref<1x10xi1>, %seq: memref<1x10x2xf32>, %last: memref<1x2xf32>,
                            %scratch: memref<1x2xf32>) {
  rnn.gated_recurrence <gru> %r : memref<3x2x4xf32> projection(%p : memref<1x10x6xf32>)
      recurrent_bias(%rb : memref<2xf32>) mask(%m : memref<1x10xi1>)
      outs(%seq : memref<1x10x2xf32>, %last : memref<1x2xf32>) {reset_after}
  rnn.gated_recurrence <gru> %r : memref<3x2x4xf32> projection(%p : memref<1x10x6xf32>)
      outs(%seq : memref<1x10x2xf32>, %last : memref<1x2xf32>) scratch(%scratch : memref<1x2xf32>)
      {activation = #rnn.activation<relu>,
       recurrent_activation = #rnn.activation<hard_sigmoid, alpha = 0.2, beta = 0.5>}
  return
}
