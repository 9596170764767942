// RUN: rnn-opt %s -resolve-ranked-shaped-type-result-dims -split-input-file | FileCheck %s

// The dims of rnn results are those of the operand they repeat: asking for a result's
// dynamic dim reads the input's, and a width is a constant.
// CHECK-LABEL: func @dense_dims
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK: %[[T:.*]] = tensor.dim %[[X]], %[[C1]]
// CHECK: return %[[T]], %[[C4]]
func.func @dense_dims(%x: tensor<?x?x8xf32>, %w: tensor<8x4xf32>) -> (index, index) {
  %y = rnn.dense %x, %w : (tensor<?x?x8xf32>, tensor<8x4xf32>) -> tensor<?x?x4xf32>
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %t = tensor.dim %y, %c1 : tensor<?x?x4xf32>
  %u = tensor.dim %y, %c2 : tensor<?x?x4xf32>
  return %t, %u : index, index
}

// -----

// An element-wise op and a mask repeat every dim of their input; an embedding the ids'.
// CHECK-LABEL: func @elementwise_dims
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>, %[[IDS:.*]]: tensor<?x?xi32>
// CHECK: %[[A:.*]] = tensor.dim %[[X]], %{{.*}}
// CHECK: %[[M:.*]] = tensor.dim %[[X]], %{{.*}}
// CHECK: %[[E:.*]] = tensor.dim %[[IDS]], %{{.*}}
// CHECK: return %[[A]], %[[M]], %[[E]]
func.func @elementwise_dims(%x: tensor<?x?x8xf32>, %ids: tensor<?x?xi32>,
                            %table: tensor<100x8xf32>) -> (index, index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = rnn.activate %x {activation = #rnn.activation<relu>} : tensor<?x?x8xf32>
  %m = rnn.mask %x {padding = 0.0 : f32} : tensor<?x?x8xf32> -> tensor<?x?xi1>
  %e = rnn.embedding %ids, %table : tensor<?x?xi32>, tensor<100x8xf32> -> tensor<?x?x8xf32>
  %da = tensor.dim %a, %c0 : tensor<?x?x8xf32>
  %dm = tensor.dim %m, %c1 : tensor<?x?xi1>
  %de = tensor.dim %e, %c1 : tensor<?x?x8xf32>
  return %da, %dm, %de : index, index, index
}

// -----

// The gated layers: the last-state results of an LSTM repeat the input's batch.
// CHECK-LABEL: func @lstm_dims
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>
// CHECK: %[[B:.*]] = tensor.dim %[[X]], %{{.*}}
// CHECK: %[[T:.*]] = tensor.dim %[[X]], %{{.*}}
// CHECK: return %[[B]], %[[T]]
func.func @lstm_dims(%x: tensor<?x?x4xf32>, %w: tensor<4x8xf32>, %r: tensor<2x8xf32>,
                     %w3: tensor<4x6xf32>, %r3: tensor<2x6xf32>) -> (index, index) {
  %c = rnn.lstm %x : tensor<?x?x4xf32> kernel(%w : tensor<4x8xf32>) recurrent(%r : tensor<2x8xf32>)
      -> last_cell tensor<?x2xf32>
  %s = rnn.gru %x : tensor<?x?x4xf32> kernel(%w3 : tensor<4x6xf32>) recurrent(%r3 : tensor<2x6xf32>)
      -> sequence tensor<?x?x2xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %b = tensor.dim %c, %c0 : tensor<?x2xf32>
  %t = tensor.dim %s, %c1 : tensor<?x?x2xf32>
  return %b, %t : index, index
}
