// RUN: rnn-opt %s | rnn-opt | FileCheck %s
// The rnn.* attributes round-trip where they belong (docs/RNNDialect.md).

// CHECK: module attributes {rnn.weights = dense_resource<blob> : tensor<4xi8>, rnn.weights_fingerprint = 7 : i64}
module attributes {rnn.weights = dense_resource<blob> : tensor<4xi8>, rnn.weights_fingerprint = 7 : i64} {
  // CHECK: func.func @model(%{{.*}}: tensor<?x?x4xf32> {rnn.dim_names = ["batch", "timesteps", ""], rnn.dim_params = ["N", "T", ""], rnn.name = "x"}, %{{.*}}: tensor<?x8xf32> {rnn.name = "h0", rnn.state = 0 : i64}) -> (tensor<?x8xf32> {rnn.name = "h", rnn.state = 0 : i64}) attributes {rnn.stateful}
  func.func @model(%x: tensor<?x?x4xf32> {rnn.dim_names = ["batch", "timesteps", ""], rnn.dim_params = ["N", "T", ""], rnn.name = "x"},
                   %h0: tensor<?x8xf32> {rnn.name = "h0", rnn.state = 0 : i64})
      -> (tensor<?x8xf32> {rnn.name = "h", rnn.state = 0 : i64}) attributes {rnn.stateful} {
    return %h0 : tensor<?x8xf32>
  }
  // CHECK: func.func @planned(%{{.*}}: memref<?x?x4xf32>) attributes {rnn.workspace = {buffers = [array<i64: 32, 0, 0, 0, 1>, array<i64: 16, -1, -1>], place = "heap"}}
  func.func @planned(%x: memref<?x?x4xf32>)
      attributes {rnn.workspace = {place = "heap", buffers = [array<i64: 32, 0, 0, 0, 1>, array<i64: 16, -1, -1>]}} {
    return
  }
  // CHECK: func.func private @worker(%{{.*}}: memref<?xi8> {rnn.weights = 4 : i64}, %{{.*}}: index, %{{.*}}: index, %{{.*}}: !llvm.ptr) attributes {rnn.workers = array<i64: 1, 2, 3>}
  func.func private @worker(%w: memref<?xi8> {rnn.weights = 4 : i64}, %i: index, %n: index, %sync: !llvm.ptr)
      attributes {rnn.workers = array<i64: 1, 2, 3>} {
    return
  }
}

{-#
  dialect_resources: {
    builtin: {
      blob: "0x0100000001020304"
    }
  }
#-}
