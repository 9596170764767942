// rnn-decompose-aggregates: the aggregate ops importers emit become ops that bufferize in
// place and lower to loops.
// RUN: rnn-opt %s -split-input-file --rnn-decompose-aggregates | FileCheck %s

// Softmax over the last dim: a max reduction (from the lowest f32), exp(x - max), a sum
// reduction (from 0) and a division by the sum; no linalg.softmax is left.
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<2x5xf32>)
// CHECK-NOT: linalg.softmax
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[LOWEST:.*]] = arith.constant -3.40282347E+38 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[LOWEST]] : f32)
// CHECK: %[[MAX:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<2x5xf32>) outs(%[[INIT]] : tensor<2xf32>)
// CHECK: arith.maxnumf
// CHECK: %[[EXP:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[MAX]] : tensor<2x5xf32>, tensor<2xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: %[[SUMINIT:.*]] = linalg.fill ins(%[[ZERO]] : f32)
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[EXP]] : tensor<2x5xf32>) outs(%[[SUMINIT]] : tensor<2xf32>)
// CHECK: arith.addf
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%[[EXP]], %[[SUM]] : tensor<2x5xf32>, tensor<2xf32>)
// CHECK: arith.divf
// CHECK: return %[[Y]]
func.func @softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %e = tensor.empty() : tensor<2x5xf32>
  %y = linalg.softmax dimension(1) ins(%x : tensor<2x5xf32>) outs(%e : tensor<2x5xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

// A concat (a bidirectional layer's halves) writes each operand into its slice of one
// tensor, the second at offset 8 of the concatenated dim.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:[^:]*]]: tensor<1x3x8xf32>, %[[B:[^:]*]]: tensor<1x3x8xf32>)
// CHECK-NOT: tensor.concat
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x3x16xf32>
// CHECK: %[[S:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0, 0] [1, 3, 8] [1, 1, 1]
// CHECK: %[[T:.*]] = tensor.insert_slice %[[B]] into %[[S]][0, 0, 8] [1, 3, 8] [1, 1, 1]
// CHECK: return %[[T]]
func.func @concat(%a: tensor<1x3x8xf32>, %b: tensor<1x3x8xf32>) -> tensor<1x3x16xf32> {
  %c = tensor.concat dim(2) %a, %b : (tensor<1x3x8xf32>, tensor<1x3x8xf32>) -> tensor<1x3x16xf32>
  return %c : tensor<1x3x16xf32>
}
