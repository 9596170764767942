// rnn-pack-weights: rnn.dense becomes rnn.matmul, and rnn.matmul / rnn.recurrence read their
// weights (K, N) as (ceil(N / VW), K, VW) column panels, zero past N, where VW is the smallest
// power of two >= N capped at `vector-width`. Constants are packed at compile time; weights
// that arrive as arguments are packed by tensor.pad + tensor.expand_shape + linalg.transpose.
// RUN: rnn-opt %s -rnn-pack-weights -split-input-file | FileCheck %s
// RUN: rnn-opt %s -rnn-pack-weights=vector-width=4 -split-input-file | FileCheck %s --check-prefix=VW4
// RUN: rnn-opt %s -rnn-pack-weights=vector-width=2 -split-input-file | FileCheck %s --check-prefix=VW2
// RUN: not rnn-opt %s -rnn-pack-weights=vector-width=3 -split-input-file 2>&1 | FileCheck %s --check-prefix=INVALID

// A vector width that is not a power of two is rejected.
// INVALID: error: vector-width must be a power of two, got 3

// N = 8 fits one panel of VW 8: a constant (4, 8) kernel becomes a (1, 4, 8) constant with the
// same rows, the dense becomes a matmul into a tensor.empty of the result's shape, and the
// activation (linear) is kept.
// CHECK-LABEL: func.func @dense_n8_constant
// CHECK-NOT: rnn.dense
// CHECK-DAG: %[[P:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00], {{.*}}]]> : tensor<1x4x8xf32>
// CHECK-DAG: %[[E:.*]] = tensor.empty() : tensor<2x8xf32>
// CHECK: %[[Y:.*]] = rnn.matmul %arg0 : tensor<2x4xf32>, %[[P]] : tensor<1x4x8xf32> outs(%[[E]] : tensor<2x8xf32>) -> tensor<2x8xf32>
// CHECK: return %[[Y]]
// With vector-width=4 the same kernel is two panels of 4.
// VW4-LABEL: func.func @dense_n8_constant
// VW4: %[[P:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00], {{.*}}{{\]\]}}, {{\[\[}}5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00], {{.*}}]]]> : tensor<2x4x4xf32>
// VW4: rnn.matmul %arg0 : tensor<2x4xf32>, %[[P]] : tensor<2x4x4xf32>
func.func @dense_n8_constant(%x: tensor<2x4xf32>) -> tensor<2x8xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
                             [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
                             [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
                             [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]]> : tensor<4x8xf32>
  %y = rnn.dense %x, %w : (tensor<2x4xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// The packed values: a (2, 3) kernel with vector-width=2 is two panels, the first holding
// columns 0-1 of both rows, the second column 2 and a zero.
// VW2-LABEL: func.func @dense_values
// VW2: %[[P:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00, 2.000000e+00], [4.000000e+00, 5.000000e+00]], {{\[\[}}3.000000e+00, 0.000000e+00], [6.000000e+00, 0.000000e+00]]]> : tensor<2x2x2xf32>
// VW2: rnn.matmul %arg0 : tensor<5x2xf32>, %[[P]] : tensor<2x2x2xf32> outs(%{{.*}} : tensor<5x3xf32>)
// With the default width, N = 3 takes one panel of VW 4 (the next power of two), zero in
// column 3.
// CHECK-LABEL: func.func @dense_values
// CHECK: %[[P:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 0.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00, 0.000000e+00]]]> : tensor<1x2x4xf32>
// CHECK: rnn.matmul %arg0 : tensor<5x2xf32>, %[[P]] : tensor<1x2x4xf32>
func.func @dense_values(%x: tensor<5x2xf32>) -> tensor<5x3xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %y = rnn.dense %x, %w : (tensor<5x2xf32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  return %y : tensor<5x3xf32>
}

// -----

// N = 1 is one panel of width 1.
// CHECK-LABEL: func.func @dense_n1
// CHECK: %[[P:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00], [2.000000e+00], [3.000000e+00], [4.000000e+00]]]> : tensor<1x4x1xf32>
// CHECK: rnn.matmul %arg0 : tensor<2x4xf32>, %[[P]] : tensor<1x4x1xf32> outs(%{{.*}} : tensor<2x1xf32>)
func.func @dense_n1(%x: tensor<2x4xf32>) -> tensor<2x1xf32> {
  %w = arith.constant dense<[[1.0], [2.0], [3.0], [4.0]]> : tensor<4x1xf32>
  %y = rnn.dense %x, %w : (tensor<2x4xf32>, tensor<4x1xf32>) -> tensor<2x1xf32>
  return %y : tensor<2x1xf32>
}

// -----

// A run-time kernel with N = 33 and VW 16: padded to 48 columns with zeros, split into
// (4, 3, 16), transposed to 3 panels (3, 4, 16). Bias and activation move to the matmul, the
// (batch, timesteps, K) input stays 3-D, and the init's dynamic batch comes from the input.
// CHECK-LABEL: func.func @dense_n33_argument
// CHECK-SAME: (%[[X:.*]]: tensor<?x10x4xf32>, %[[W:.*]]: tensor<4x33xf32>, %[[B:.*]]: tensor<33xf32>)
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK: %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?x10x33xf32>
// CHECK: %[[PAD:.*]] = tensor.pad %[[W]] low[0, 0] high[0, 15]
// CHECK: tensor.yield %[[ZERO]]
// CHECK: } : tensor<4x33xf32> to tensor<4x48xf32>
// CHECK: %[[SPLIT:.*]] = tensor.expand_shape %[[PAD]] {{\[\[}}0], [1, 2]] output_shape [4, 3, 16] : tensor<4x48xf32> into tensor<4x3x16xf32>
// CHECK: %[[E:.*]] = tensor.empty() : tensor<3x4x16xf32>
// CHECK: %[[PACKED:.*]] = linalg.transpose ins(%[[SPLIT]] : tensor<4x3x16xf32>) outs(%[[E]] : tensor<3x4x16xf32>) permutation = [1, 0, 2]
// CHECK: %[[Y:.*]] = rnn.matmul %[[X]] : tensor<?x10x4xf32>, %[[PACKED]] : tensor<3x4x16xf32> bias(%[[B]] : tensor<33xf32>) outs(%[[INIT]] : tensor<?x10x33xf32>) {activation = #rnn.activation<sigmoid>} -> tensor<?x10x33xf32>
// CHECK: return %[[Y]]
// With vector-width=4 it is 9 panels of 4, padded by 3 columns.
// VW4-LABEL: func.func @dense_n33_argument
// VW4: tensor.pad {{.*}} high[0, 3]
// VW4: } : tensor<4x33xf32> to tensor<4x36xf32>
// VW4: linalg.transpose {{.*}} outs(%{{.*}} : tensor<9x4x4xf32>)
// VW4: rnn.matmul {{.*}} : tensor<9x4x4xf32>
func.func @dense_n33_argument(%x: tensor<?x10x4xf32>, %w: tensor<4x33xf32>, %b: tensor<33xf32>)
    -> tensor<?x10x33xf32> {
  %y = rnn.dense %x, %w bias %b {activation = #rnn.activation<sigmoid>}
      : (tensor<?x10x4xf32>, tensor<4x33xf32>, tensor<33xf32>) -> tensor<?x10x33xf32>
  return %y : tensor<?x10x33xf32>
}

// -----

// A run-time kernel whose N is a whole number of panels needs no padding.
// CHECK-LABEL: func.func @dense_n8_argument
// CHECK-NOT: tensor.pad
// CHECK: %[[SPLIT:.*]] = tensor.expand_shape %arg1 {{\[\[}}0], [1, 2]] output_shape [4, 1, 8] : tensor<4x8xf32> into tensor<4x1x8xf32>
// CHECK: %[[PACKED:.*]] = linalg.transpose ins(%[[SPLIT]] : tensor<4x1x8xf32>) outs(%{{.*}} : tensor<1x4x8xf32>) permutation = [1, 0, 2]
// CHECK: rnn.matmul %arg0 : tensor<2x4xf32>, %[[PACKED]] : tensor<1x4x8xf32>
func.func @dense_n8_argument(%x: tensor<2x4xf32>, %w: tensor<4x8xf32>) -> tensor<2x8xf32> {
  %y = rnn.dense %x, %w : (tensor<2x4xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// The recurrent kernel of an rnn.recurrence is packed in place: (8, 8) becomes (1, 8, 8),
// every other operand and attribute stays.
// CHECK-LABEL: func.func @recurrence_argument
// CHECK-SAME: (%[[R:.*]]: tensor<8x8xf32>, %[[P:.*]]: tensor<1x10x8xf32>, %[[H0:.*]]: tensor<1x8xf32>)
// CHECK: %[[L:.*]] = tensor.empty() : tensor<1x8xf32>
// CHECK: %[[SPLIT:.*]] = tensor.expand_shape %[[R]] {{\[\[}}0], [1, 2]] output_shape [8, 1, 8]
// CHECK: %[[PACKED:.*]] = linalg.transpose ins(%[[SPLIT]] : tensor<8x1x8xf32>) outs(%{{.*}} : tensor<1x8x8xf32>) permutation = [1, 0, 2]
// CHECK: rnn.recurrence %[[PACKED]] : tensor<1x8x8xf32> initial_state(%[[H0]] : tensor<1x8xf32>) outs(%[[P]] : tensor<1x10x8xf32>, %[[L]] : tensor<1x8xf32>) {direction = #rnn.direction<reverse>}
// With vector-width=4 it is two panels.
// VW4-LABEL: func.func @recurrence_argument
// VW4: rnn.recurrence %{{.*}} : tensor<2x8x4xf32>
func.func @recurrence_argument(%r: tensor<8x8xf32>, %p: tensor<1x10x8xf32>, %h0: tensor<1x8xf32>)
    -> tensor<1x8xf32> {
  %l = tensor.empty() : tensor<1x8xf32>
  %s:2 = rnn.recurrence %r : tensor<8x8xf32> initial_state(%h0 : tensor<1x8xf32>)
      outs(%p : tensor<1x10x8xf32>, %l : tensor<1x8xf32>) {direction = #rnn.direction<reverse>}
      -> tensor<1x10x8xf32>, tensor<1x8xf32>
  return %s#1 : tensor<1x8xf32>
}

// -----

// A constant recurrent kernel is packed at compile time; 2 units take one panel of 2.
// CHECK-LABEL: func.func @recurrence_constant
// CHECK: %[[PACKED:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]]> : tensor<1x2x2xf32>
// CHECK-NOT: linalg.transpose
// CHECK: rnn.recurrence %[[PACKED]] : tensor<1x2x2xf32> outs(%arg0 : tensor<1x10x2xf32>, %{{.*}} : tensor<1x2xf32>) {activation = #rnn.activation<relu>}
func.func @recurrence_constant(%p: tensor<1x10x2xf32>) -> tensor<1x2xf32> {
  %r = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %l = tensor.empty() : tensor<1x2xf32>
  %s:2 = rnn.recurrence %r : tensor<2x2xf32> outs(%p : tensor<1x10x2xf32>, %l : tensor<1x2xf32>)
      {activation = #rnn.activation<relu>} -> tensor<1x10x2xf32>, tensor<1x2xf32>
  return %s#1 : tensor<1x2xf32>
}

// -----

// A recurrence whose kernel is already packed is left as it is.
// CHECK-LABEL: func.func @recurrence_already_packed
// CHECK-NOT: linalg.transpose
// CHECK: rnn.recurrence %arg0 : tensor<1x8x8xf32> outs(%arg1 : tensor<1x10x8xf32>,
func.func @recurrence_already_packed(%r: tensor<1x8x8xf32>, %p: tensor<1x10x8xf32>)
    -> tensor<1x8xf32> {
  %l = tensor.empty() : tensor<1x8xf32>
  %s:2 = rnn.recurrence %r : tensor<1x8x8xf32> outs(%p : tensor<1x10x8xf32>, %l : tensor<1x8xf32>)
      -> tensor<1x10x8xf32>, tensor<1x8xf32>
  return %s#1 : tensor<1x8xf32>
}

// -----

// A packed constant of more than 256 elements is stored as a dense_resource blob: (20, 20)
// with VW 16 is (2, 20, 16) = 640 elements. The blob holds panel 0's first row of 16 halves
// (0x3F000000) and is zero past column 20 in panel 1.
// CHECK-LABEL: func.func @large_constant
// CHECK: %[[P:.*]] = arith.constant dense_resource<dense_kernel> : tensor<2x20x16xf32>
// CHECK: rnn.matmul %arg0 : tensor<2x20xf32>, %[[P]] : tensor<2x20x16xf32>
// CHECK: dialect_resources
// CHECK: dense_kernel: "0x04000000{{(0000003F){16}()}}
// CHECK-SAME: {{(0000003F){4}(00000000){12}"$}}
func.func @large_constant(%x: tensor<2x20xf32>) -> tensor<2x20xf32> {
  %w = arith.constant dense<0.5> : tensor<20x20xf32>
  %y = rnn.dense %x, %w : (tensor<2x20xf32>, tensor<20x20xf32>) -> tensor<2x20xf32>
  return %y : tensor<2x20xf32>
}

// -----

// A small constant stays inline.
// CHECK-LABEL: func.func @small_constant_inline
// CHECK: arith.constant dense<{{.*}}> : tensor<1x16x16xf32>
// CHECK-NOT: dense_resource
func.func @small_constant_inline(%x: tensor<2x16xf32>) -> tensor<2x16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x16xf32>
  %y = rnn.dense %x, %w : (tensor<2x16xf32>, tensor<16x16xf32>) -> tensor<2x16xf32>
  return %y : tensor<2x16xf32>
}

// -----

// A single vector (rank 1) is one row: (k) -> (1, k), the matmul, and back to (n).
// CHECK-LABEL: func.func @vector_input
// CHECK: %[[ROW:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0, 1]] output_shape [1, 4] : tensor<4xf32> into tensor<1x4xf32>
// CHECK: %[[M:.*]] = rnn.matmul %[[ROW]] : tensor<1x4xf32>, %{{.*}} : tensor<1x4x8xf32> outs(%{{.*}} : tensor<1x8xf32>) -> tensor<1x8xf32>
// CHECK: tensor.collapse_shape %[[M]] {{\[\[}}0, 1]] : tensor<1x8xf32> into tensor<8xf32>
func.func @vector_input(%x: tensor<4xf32>) -> tensor<8xf32> {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %y = rnn.dense %x, %w : (tensor<4xf32>, tensor<4x8xf32>) -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// A gated recurrence's weights (K = 3 units, 4 LSTM gates; column j of gate g holds
// g * 10 + j, row k adds 100 * k) in panels of VW = 2 units: for each unit block, its panel
// of gate i, f, c, o side by side, each gate zero-padded on its own past unit 3.
// VW2-LABEL: func.func @lstm_gate_panels
// VW2: arith.constant dense<{{\[\[\[}}0.000000e+00, 1.000000e+00], [1.000000e+02, 1.010000e+02], [2.000000e+02, 2.010000e+02]], {{\[\[}}1.000000e+01, 1.100000e+01], [1.100000e+02, 1.110000e+02], [2.100000e+02, 2.110000e+02]], {{\[\[}}2.000000e+01, 2.100000e+01], [1.200000e+02, 1.210000e+02], [2.200000e+02, 2.210000e+02]], {{\[\[}}3.000000e+01, 3.100000e+01], [1.300000e+02, 1.310000e+02], [2.300000e+02, 2.310000e+02]], {{\[\[}}2.000000e+00, 0.000000e+00], [1.020000e+02, 0.000000e+00], [2.020000e+02, 0.000000e+00]], {{\[\[}}1.200000e+01, 0.000000e+00], [1.120000e+02, 0.000000e+00], [2.120000e+02, 0.000000e+00]], {{\[\[}}2.200000e+01, 0.000000e+00], [1.220000e+02, 0.000000e+00], [2.220000e+02, 0.000000e+00]], {{\[\[}}3.200000e+01, 0.000000e+00], [1.320000e+02, 0.000000e+00], [2.320000e+02, 0.000000e+00]]]> : tensor<8x3x2xf32>
// VW2: rnn.gated_recurrence <lstm> %{{.*}} : tensor<8x3x2xf32>
func.func @lstm_gate_panels(%p: tensor<1x3x12xf32>) -> tensor<1x3xf32> {
  %r = arith.constant dense<[[0.0, 1.0, 2.0, 10.0, 11.0, 12.0, 20.0, 21.0, 22.0, 30.0, 31.0, 32.0],
                             [100.0, 101.0, 102.0, 110.0, 111.0, 112.0, 120.0, 121.0, 122.0, 130.0, 131.0, 132.0],
                             [200.0, 201.0, 202.0, 210.0, 211.0, 212.0, 220.0, 221.0, 222.0, 230.0, 231.0, 232.0]]> : tensor<3x12xf32>
  %s = tensor.empty() : tensor<1x3x3xf32>
  %l = tensor.empty() : tensor<1x3xf32>
  %c = tensor.empty() : tensor<1x3xf32>
  %o:3 = rnn.gated_recurrence <lstm> %r : tensor<3x12xf32> projection(%p : tensor<1x3x12xf32>)
      outs(%s : tensor<1x3x3xf32>, %l : tensor<1x3xf32>) cell(%c : tensor<1x3xf32>)
      -> tensor<1x3x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>
  return %o#1 : tensor<1x3xf32>
}

// -----

// A GRU without reset_after reads r before its h product: the z and r panels of each unit
// block side by side first, then the h panels.
// VW2-LABEL: func.func @gru_reset_before_panels
// VW2: arith.constant dense<{{\[\[\[}}0.000000e+00, 1.000000e+00], [1.000000e+02, 1.010000e+02], [2.000000e+02, 2.010000e+02]], {{\[\[}}1.000000e+01, 1.100000e+01], [1.100000e+02, 1.110000e+02], [2.100000e+02, 2.110000e+02]], {{\[\[}}2.000000e+00, 0.000000e+00], [1.020000e+02, 0.000000e+00], [2.020000e+02, 0.000000e+00]], {{\[\[}}1.200000e+01, 0.000000e+00], [1.120000e+02, 0.000000e+00], [2.120000e+02, 0.000000e+00]], {{\[\[}}2.000000e+01, 2.100000e+01], [1.200000e+02, 1.210000e+02], [2.200000e+02, 2.210000e+02]], {{\[\[}}2.200000e+01, 0.000000e+00], [1.220000e+02, 0.000000e+00], [2.220000e+02, 0.000000e+00]]]> : tensor<6x3x2xf32>
func.func @gru_reset_before_panels(%p: tensor<1x3x9xf32>) -> tensor<1x3xf32> {
  %r = arith.constant dense<[[0.0, 1.0, 2.0, 10.0, 11.0, 12.0, 20.0, 21.0, 22.0],
                             [100.0, 101.0, 102.0, 110.0, 111.0, 112.0, 120.0, 121.0, 122.0],
                             [200.0, 201.0, 202.0, 210.0, 211.0, 212.0, 220.0, 221.0, 222.0]]> : tensor<3x9xf32>
  %s = tensor.empty() : tensor<1x3x3xf32>
  %l = tensor.empty() : tensor<1x3xf32>
  %c = tensor.empty() : tensor<1x3xf32>
  %o:3 = rnn.gated_recurrence <gru> %r : tensor<3x9xf32> projection(%p : tensor<1x3x9xf32>)
      outs(%s : tensor<1x3x3xf32>, %l : tensor<1x3xf32>) scratch(%c : tensor<1x3xf32>)
      -> tensor<1x3x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>
  return %o#1 : tensor<1x3xf32>
}

// -----

// Run-time weights: each gate padded, split into unit blocks, blocks moved outermost.
// VW2-LABEL: func.func @gru_runtime_gate_panels
// VW2: %[[G:.*]] = tensor.expand_shape %arg1 {{\[\[}}0], [1, 2]] output_shape [3, 3, 3] : tensor<3x9xf32> into tensor<3x3x3xf32>
// VW2: %[[PAD:.*]] = tensor.pad %[[G]] low[0, 0, 0] high[0, 0, 1]
// VW2: %[[SPLIT:.*]] = tensor.expand_shape %[[PAD]] {{\[\[}}0], [1], [2, 3]] output_shape [3, 3, 2, 2]
// VW2: %[[T:.*]] = linalg.transpose ins(%[[SPLIT]] : tensor<3x3x2x2xf32>) outs(%{{.*}} : tensor<2x3x3x2xf32>) permutation = [2, 1, 0, 3]
// VW2: %[[P:.*]] = tensor.collapse_shape %[[T]] {{\[\[}}0, 1], [2], [3]] : tensor<2x3x3x2xf32> into tensor<6x3x2xf32>
// VW2: rnn.gated_recurrence <gru> %[[P]] : tensor<6x3x2xf32>
func.func @gru_runtime_gate_panels(%p: tensor<1x3x9xf32>, %r: tensor<3x9xf32>) -> tensor<1x3xf32> {
  %s = tensor.empty() : tensor<1x3x3xf32>
  %l = tensor.empty() : tensor<1x3xf32>
  %o:2 = rnn.gated_recurrence <gru> %r : tensor<3x9xf32> projection(%p : tensor<1x3x9xf32>)
      outs(%s : tensor<1x3x3xf32>, %l : tensor<1x3xf32>) {reset_after}
      -> tensor<1x3x3xf32>, tensor<1x3xf32>
  return %o#1 : tensor<1x3xf32>
}
