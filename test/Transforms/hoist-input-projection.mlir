// rnn-hoist-input-projection: each rnn.simple_rnn becomes one rnn.dense (x·kernel + bias over
// every step at once) and an rnn.recurrence that overwrites that projection with the states.
// RUN: rnn-opt %s -rnn-hoist-input-projection -split-input-file | FileCheck %s

// The projection is a single rnn.dense over all steps, with the bias and no activation, ahead
// of the recurrence; the recurrence takes it as its `sequence` init and a tensor.empty as `last`,
// and keeps the recurrent kernel.
// CHECK-LABEL: func.func @sequence_with_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x10x4xf32>, %[[W:.*]]: tensor<4x8xf32>, %[[R:.*]]: tensor<8x8xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK-NOT: rnn.simple_rnn
// CHECK: %[[P:.*]] = rnn.dense %[[X]], %[[W]] bias %[[B]] : (tensor<1x10x4xf32>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<1x10x8xf32>
// CHECK: %[[L:.*]] = tensor.empty() : tensor<1x8xf32>
// CHECK: %[[REC:.*]]:2 = rnn.recurrence %[[R]] : tensor<8x8xf32> outs(%[[P]] : tensor<1x10x8xf32>, %[[L]] : tensor<1x8xf32>) -> tensor<1x10x8xf32>, tensor<1x8xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[REC]]#0 : tensor<1x10x8xf32>
func.func @sequence_with_bias(%x: tensor<1x10x4xf32>, %w: tensor<4x8xf32>, %r: tensor<8x8xf32>,
                              %b: tensor<8xf32>) -> tensor<1x10x8xf32> {
  %s = rnn.simple_rnn %x : tensor<1x10x4xf32>
      kernel(%w : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) bias(%b : tensor<8xf32>)
      -> sequence tensor<1x10x8xf32>
  return %s : tensor<1x10x8xf32>
}

// -----

// Without a bias the dense has none; a layer returning only its last state returns the
// recurrence's second result.
// CHECK-LABEL: func.func @last_without_bias
// CHECK: %[[P:.*]] = rnn.dense %arg0, %arg1 : (tensor<3x5x4xf32>, tensor<4x8xf32>) -> tensor<3x5x8xf32>
// CHECK: %[[REC:.*]]:2 = rnn.recurrence %arg2 : tensor<8x8xf32> outs(%[[P]] : tensor<3x5x8xf32>, %{{.*}} : tensor<3x8xf32>)
// CHECK: return %[[REC]]#1 : tensor<3x8xf32>
func.func @last_without_bias(%x: tensor<3x5x4xf32>, %w: tensor<4x8xf32>, %r: tensor<8x8xf32>)
    -> tensor<3x8xf32> {
  %h = rnn.simple_rnn %x : tensor<3x5x4xf32>
      kernel(%w : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) -> last tensor<3x8xf32>
  return %h : tensor<3x8xf32>
}

// -----

