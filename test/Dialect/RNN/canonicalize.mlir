// RUN: rnn-opt %s -split-input-file -canonicalize | FileCheck %s
// rnn.dense's canonicalization: a bias added to the result of a layer without one, and an
// activation applied to the result of a linear layer, join the layer.

#id = affine_map<(d0, d1) -> (d0, d1)>
#last = affine_map<(d0, d1) -> (d1)>

// CHECK-LABEL: func.func @bias_vector
// CHECK: %[[B:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK: %[[D:.*]] = rnn.dense %arg0, %arg1 bias %[[B]] : (tensor<?x8xf32>, tensor<8x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[D]]
func.func @bias_vector(%x: tensor<?x8xf32>, %w: tensor<8x3xf32>) -> tensor<?x3xf32> {
  %c0 = arith.constant 0 : index
  %d = rnn.dense %x, %w : (tensor<?x8xf32>, tensor<8x3xf32>) -> tensor<?x3xf32>
  %b = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %n = tensor.dim %x, %c0 : tensor<?x8xf32>
  %e = tensor.empty(%n) : tensor<?x3xf32>
  %y = linalg.generic {indexing_maps = [#id, #last, #id], iterator_types = ["parallel", "parallel"]}
      ins(%d, %b : tensor<?x3xf32>, tensor<3xf32>) outs(%e : tensor<?x3xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %s = arith.addf %a, %c : f32
    linalg.yield %s : f32
  } -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// -----

// The constant first, as a (1, units) row, and the layer's activation after it.
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (0, d1)>

// CHECK-LABEL: func.func @bias_row_then_activation
// CHECK: %[[B:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: %[[D:.*]] = rnn.dense %arg0, %arg1 bias %[[B]] {activation = #rnn.activation<sigmoid>}
// CHECK-NOT: rnn.activate
// CHECK: return %[[D]]
func.func @bias_row_then_activation(%x: tensor<4x8xf32>, %w: tensor<8x2xf32>) -> tensor<4x2xf32> {
  %d = rnn.dense %x, %w : (tensor<4x8xf32>, tensor<8x2xf32>) -> tensor<4x2xf32>
  %b = arith.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
  %e = tensor.empty() : tensor<4x2xf32>
  %y = linalg.generic {indexing_maps = [#row, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%b, %d : tensor<1x2xf32>, tensor<4x2xf32>) outs(%e : tensor<4x2xf32>) {
  ^bb0(%c: f32, %a: f32, %o: f32):
    %s = arith.addf %c, %a : f32
    linalg.yield %s : f32
  } -> tensor<4x2xf32>
  %z = rnn.activate %y {activation = #rnn.activation<sigmoid>} : tensor<4x2xf32>
  return %z : tensor<4x2xf32>
}

// -----

// A scalar added everywhere is a bias of equal values.
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#scalar = affine_map<(d0, d1, d2) -> ()>

// CHECK-LABEL: func.func @bias_scalar
// CHECK: %[[B:.*]] = arith.constant dense<5.000000e-01> : tensor<3xf32>
// CHECK: rnn.dense %arg0, %arg1 bias %[[B]] : (tensor<2x7x8xf32>, tensor<8x3xf32>, tensor<3xf32>) -> tensor<2x7x3xf32>
func.func @bias_scalar(%x: tensor<2x7x8xf32>, %w: tensor<8x3xf32>) -> tensor<2x7x3xf32> {
  %d = rnn.dense %x, %w : (tensor<2x7x8xf32>, tensor<8x3xf32>) -> tensor<2x7x3xf32>
  %b = arith.constant dense<0.5> : tensor<f32>
  %e = tensor.empty() : tensor<2x7x3xf32>
  %y = linalg.generic {indexing_maps = [#id, #scalar, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%d, %b : tensor<2x7x3xf32>, tensor<f32>) outs(%e : tensor<2x7x3xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %s = arith.addf %a, %c : f32
    linalg.yield %s : f32
  } -> tensor<2x7x3xf32>
  return %y : tensor<2x7x3xf32>
}

// -----

// Nothing joins a layer that has a bias already, a non-linear activation, another user,
// or when the constant varies along another dim or the body is not an addition.
#id = affine_map<(d0, d1) -> (d0, d1)>
#last = affine_map<(d0, d1) -> (d1)>
#first = affine_map<(d0, d1) -> (d0)>

// CHECK-LABEL: func.func @kept
// CHECK-COUNT-5: linalg.generic
// CHECK: rnn.activate
func.func @kept(%x: tensor<4x8xf32>, %w: tensor<8x4xf32>, %b0: tensor<4xf32>)
    -> (tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>,
        tensor<4x4xf32>, tensor<4x4xf32>) {
  %b = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %e = tensor.empty() : tensor<4x4xf32>
  %biased = rnn.dense %x, %w bias %b0 : (tensor<4x8xf32>, tensor<8x4xf32>, tensor<4xf32>) -> tensor<4x4xf32>
  %y0 = linalg.generic {indexing_maps = [#id, #last, #id], iterator_types = ["parallel", "parallel"]}
      ins(%biased, %b : tensor<4x4xf32>, tensor<4xf32>) outs(%e : tensor<4x4xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %s = arith.addf %a, %c : f32
    linalg.yield %s : f32
  } -> tensor<4x4xf32>
  %relu = rnn.dense %x, %w {activation = #rnn.activation<relu>} : (tensor<4x8xf32>, tensor<8x4xf32>) -> tensor<4x4xf32>
  %y1 = linalg.generic {indexing_maps = [#id, #last, #id], iterator_types = ["parallel", "parallel"]}
      ins(%relu, %b : tensor<4x4xf32>, tensor<4xf32>) outs(%e : tensor<4x4xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %s = arith.addf %a, %c : f32
    linalg.yield %s : f32
  } -> tensor<4x4xf32>
  %shared = rnn.dense %x, %w : (tensor<4x8xf32>, tensor<8x4xf32>) -> tensor<4x4xf32>
  %y2 = linalg.generic {indexing_maps = [#id, #last, #id], iterator_types = ["parallel", "parallel"]}
      ins(%shared, %b : tensor<4x4xf32>, tensor<4xf32>) outs(%e : tensor<4x4xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %s = arith.addf %a, %c : f32
    linalg.yield %s : f32
  } -> tensor<4x4xf32>
  %rows = rnn.dense %x, %w : (tensor<4x8xf32>, tensor<8x4xf32>) -> tensor<4x4xf32>
  %y3 = linalg.generic {indexing_maps = [#id, #first, #id], iterator_types = ["parallel", "parallel"]}
      ins(%rows, %b : tensor<4x4xf32>, tensor<4xf32>) outs(%e : tensor<4x4xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %s = arith.addf %a, %c : f32
    linalg.yield %s : f32
  } -> tensor<4x4xf32>
  %scaled = rnn.dense %x, %w : (tensor<4x8xf32>, tensor<8x4xf32>) -> tensor<4x4xf32>
  %y4 = linalg.generic {indexing_maps = [#id, #last, #id], iterator_types = ["parallel", "parallel"]}
      ins(%scaled, %b : tensor<4x4xf32>, tensor<4xf32>) outs(%e : tensor<4x4xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %s = arith.mulf %a, %c : f32
    linalg.yield %s : f32
  } -> tensor<4x4xf32>
  %act = rnn.activate %relu {activation = #rnn.activation<tanh>} : tensor<4x4xf32>
  return %y0, %y1, %y2, %y3, %y4, %shared, %act : tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>
}
