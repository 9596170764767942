// rnn-wrap-entry-points needs one public model function whose buffers rnn.abi describes.
// RUN: rnn-opt %s -rnn-wrap-entry-points -split-input-file -verify-diagnostics

// expected-error @+1 {{model function 'undescribed' has no 'rnn.abi' (run rnn-describe-abi first)}}
func.func @undescribed(%x: memref<4xf32>, %out: memref<4xf32>) {
  return
}

// -----

// expected-error @+1 {{the model function takes 1 arguments, but 'rnn.abi' describes 2}}
func.func @missing_output(%x: memref<4xf32>) attributes {rnn.abi = {name = "m", dims = 0 : i64,
    inputs = [{shape = array<i64: 4>, dim_params = array<i32: -1>}],
    outputs = [{shape = array<i64: 4>, dim_params = array<i32: -1>}]}} {
  return
}

// -----

// expected-error @+1 {{'rnn.abi': a dynamic dim needs a dim_param below 1, a static one -1}}
func.func @unnumbered_dim(%x: memref<?xf32>, %out: memref<?xf32>) attributes {rnn.abi = {name = "m", dims = 1 : i64,
    inputs = [{shape = array<i64: -1>, dim_params = array<i32: -1>}],
    outputs = [{shape = array<i64: -1>, dim_params = array<i32: 0>}]}} {
  return
}

// -----

// expected-error @+1 {{'rnn.abi': each tensor needs a shape and as many dim_params}}
func.func @short_params(%x: memref<2x4xf32>, %out: memref<4xf32>) attributes {rnn.abi = {name = "m", dims = 0 : i64,
    inputs = [{shape = array<i64: 2, 4>, dim_params = array<i32: -1>}],
    outputs = [{shape = array<i64: 4>, dim_params = array<i32: -1>}]}} {
  return
}

// -----

// expected-error @+1 {{argument 0 of the model function is 'memref<8xf32>', but 'rnn.abi' describes a rank-2 tensor of numbers}}
func.func @wrong_rank(%x: memref<8xf32>, %out: memref<4xf32>) attributes {rnn.abi = {name = "m", dims = 0 : i64,
    inputs = [{shape = array<i64: 2, 4>, dim_params = array<i32: -1, -1>}],
    outputs = [{shape = array<i64: 4>, dim_params = array<i32: -1>}]}} {
  return
}

// -----

// expected-error @+1 {{the model function must return nothing or an i32 status}}
func.func @float_result(%x: memref<4xf32>, %out: memref<4xf32>) -> f32 attributes {rnn.abi = {name = "m", dims = 0 : i64,
    inputs = [{shape = array<i64: 4>, dim_params = array<i32: -1>}],
    outputs = [{shape = array<i64: 4>, dim_params = array<i32: -1>}]}} {
  %c = arith.constant 0.0 : f32
  return %c : f32
}

// -----

func.func @r_impl(%x: memref<?xf32>, %out: memref<?xf32>) attributes {rnn.abi = {name = "r", dims = 1 : i64,
    inputs = [{shape = array<i64: -1>, dim_params = array<i32: 0>}],
    outputs = [{shape = array<i64: -1>, dim_params = array<i32: 0>}]}} {
  return
}
// expected-error @+1 {{the requirements function takes 2 dims, expected 1}}
func.func private @r_impl_check(%a: i64, %b: i64) -> i32 {
  %c = arith.constant 0 : i32
  return %c : i32
}

// -----

// expected-error @+1 {{the model has 2 public functions; choose one with --function: first second}}
module {
  func.func @first(%x: memref<4xf32>) {
    return
  }
  func.func @second(%x: memref<4xf32>) {
    return
  }
}

// -----

// expected-error @+1 {{the model has no public function to compile}}
module {
  func.func private @helper(%x: memref<4xf32>) {
    return
  }
}

// -----

// The dialect checks the attribute's form, the pass its contents.
// expected-error @+1 {{'func.func' op 'rnn.abi' describes a model's C signature as a dictionary, on its function or its module}}
func.func @not_a_dictionary(%x: memref<4xf32>) attributes {rnn.abi = 3 : i64} {
  return
}
