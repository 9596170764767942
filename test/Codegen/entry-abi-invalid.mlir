// rnn-entry-abi rejects public functions whose signature is not all ranked tensors.
// RUN: rnn-opt %s -rnn-entry-abi -split-input-file -verify-diagnostics

// expected-error @+1 {{model function 'scalar_argument' must take and return only ranked tensors, got 'i1'}}
func.func @scalar_argument(%c: i1, %x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// expected-error @+1 {{model function 'scalar_result' must take and return only ranked tensors, got 'f32'}}
func.func @scalar_result(%x: tensor<4xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %e = tensor.extract %x[%c0] : tensor<4xf32>
  return %e : f32
}

// -----

// expected-error @+1 {{model function 'unranked' must take and return only ranked tensors, got 'tensor<*xf32>'}}
func.func @unranked(%x: tensor<*xf32>) -> tensor<4xf32> {
  %c = tensor.cast %x : tensor<*xf32> to tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

// Running the pass twice: the rewritten signature is memrefs, which are not model tensors.
// expected-error @+1 {{model function 'already_buffers' must take and return only ranked tensors, got 'memref<4xf32>'}}
func.func @already_buffers(%x: memref<4xf32>, %y: memref<4xf32>) {
  return
}

// -----

// A private function with any signature is not a model function and is not checked.
func.func private @private_scalar(%c: i1) -> i1 {
  return %c : i1
}
