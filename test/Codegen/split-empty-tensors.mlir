// RUN: rnn-opt %s -rnn-split-empty-tensors | FileCheck %s

// A tensor.empty shared by three results becomes one per use, each just before its user,
// so eliminating one into an output buffer leaves the others apart.
// CHECK-LABEL: func.func @shared
// CHECK: %[[E0:.*]] = tensor.empty() : tensor<3x2xf32>
// CHECK: linalg.transpose ins(%{{.*}} : tensor<2x3xf32>) outs(%[[E0]] : tensor<3x2xf32>)
// CHECK: %[[E1:.*]] = tensor.empty() : tensor<3x2xf32>
// CHECK: linalg.transpose ins(%{{.*}} : tensor<2x3xf32>) outs(%[[E1]] : tensor<3x2xf32>)
// CHECK: %[[E2:.*]] = tensor.empty() : tensor<3x2xf32>
// CHECK: linalg.transpose ins(%{{.*}} : tensor<2x3xf32>) outs(%[[E2]] : tensor<3x2xf32>)
func.func @shared(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %c: tensor<2x3xf32>)
    -> (tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>) {
  %e = tensor.empty() : tensor<3x2xf32>
  %t0 = linalg.transpose ins(%a : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>) permutation = [1, 0]
  %t1 = linalg.transpose ins(%b : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>) permutation = [1, 0]
  %t2 = linalg.transpose ins(%c : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>) permutation = [1, 0]
  return %t0, %t1, %t2 : tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>
}
