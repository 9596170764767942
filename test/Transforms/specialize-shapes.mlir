// rnn-specialize-shapes: --batch / --timesteps give a public function's dynamic dims their
// sizes, and the rnn ops after it their refined types.
// RUN: rnn-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(rnn-specialize-shapes{batch=2 timesteps=5}))' | FileCheck %s

// Dim 0 is the batch and dim 1 the time by position; the layer's sequence follows them and
// the function returns it with its static type.
// CHECK-LABEL: func.func @seq
// CHECK-SAME: (%[[X:.*]]: tensor<2x5x4xf32>) -> tensor<2x5x8xf32>
// CHECK: %[[S:.*]] = rnn.simple_rnn %[[X]] : tensor<2x5x4xf32> {{.*}} -> sequence tensor<2x5x8xf32>
// CHECK: return %[[S]] : tensor<2x5x8xf32>
func.func @seq(%x: tensor<?x?x4xf32>) -> tensor<?x?x8xf32> {
  %wx = arith.constant dense<0.1> : tensor<4x8xf32>
  %wh = arith.constant dense<0.05> : tensor<8x8xf32>
  %s = rnn.simple_rnn %x : tensor<?x?x4xf32> kernel(%wx : tensor<4x8xf32>) recurrent(%wh : tensor<8x8xf32>) -> sequence tensor<?x?x8xf32>
  return %s : tensor<?x?x8xf32>
}

// -----

// rnn.dim_names say which dim is which; an op outside the rnn dialect reads the argument
// through a cast back to the type it had.
// CHECK-LABEL: func.func @named
// CHECK-SAME: (%[[X:.*]]: tensor<5x2x4xf32> {rnn.dim_names = ["timesteps", "batch"]})
// CHECK: %[[C:.*]] = tensor.cast %[[X]] : tensor<5x2x4xf32> to tensor<?x?x4xf32>
// CHECK: math.tanh %[[C]] : tensor<?x?x4xf32>
func.func @named(%x: tensor<?x?x4xf32> {rnn.dim_names = ["timesteps", "batch"]}) -> tensor<?x?x4xf32> {
  %y = math.tanh %x : tensor<?x?x4xf32>
  return %y : tensor<?x?x4xf32>
}

// -----

// A private function is not the model's interface: it keeps its dynamic dims.
// CHECK-LABEL: func.func private @helper
// CHECK-SAME: (%{{.*}}: tensor<?x?x4xf32>) -> tensor<?x?x4xf32>
func.func private @helper(%x: tensor<?x?x4xf32>) -> tensor<?x?x4xf32> {
  return %x : tensor<?x?x4xf32>
}
