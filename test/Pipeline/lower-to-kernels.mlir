// rnn-lower-to-kernels, the whole path from rnn layers on tensors to bufferized vector loops
// (scf/vector/memref): no rnn op, tensor or bufferization op is left, the model function takes
// caller-owned buffers, and the results are computed straight into them.
// RUN: rnn-opt %s -rnn-lower-to-kernels -split-input-file | FileCheck %s
// RUN: rnn-opt %s -rnn-lower-to-kernels -split-input-file | FileCheck %s --check-prefix=NONE
// RUN: rnn-opt %s -rnn-lower-to-kernels -split-input-file | FileCheck %s --check-prefix=BUF

// Nothing from the tensor level survives in any model.
// NONE-NOT: rnn.
// NONE-NOT: tensor<
// NONE-NOT: bufferization.

// The seed model with T = 4: one SimpleRNN of 8 units returning its sequence.
// The packed weights become constant globals: the kernel as one panel (1, 4, 8), the
// recurrent kernel as (1, 8, 8).
// CHECK-DAG: memref.global "private" constant @[[WX:[^ ]*]] : memref<1x4x8xf32>
// CHECK-DAG: memref.global "private" constant @[[WH:[^ ]*]] : memref<1x8x8xf32>
// The model takes its input and its output buffer and returns nothing.
// CHECK-LABEL: func.func @seed
// CHECK-SAME: (%[[X:[^:]*]]: memref<1x4x4xf32>, %[[OUT:[^:]*]]: memref<1x4x8xf32>) {
// CHECK-DAG: %[[R:.*]] = memref.get_global @[[WH]] : memref<1x8x8xf32>
// CHECK-DAG: %[[W:.*]] = memref.get_global @[[WX]] : memref<1x4x8xf32>
// The projection of all 4 steps is one matmul written straight into the output buffer.
// CHECK: %[[XR:.*]] = memref.collapse_shape %[[X]] {{\[\[}}0, 1], [2]] : memref<1x4x4xf32> into memref<4x4xf32>
// CHECK: %[[PROJ:.*]] = memref.collapse_shape %[[OUT]] {{\[\[}}0, 1], [2]] : memref<1x4x8xf32> into memref<4x8xf32>
// CHECK: vector.load %[[W]]
// CHECK: memref.load %[[XR]]
// CHECK: vector.transfer_write %{{.*}}, %[[PROJ]]
// The recurrence then overwrites the output rows in place, step by step (T = 4 is unrolled),
// each step reading h_{t-1} from the row before it.
// CHECK: math.tanh
// CHECK: vector.transfer_write %{{.*}}, %[[OUT]][%c0, %c0, %c0]
// CHECK: vector.load %[[R]]
// CHECK: memref.load %[[OUT]][%c0, %c0, %{{.*}}]
// CHECK: math.tanh
// CHECK: vector.transfer_write %{{.*}}, %[[OUT]][%c0, %c1, %c0]
// CHECK: memref.load %[[OUT]][%c0, %c1, %{{.*}}]
// CHECK: vector.transfer_write %{{.*}}, %[[OUT]][%c0, %c2, %c0]
// CHECK: memref.load %[[OUT]][%c0, %c2, %{{.*}}]
// CHECK: vector.transfer_write %{{.*}}, %[[OUT]][%c0, %c3, %c0]
// CHECK: return{{$}}
// The sequence needs no buffer of its own and nothing is copied at the end.
// BUF-LABEL: func.func @seed
// BUF-NOT: memref.alloc
// BUF-NOT: linalg.copy
// BUF: return{{$}}
func.func @seed(%x: tensor<1x4x4xf32>) -> tensor<1x4x8xf32> {
  %wx = arith.constant dense<[
    [ 0.12, -0.31,  0.05,  0.27, -0.18,  0.09,  0.33, -0.02],
    [-0.25,  0.14,  0.21, -0.07,  0.30, -0.11,  0.04,  0.19],
    [ 0.08,  0.22, -0.29,  0.16,  0.03,  0.26, -0.13, -0.24],
    [ 0.31, -0.06,  0.11, -0.20,  0.15, -0.28,  0.23,  0.07]]> : tensor<4x8xf32>
  %wh = arith.constant dense<[
    [ 0.10, -0.04,  0.07,  0.02, -0.09,  0.05,  0.03, -0.06],
    [ 0.03,  0.11, -0.05,  0.08,  0.01, -0.07,  0.04,  0.02],
    [-0.06,  0.02,  0.12, -0.03,  0.05,  0.04, -0.08,  0.01],
    [ 0.04, -0.07,  0.01,  0.09, -0.02,  0.06,  0.05, -0.03],
    [ 0.02,  0.05, -0.04,  0.03,  0.13, -0.01,  0.07,  0.06],
    [-0.05,  0.01,  0.06, -0.08,  0.04,  0.10, -0.02,  0.03],
    [ 0.07, -0.03,  0.02,  0.05, -0.06,  0.03,  0.11, -0.04],
    [ 0.01,  0.06, -0.07,  0.04,  0.03, -0.05,  0.02,  0.09]]> : tensor<8x8xf32>
  %b = arith.constant dense<[0.01, -0.02, 0.03, 0.0, -0.01, 0.02, -0.03, 0.05]> : tensor<8xf32>
  %h = rnn.simple_rnn %x : tensor<1x4x4xf32>
      kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>) bias(%b : tensor<8xf32>)
      -> sequence tensor<1x4x8xf32>
  return %h : tensor<1x4x8xf32>
}

