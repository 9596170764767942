// rnn-entry-abi: each public function (tensor...) -> (tensor...) becomes
// (memref inputs..., memref outputs...) -> (): inputs are read through a restrict
// bufferization.to_tensor, results are materialized restrict writable into the caller's
// output buffers. Private functions keep their signature.
// RUN: rnn-opt %s -rnn-entry-abi -split-input-file | FileCheck %s

// Inputs keep their shapes (dynamic dims included) as memrefs, one output memref per result
// follows them, and the function returns nothing.
// CHECK-LABEL: func.func @model
// CHECK-SAME: (%[[X:[^:]*]]: memref<?x10x4xf32>, %[[LEN:[^:]*]]: memref<?xi32>, %[[W:[^:]*]]: memref<4x8xf32>, %[[R:[^:]*]]: memref<8x8xf32>, %[[OUT0:[^:]*]]: memref<?x10x8xf32>, %[[OUT1:[^:]*]]: memref<?x8xf32>)
// CHECK-NOT: ->
// CHECK-SAME: {
// The body reads the inputs through restrict to_tensor ops, placed first.
// CHECK-NEXT: %[[XT:.*]] = bufferization.to_tensor %[[X]] restrict : memref<?x10x4xf32>
// CHECK-NEXT: %[[LENT:.*]] = bufferization.to_tensor %[[LEN]] restrict : memref<?xi32>
// CHECK-NEXT: %[[WT:.*]] = bufferization.to_tensor %[[W]] restrict : memref<4x8xf32>
// CHECK-NEXT: %[[RT:.*]] = bufferization.to_tensor %[[R]] restrict : memref<8x8xf32>
// CHECK: %[[S:.*]], %[[H:.*]] = rnn.simple_rnn %[[XT]] : tensor<?x10x4xf32> kernel(%[[WT]] : tensor<4x8xf32>) recurrent(%[[RT]] : tensor<8x8xf32>) lengths(%[[LENT]] : tensor<?xi32>)
// Each result is materialized into its output buffer, in order, before a bare return.
// CHECK: bufferization.materialize_in_destination %[[S]] in restrict writable %[[OUT0]] : (tensor<?x10x8xf32>, memref<?x10x8xf32>) -> ()
// CHECK-NEXT: bufferization.materialize_in_destination %[[H]] in restrict writable %[[OUT1]] : (tensor<?x8xf32>, memref<?x8xf32>) -> ()
// CHECK-NEXT: return{{$}}
func.func @model(%x: tensor<?x10x4xf32>, %len: tensor<?xi32>, %w: tensor<4x8xf32>,
                 %r: tensor<8x8xf32>) -> (tensor<?x10x8xf32>, tensor<?x8xf32>) {
  %s, %h = rnn.simple_rnn %x : tensor<?x10x4xf32>
      kernel(%w : tensor<4x8xf32>) recurrent(%r : tensor<8x8xf32>) lengths(%len : tensor<?xi32>)
      -> sequence tensor<?x10x8xf32> last tensor<?x8xf32>
  return %s, %h : tensor<?x10x8xf32>, tensor<?x8xf32>
}

// -----

// A private function keeps its tensor signature and its return; the public one is
// rewritten and still calls it with tensors.
// CHECK-LABEL: func.func private @helper(%arg0: tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT: return %arg0 : tensor<4xf32>
// CHECK-LABEL: func.func @entry(%arg0: memref<4xf32>, %arg1: memref<4xf32>)
// CHECK: %[[XT:.*]] = bufferization.to_tensor %arg0 restrict : memref<4xf32>
// CHECK: %[[Y:.*]] = call @helper(%[[XT]]) : (tensor<4xf32>) -> tensor<4xf32>
// CHECK: bufferization.materialize_in_destination %[[Y]] in restrict writable %arg1
func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func @entry(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = func.call @helper(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Returning an input copies it into the output buffer; returning one value twice fills two
// output buffers.
// CHECK-LABEL: func.func @passthrough(%arg0: memref<4xf32>, %arg1: memref<4xf32>, %arg2: memref<4xf32>)
// CHECK: %[[XT:.*]] = bufferization.to_tensor %arg0 restrict
// CHECK: bufferization.materialize_in_destination %[[XT]] in restrict writable %arg1
// CHECK: bufferization.materialize_in_destination %[[XT]] in restrict writable %arg2
func.func @passthrough(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  return %x, %x : tensor<4xf32>, tensor<4xf32>
}

// -----

// Rank-0 tensors become rank-0 memrefs.
// CHECK-LABEL: func.func @scalar(%arg0: memref<f32>, %arg1: memref<f32>)
// CHECK: bufferization.to_tensor %arg0 restrict : memref<f32>
// CHECK: bufferization.materialize_in_destination {{.*}} : (tensor<f32>, memref<f32>) -> ()
func.func @scalar(%x: tensor<f32>) -> tensor<f32> {
  return %x : tensor<f32>
}

// -----

// A function without results only gains its input buffers.
// CHECK-LABEL: func.func @no_results(%arg0: memref<4xf32>) {
// CHECK: bufferization.to_tensor %arg0 restrict
// CHECK-NOT: materialize_in_destination
// CHECK: return{{$}}
func.func @no_results(%x: tensor<4xf32>) {
  return
}

// -----

// Argument and result attributes, which no longer line up with the new signature, are
// dropped; function attributes are kept.
// CHECK-LABEL: func.func @attributes(%arg0: memref<4xf32>, %arg1: memref<4xf32>) attributes {test.keep}
// CHECK-NOT: rnn.name
func.func @attributes(%x: tensor<4xf32> {rnn.name = "x"}) -> (tensor<4xf32> {rnn.name = "y"})
    attributes {test.keep} {
  return %x : tensor<4xf32>
}

// -----

// Uses of an input inside nested regions read the to_tensor value too.
// CHECK-LABEL: func.func @nested(%arg0: memref<4xf32>, %arg1: memref<4xf32>)
// CHECK: %[[XT:.*]] = bufferization.to_tensor %arg0 restrict
// CHECK: %[[R:.*]] = scf.execute_region -> tensor<4xf32> {
// CHECK-NEXT: scf.yield %[[XT]] : tensor<4xf32>
// CHECK: bufferization.materialize_in_destination %[[R]] in restrict writable %arg1
func.func @nested(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = scf.execute_region -> tensor<4xf32> {
    scf.yield %x : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}
