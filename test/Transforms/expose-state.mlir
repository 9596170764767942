// rnn-expose-state: each layer of a streaming model takes its initial state from a new
// argument and returns its last state as a new result, both marked with the layer's index.
// RUN: rnn-opt %s -split-input-file --rnn-expose-state | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-expose-state=if-marked | FileCheck %s --check-prefix=MARKED

// Two layers: the states come after the model's input and its result, in layer order; the
// first layer keeps its sequence for the second and gains a last state.
// CHECK-LABEL: func.func @two
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x?x4xf32>, %[[S0:[^:]*]]: tensor<1x8xf32> {rnn.name = "state0", rnn.state = 0 : i64}, %[[S1:[^:]*]]: tensor<1x8xf32> {rnn.name = "state1", rnn.state = 1 : i64})
// CHECK-SAME: -> (tensor<1x8xf32>, tensor<1x8xf32> {rnn.name = "state0_out", rnn.state = 0 : i64}, tensor<1x8xf32> {rnn.name = "state1_out", rnn.state = 1 : i64})
// CHECK: %[[SEQ:.*]], %[[L0:.*]] = rnn.simple_rnn %[[X]] {{.*}} initial_state(%[[S0]] : tensor<1x8xf32>) -> sequence tensor<1x?x8xf32> last tensor<1x8xf32>
// CHECK: %[[L1:.*]] = rnn.simple_rnn %[[SEQ]] {{.*}} initial_state(%[[S1]] : tensor<1x8xf32>) -> last tensor<1x8xf32>
// CHECK: return %[[L1]], %[[L0]], %[[L1]]
// With if-marked, an unmarked model stays as it is.
// MARKED-LABEL: func.func @two
// MARKED-SAME: (%{{.*}}: tensor<1x?x4xf32>) -> tensor<1x8xf32>
func.func @two(%x: tensor<1x?x4xf32>) -> tensor<1x8xf32> {
  %wx = arith.constant dense<0.1> : tensor<4x8xf32>
  %wh = arith.constant dense<0.05> : tensor<8x8xf32>
  %wx2 = arith.constant dense<0.1> : tensor<8x8xf32>
  %s = rnn.simple_rnn %x : tensor<1x?x4xf32> kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>) -> sequence tensor<1x?x8xf32>
  %h = rnn.simple_rnn %s : tensor<1x?x8xf32> kernel(%wx2 : tensor<8x8xf32>) recurrent(%wh : tensor<8x8xf32>) -> last tensor<1x8xf32>
  return %h : tensor<1x8xf32>
}

// -----

// A model marked rnn.stateful (Keras stateful=True) is made streaming by if-marked too; a
// private function is not.
// CHECK-LABEL: func.func private @helper
// CHECK-SAME: (%{{.*}}: tensor<1x3x4xf32>) -> tensor<1x8xf32>
// CHECK-LABEL: func.func @marked
// CHECK-SAME: %{{.*}}: tensor<1x8xf32> {rnn.name = "state0", rnn.state = 0 : i64}
// MARKED-LABEL: func.func private @helper
// MARKED-SAME: (%{{.*}}: tensor<1x3x4xf32>) -> tensor<1x8xf32>
// MARKED-LABEL: func.func @marked
// MARKED-SAME: %{{.*}}: tensor<1x8xf32> {rnn.name = "state0", rnn.state = 0 : i64}
func.func private @helper(%x: tensor<1x3x4xf32>) -> tensor<1x8xf32> {
  %wx = arith.constant dense<0.1> : tensor<4x8xf32>
  %wh = arith.constant dense<0.05> : tensor<8x8xf32>
  %h = rnn.simple_rnn %x : tensor<1x3x4xf32> kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>) -> last tensor<1x8xf32>
  return %h : tensor<1x8xf32>
}
func.func @marked(%x: tensor<1x3x4xf32>) -> tensor<1x8xf32> attributes {rnn.stateful} {
  %wx = arith.constant dense<0.1> : tensor<4x8xf32>
  %wh = arith.constant dense<0.05> : tensor<8x8xf32>
  %h = rnn.simple_rnn %x : tensor<1x3x4xf32> kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>) -> last tensor<1x8xf32>
  return %h : tensor<1x8xf32>
}

// -----

// An LSTM carries two states, h and c ("state0", "cell0": slots 0 and 1), the GRU after it
// one ("state1", slot 2): each gets an argument and a result, and the LSTM gains the last
// state and cell results it needs.
// CHECK-LABEL: func.func @gated_layers
// CHECK-SAME: %[[H0:[a-z0-9]+]]: tensor<?x2xf32> {rnn.name = "state0", rnn.state = 0 : i64}, %[[C0:[a-z0-9]+]]: tensor<?x2xf32> {rnn.name = "cell0", rnn.state = 1 : i64}, %[[G0:[a-z0-9]+]]: tensor<?x2xf32> {rnn.name = "state1", rnn.state = 2 : i64})
// CHECK-SAME: -> (tensor<?x2xf32>, tensor<?x2xf32> {rnn.name = "state0_out", rnn.state = 0 : i64}, tensor<?x2xf32> {rnn.name = "cell0_out", rnn.state = 1 : i64}, tensor<?x2xf32> {rnn.name = "state1_out", rnn.state = 2 : i64})
// CHECK: %[[S:.*]], %[[H:.*]], %[[C:.*]] = rnn.lstm {{.*}} initial_state(%[[H0]] : tensor<?x2xf32>) initial_cell(%[[C0]] : tensor<?x2xf32>) -> sequence tensor<?x10x2xf32> last tensor<?x2xf32> last_cell tensor<?x2xf32>
// CHECK: %[[G:.*]] = rnn.gru %[[S]] : {{.*}} initial_state(%[[G0]] : tensor<?x2xf32>) {reset_after} -> last tensor<?x2xf32>
// CHECK: return %[[G]], %[[H]], %[[C]], %[[G]]
func.func @gated_layers(%x: tensor<?x10x4xf32>, %w: tensor<4x8xf32>, %r: tensor<2x8xf32>,
                        %w3: tensor<2x6xf32>, %r3: tensor<2x6xf32>) -> tensor<?x2xf32> {
  %s = rnn.lstm %x : tensor<?x10x4xf32> kernel(%w : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>)
      -> sequence tensor<?x10x2xf32>
  %h = rnn.gru %s : tensor<?x10x2xf32> kernel(%w3 : tensor<2x6xf32>) recurrent(%r3 : tensor<2x6xf32>)
      {reset_after} -> last tensor<?x2xf32>
  return %h : tensor<?x2xf32>
}