// -----

// A bidirectional layer, concatenated: the forward half computes rows 0..3, the backward half
// rows 3..0 (each step reading the row after it), both starting from a zero state. Their
// small weights fit in L1 together, so they share one time loop: forward row s, then
// backward row 3 - s.
// CHECK-LABEL: func.func @bidirectional_concat
// CHECK-SAME: (%{{[^:]*}}: memref<1x4x4xf32>, %{{[^:]*}}: memref<1x4x16xf32>) {
// CHECK: %[[F0:.*]] = math.tanh
// CHECK-NEXT: vector.transfer_write %[[F0]], %[[FW:[a-z_0-9]+]][%c0, %c0, %c0]
// CHECK: %[[B0:.*]] = math.tanh
// CHECK-NEXT: vector.transfer_write %[[B0]], %[[BW:[a-z_0-9]+]][%c0, %c3, %c0]
// CHECK: memref.load %[[FW]][%c0, %c0, %{{.*}}]
// CHECK: vector.transfer_write %{{.*}}, %[[FW]][%c0, %c1, %c0]
// CHECK: memref.load %[[BW]][%c0, %c3, %{{.*}}]
// CHECK: vector.transfer_write %{{.*}}, %[[BW]][%c0, %c2, %c0]
// CHECK: vector.transfer_write %{{.*}}, %[[FW]][%c0, %c2, %c0]
// CHECK: memref.load %[[BW]][%c0, %c2, %{{.*}}]
// CHECK: vector.transfer_write %{{.*}}, %[[BW]][%c0, %c1, %c0]
// CHECK: vector.transfer_write %{{.*}}, %[[FW]][%c0, %c3, %c0]
// CHECK: memref.load %[[BW]][%c0, %c1, %{{.*}}]
// CHECK: vector.transfer_write %{{.*}}, %[[BW]][%c0, %c0, %c0]
// CHECK: return{{$}}
// The halves are computed straight into the output's feature columns 0..7 and 8..15: no
// work buffer, no copy.
// BUF-LABEL: func.func @bidirectional_concat
// BUF-SAME: %[[OUT:[^:]*]]: memref<1x4x16xf32>) {
// BUF-NOT: memref.alloc
// BUF-NOT: linalg.copy
// BUF-DAG: memref.subview %[[OUT]][0, 0, 0] [1, 4, 8] [1, 1, 1]
// BUF-DAG: memref.subview %[[OUT]][0, 0, 8] [1, 4, 8] [1, 1, 1]
// BUF-NOT: memref.alloc
// BUF-NOT: linalg.copy
// BUF: return{{$}}
func.func @bidirectional_concat(%x: tensor<1x4x4xf32>) -> tensor<1x4x16xf32> {
  %wf = arith.constant dense<[
    [ 0.12, -0.31,  0.05,  0.27, -0.18,  0.09,  0.33, -0.02],
    [-0.25,  0.14,  0.21, -0.07,  0.30, -0.11,  0.04,  0.19],
    [ 0.08,  0.22, -0.29,  0.16,  0.03,  0.26, -0.13, -0.24],
    [ 0.31, -0.06,  0.11, -0.20,  0.15, -0.28,  0.23,  0.07]]> : tensor<4x8xf32>
  %rf = arith.constant dense<[
    [ 0.10, -0.04,  0.07,  0.02, -0.09,  0.05,  0.03, -0.06],
    [ 0.03,  0.11, -0.05,  0.08,  0.01, -0.07,  0.04,  0.02],
    [-0.06,  0.02,  0.12, -0.03,  0.05,  0.04, -0.08,  0.01],
    [ 0.04, -0.07,  0.01,  0.09, -0.02,  0.06,  0.05, -0.03],
    [ 0.02,  0.05, -0.04,  0.03,  0.13, -0.01,  0.07,  0.06],
    [-0.05,  0.01,  0.06, -0.08,  0.04,  0.10, -0.02,  0.03],
    [ 0.07, -0.03,  0.02,  0.05, -0.06,  0.03,  0.11, -0.04],
    [ 0.01,  0.06, -0.07,  0.04,  0.03, -0.05,  0.02,  0.09]]> : tensor<8x8xf32>
  %bf = arith.constant dense<[0.01, -0.02, 0.03, 0.0, -0.01, 0.02, -0.03, 0.05]> : tensor<8xf32>
  %wb = arith.constant dense<[
    [ 0.12, -0.31,  0.05,  0.27, -0.18,  0.09,  0.33, -0.02],
    [-0.25,  0.14,  0.21, -0.07,  0.30, -0.11,  0.04,  0.19],
    [ 0.08,  0.22, -0.29,  0.16,  0.03,  0.26, -0.13, -0.24],
    [ 0.31, -0.06,  0.11, -0.20,  0.15, -0.28,  0.23,  0.07]]> : tensor<4x8xf32>
  %rb = arith.constant dense<[
    [ 0.10, -0.04,  0.07,  0.02, -0.09,  0.05,  0.03, -0.06],
    [ 0.03,  0.11, -0.05,  0.08,  0.01, -0.07,  0.04,  0.02],
    [-0.06,  0.02,  0.12, -0.03,  0.05,  0.04, -0.08,  0.01],
    [ 0.04, -0.07,  0.01,  0.09, -0.02,  0.06,  0.05, -0.03],
    [ 0.02,  0.05, -0.04,  0.03,  0.13, -0.01,  0.07,  0.06],
    [-0.05,  0.01,  0.06, -0.08,  0.04,  0.10, -0.02,  0.03],
    [ 0.07, -0.03,  0.02,  0.05, -0.06,  0.03,  0.11, -0.04],
    [ 0.01,  0.06, -0.07,  0.04,  0.03, -0.05,  0.02,  0.09]]> : tensor<8x8xf32>
  %bb = arith.constant dense<[0.01, -0.02, 0.03, 0.0, -0.01, 0.02, -0.03, 0.05]> : tensor<8xf32>
  %y = rnn.bidirectional %x : tensor<1x4x4xf32>
      forward kernel(%wf : tensor<4x8xf32>) recurrent(%rf : tensor<8x8xf32>) bias(%bf : tensor<8xf32>)
      backward kernel(%wb : tensor<4x8xf32>) recurrent(%rb : tensor<8x8xf32>) bias(%bb : tensor<8xf32>)
      -> sequence tensor<1x4x16xf32>
  return %y : tensor<1x4x16xf32>
}