// initial_state, lengths, activation, clip and direction move to the recurrence; the dense
// stays linear (the activation belongs after h·R is added). A dynamic batch sizes the
// `last` init from the input's dimension 0.
// CHECK-LABEL: func.func @carried_operands
// CHECK-SAME: (%[[X:.*]]: tensor<?x10x4xf32>, %[[W:.*]]: tensor<4x8xf32>, %[[R:.*]]: tensor<8x8xf32>, %[[H0:.*]]: tensor<?x8xf32>, %[[LEN:.*]]: tensor<?xi64>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[P:.*]] = rnn.dense %[[X]], %[[W]] : (tensor<?x10x4xf32>, tensor<4x8xf32>) -> tensor<?x10x8xf32>
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x10x4xf32>
// CHECK: %[[L:.*]] = tensor.empty(%[[N]]) : tensor<?x8xf32>
// CHECK: %[[REC:.*]]:2 = rnn.recurrence %[[R]] : tensor<8x8xf32> initial_state(%[[H0]] : tensor<?x8xf32>) lengths(%[[LEN]] : tensor<?xi64>) outs(%[[P]] : tensor<?x10x8xf32>, %[[L]] : tensor<?x8xf32>) {activation = #rnn.activation<relu>, clip = 2.500000e+00 : f32, direction = #rnn.direction<reverse>} -> tensor<?x10x8xf32>, tensor<?x8xf32>
// CHECK: return %[[REC]]#0, %[[REC]]#1
func.func @carried_operands(%x: tensor<?x10x4xf32>, %w: tensor<4x8xf32>, %r: tensor<8x8xf32>,
                            %h0: tensor<?x8xf32>, %len: tensor<?xi64>)
    -> (tensor<?x10x8xf32>, tensor<?x8xf32>) {
  %s, %l = rnn.simple_rnn %x : tensor<?x10x4xf32>
      kernel(%w : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      initial_state(%h0 : tensor<?x8xf32>) lengths(%len : tensor<?xi64>)
      {activation = #rnn.activation<relu>, direction = #rnn.direction<reverse>, clip = 2.5 : f32}
      -> sequence tensor<?x10x8xf32> last tensor<?x8xf32>
  return %s, %l : tensor<?x10x8xf32>, tensor<?x8xf32>
}

// -----

// The mask moves to the recurrence too.
// CHECK-LABEL: func.func @carried_mask
// CHECK: rnn.recurrence %arg2 : tensor<8x8xf32> mask(%arg3 : tensor<2x10xi1>) outs(
func.func @carried_mask(%x: tensor<2x10x4xf32>, %w: tensor<4x8xf32>, %r: tensor<8x8xf32>,
                        %m: tensor<2x10xi1>) -> tensor<2x8xf32> {
  %h = rnn.simple_rnn %x : tensor<2x10x4xf32>
      kernel(%w : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) mask(%m : tensor<2x10xi1>)
      -> last tensor<2x8xf32>
  return %h : tensor<2x8xf32>
}

// -----

// go_backwards is a reverse recurrence whose sequence is flipped in time afterwards: the flip
// is a linalg.generic reading step T-1-t of the recurrence's sequence. The last state needs
// no flip.
// CHECK-LABEL: func.func @go_backwards_sequence
// CHECK-DAG: %[[C9:.*]] = arith.constant 9 : index
// CHECK: %[[REC:.*]]:2 = rnn.recurrence %arg2 : tensor<8x8xf32> mask(%arg3 : tensor<2x10xi1>) outs({{.*}}) {direction = #rnn.direction<reverse>}
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x10x8xf32>
// CHECK: %[[FLIP:.*]] = linalg.generic {{.*}} outs(%[[E]] : tensor<2x10x8xf32>)
// CHECK: %[[B:.*]] = linalg.index 0
// CHECK: %[[T:.*]] = linalg.index 1
// CHECK: %[[F:.*]] = linalg.index 2
// CHECK: %[[SRC:.*]] = arith.subi %[[C9]], %[[T]]
// CHECK: tensor.extract %[[REC]]#0[%[[B]], %[[SRC]], %[[F]]]
// CHECK: return %[[FLIP]], %[[REC]]#1
func.func @go_backwards_sequence(%x: tensor<2x10x4xf32>, %w: tensor<4x8xf32>, %r: tensor<8x8xf32>,
                                 %m: tensor<2x10xi1>) -> (tensor<2x10x8xf32>, tensor<2x8xf32>) {
  %s, %l = rnn.simple_rnn %x : tensor<2x10x4xf32>
      kernel(%w : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) mask(%m : tensor<2x10xi1>)
      {direction = #rnn.direction<go_backwards>}
      -> sequence tensor<2x10x8xf32> last tensor<2x8xf32>
  return %s, %l : tensor<2x10x8xf32>, tensor<2x8xf32>
}

// -----

// A go_backwards layer whose sequence is not used gets no flip.
// CHECK-LABEL: func.func @go_backwards_sequence_unused
// CHECK: %[[REC:.*]]:2 = rnn.recurrence {{.*}} {direction = #rnn.direction<reverse>}
// CHECK-NOT: linalg.generic
// CHECK: return %[[REC]]#1 : tensor<2x8xf32>
func.func @go_backwards_sequence_unused(%x: tensor<2x10x4xf32>, %w: tensor<4x8xf32>,
                                        %r: tensor<8x8xf32>) -> tensor<2x8xf32> {
  %s, %l = rnn.simple_rnn %x : tensor<2x10x4xf32>
      kernel(%w : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      {direction = #rnn.direction<go_backwards>}
      -> sequence tensor<2x10x8xf32> last tensor<2x8xf32>
  return %l : tensor<2x8xf32>
}

// -----

// Neither does a go_backwards layer that only returns its last state.
// CHECK-LABEL: func.func @go_backwards_last
// CHECK: %[[REC:.*]]:2 = rnn.recurrence {{.*}} {direction = #rnn.direction<reverse>}
// CHECK-NOT: linalg.generic
// CHECK: return %[[REC]]#1 : tensor<2x8xf32>
func.func @go_backwards_last(%x: tensor<2x10x4xf32>, %w: tensor<4x8xf32>, %r: tensor<8x8xf32>)
    -> tensor<2x8xf32> {
  %l = rnn.simple_rnn %x : tensor<2x10x4xf32>
      kernel(%w : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      {direction = #rnn.direction<go_backwards>} -> last tensor<2x8xf32>
  return %l : tensor<2x8xf32>
}

// -----

// Dynamic batch and time: the projection keeps both dynamic, `last` is sized by tensor.dim of
// the input, and the flip's init and step count come from tensor.dim of the recurrence's
// sequence (T - 1 - t with T read at run time).
// CHECK-LABEL: func.func @dynamic_go_backwards
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x?x4xf32>
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK: %[[P:.*]] = rnn.dense %[[X]], %arg1 : (tensor<?x?x4xf32>, tensor<4x8xf32>) -> tensor<?x?x8xf32>
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x?x4xf32>
// CHECK: %[[L:.*]] = tensor.empty(%[[N]]) : tensor<?x8xf32>
// CHECK: %[[REC:.*]]:2 = rnn.recurrence %arg2 : tensor<8x8xf32> outs(%[[P]] : tensor<?x?x8xf32>, %[[L]] : tensor<?x8xf32>) {direction = #rnn.direction<reverse>}
// CHECK-DAG: %[[SB:.*]] = tensor.dim %[[REC]]#0, %[[C0]]
// CHECK-DAG: %[[ST:.*]] = tensor.dim %[[REC]]#0, %[[C1]]
// CHECK: %[[E:.*]] = tensor.empty(%[[SB]], %[[ST]]) : tensor<?x?x8xf32>
// CHECK: %[[T:.*]] = tensor.dim %[[REC]]#0, %[[C1]]
// CHECK: linalg.generic {{.*}} outs(%[[E]] : tensor<?x?x8xf32>)
// CHECK: %[[I:.*]] = linalg.index 1
// CHECK: %[[TM1:.*]] = arith.subi %[[T]], %[[C1]]
// CHECK: arith.subi %[[TM1]], %[[I]]
func.func @dynamic_go_backwards(%x: tensor<?x?x4xf32>, %w: tensor<4x8xf32>, %r: tensor<8x8xf32>)
    -> tensor<?x?x8xf32> {
  %s = rnn.simple_rnn %x : tensor<?x?x4xf32>
      kernel(%w : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>)
      {direction = #rnn.direction<go_backwards>} -> sequence tensor<?x?x8xf32>
  return %s : tensor<?x?x8xf32>
}

// -----

// Stacked layers: the second projection reads the first recurrence's states.
// CHECK-LABEL: func.func @stacked
// CHECK: %[[P1:.*]] = rnn.dense %arg0, %arg1
// CHECK: %[[R1:.*]]:2 = rnn.recurrence %arg2 : tensor<16x16xf32> outs(%[[P1]] :
// CHECK: %[[P2:.*]] = rnn.dense %[[R1]]#0, %arg3 : (tensor<1x10x16xf32>, tensor<16x8xf32>) -> tensor<1x10x8xf32>
// CHECK: %[[R2:.*]]:2 = rnn.recurrence %arg4 : tensor<8x8xf32> outs(%[[P2]] :
// CHECK: return %[[R2]]#1
func.func @stacked(%x: tensor<1x10x4xf32>, %w1: tensor<4x16xf32>, %r1: tensor<16x16xf32>,
                   %w2: tensor<16x8xf32>, %r2: tensor<8x8xf32>) -> tensor<1x8xf32> {
  %s = rnn.simple_rnn %x : tensor<1x10x4xf32>
      kernel(%w1 : tensor<4x16xf32>) recurrent(%r1 : tensor<16x16xf32>) -> sequence tensor<1x10x16xf32>
  %h = rnn.simple_rnn %s : tensor<1x10x16xf32>
      kernel(%w2 : tensor<16x8xf32>) recurrent(%r2 : tensor<8x8xf32>) -> last tensor<1x8xf32>
  return %h : tensor<1x8xf32>
}

// -----

// An LSTM: the projection covers the four gates (4 * units columns) with the layer's bias;
// the gated recurrence gets the recurrent kernel, peepholes, initial cell and attributes,
// a tensor.empty each for the sequence, the last state and the cell. go_backwards becomes
// reverse plus a time flip of the sequence.
// CHECK-LABEL: func.func @lstm_go_backwards
// CHECK: %[[P:.*]] = rnn.dense %arg0, %arg1 bias %arg3 : (tensor<?x10x4xf32>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<?x10x8xf32>
// CHECK: %[[REC:.*]]:3 = rnn.gated_recurrence <lstm> %arg2 : tensor<2x8xf32> projection(%[[P]] : tensor<?x10x8xf32>) peepholes(%arg4 : tensor<6xf32>) initial_cell(%arg5 : tensor<?x2xf32>) outs(%{{.*}} : tensor<?x10x2xf32>, %{{.*}} : tensor<?x2xf32>) cell(%{{.*}} : tensor<?x2xf32>) {clip = 2.000000e+00 : f32, direction = #rnn.direction<reverse>, input_forget}
// CHECK: %[[FLIP:.*]] = linalg.generic
// CHECK: tensor.extract %[[REC]]#0
// CHECK: return %[[FLIP]], %[[REC]]#2
func.func @lstm_go_backwards(%x: tensor<?x10x4xf32>, %w: tensor<4x8xf32>, %r: tensor<2x8xf32>,
                             %b: tensor<8xf32>, %p: tensor<6xf32>, %c0: tensor<?x2xf32>)
    -> (tensor<?x10x2xf32>, tensor<?x2xf32>) {
  %s, %c = rnn.lstm %x : tensor<?x10x4xf32> kernel(%w : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>)
      bias(%b : tensor<8xf32>) peepholes(%p : tensor<6xf32>) initial_cell(%c0 : tensor<?x2xf32>)
      {direction = #rnn.direction<go_backwards>, input_forget, clip = 2.0 : f32}
      -> sequence tensor<?x10x2xf32> last_cell tensor<?x2xf32>
  return %s, %c : tensor<?x10x2xf32>, tensor<?x2xf32>
}

// -----

// A GRU with reset_after: the recurrent biases of z and r join the projection's bias (folded
// at compile time: 1 + 10, 2 + 20, ...); the h gate's stays apart for the kernel to scale by r.
// CHECK-LABEL: func.func @gru_reset_after
// CHECK-DAG: %[[KEPT:.*]] = arith.constant dense<[5.000000e+01, 6.000000e+01]> : tensor<2xf32>
// CHECK-DAG: %[[BIAS:.*]] = arith.constant dense<[1.100000e+01, 2.200000e+01, 3.300000e+01, 4.400000e+01, 5.000000e+00, 6.000000e+00]> : tensor<6xf32>
// CHECK: %[[P:.*]] = rnn.dense %arg0, %arg1 bias %[[BIAS]]
// CHECK: rnn.gated_recurrence <gru> %arg2 : tensor<2x6xf32> projection(%[[P]] : tensor<1x10x6xf32>) recurrent_bias(%[[KEPT]] : tensor<2xf32>) outs(%{{.*}} : tensor<1x10x2xf32>, %{{.*}} : tensor<1x2xf32>) {reset_after}
func.func @gru_reset_after(%x: tensor<1x10x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>)
    -> tensor<1x2xf32> {
  %b = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]> : tensor<6xf32>
  %rb = arith.constant dense<[10.0, 20.0, 30.0, 40.0, 50.0, 60.0]> : tensor<6xf32>
  %h = rnn.gru %x : tensor<1x10x4xf32> kernel(%w : tensor<4x6xf32>) recurrent(%r : tensor<2x6xf32>)
      bias(%b : tensor<6xf32>) recurrent_bias(%rb : tensor<6xf32>) {reset_after} -> last tensor<1x2xf32>
  return %h : tensor<1x2xf32>
}

// -----

// Without reset_after every recurrent bias adds to the projection's, and the recurrence gets
// a scratch (batch, units) for r ⊙ h.
// CHECK-LABEL: func.func @gru_reset_before
// CHECK: %[[BIAS:.*]] = arith.constant dense<[1.100000e+01, 2.200000e+01, 3.300000e+01, 4.400000e+01, 5.500000e+01, 6.600000e+01]> : tensor<6xf32>
// CHECK: %[[P:.*]] = rnn.dense %arg0, %arg1 bias %[[BIAS]]
// CHECK: %[[REC:.*]]:3 = rnn.gated_recurrence <gru> %arg2 : tensor<2x6xf32> projection(%[[P]] : tensor<1x10x6xf32>) outs(%{{.*}} : tensor<1x10x2xf32>, %{{.*}} : tensor<1x2xf32>) scratch(%{{.*}} : tensor<1x2xf32>) ->
// CHECK: return %[[REC]]#1
func.func @gru_reset_before(%x: tensor<1x10x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>)
    -> tensor<1x2xf32> {
  %b = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]> : tensor<6xf32>
  %rb = arith.constant dense<[10.0, 20.0, 30.0, 40.0, 50.0, 60.0]> : tensor<6xf32>
  %h = rnn.gru %x : tensor<1x10x4xf32> kernel(%w : tensor<4x6xf32>) recurrent(%r : tensor<2x6xf32>)
      bias(%b : tensor<6xf32>) recurrent_bias(%rb : tensor<6xf32>) -> last tensor<1x2xf32>
  return %h : tensor<1x2xf32>
}

// -----

// Biases that arrive at run time are split and added by tensor ops.
// CHECK-LABEL: func.func @gru_runtime_biases
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK-DAG: %[[KEPT:.*]] = tensor.extract_slice %arg4[4] [2] [1]
// CHECK-DAG: %[[ZR:.*]] = tensor.extract_slice %arg4[0] [4] [1]
// CHECK: %[[PAD:.*]] = tensor.concat dim(0) %[[ZR]], %[[ZERO]]
// CHECK: %[[SUM:.*]] = arith.addf %arg3, %[[PAD]] : tensor<6xf32>
// CHECK: rnn.dense %arg0, %arg1 bias %[[SUM]]
// CHECK: rnn.gated_recurrence <gru> {{.*}} recurrent_bias(%[[KEPT]] : tensor<2xf32>)
func.func @gru_runtime_biases(%x: tensor<1x10x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>,
                              %b: tensor<6xf32>, %rb: tensor<6xf32>) -> tensor<1x2xf32> {
  %h = rnn.gru %x : tensor<1x10x4xf32> kernel(%w : tensor<4x6xf32>) recurrent(%r : tensor<2x6xf32>)
      bias(%b : tensor<6xf32>) recurrent_bias(%rb : tensor<6xf32>) {reset_after} -> last tensor<1x2xf32>
  return %h : tensor<1x2xf32>
}
