// RUN: rnn-opt %s -split-input-file -verify-diagnostics
// Each rule of the rnn.* attributes on functions, arguments, results and modules.

// expected-error @+1 {{argument 0: 'rnn.dim_names' has 3 names for 2 dims}}
func.func @dim_names_count(%x: tensor<?x4xf32> {rnn.dim_names = ["batch", "timesteps", "features"]}) {
  return
}

// -----

// expected-error @+1 {{argument 0: 'rnn.dim_params' must be an array of strings, one per dim}}
func.func @dim_params_not_strings(%x: tensor<?x4xf32> {rnn.dim_params = [1, 2]}) {
  return
}

// -----

// expected-error @+1 {{argument 0: 'rnn.name' must be a string}}
func.func @name_not_string(%x: tensor<4xf32> {rnn.name = 3 : i64}) {
  return
}

// -----

// expected-error @+1 {{result 0: 'rnn.name' must be a string}}
func.func @result_name_not_string(%x: tensor<4xf32>) -> (tensor<4xf32> {rnn.name = unit}) {
  return %x : tensor<4xf32>
}

// -----

// expected-error @+1 {{argument 0: 'rnn.state' must be a layer index (an integer >= 0)}}
func.func @state_negative(%x: tensor<1x4xf32> {rnn.state = -1 : i64}) {
  return
}

// -----

// expected-error @+1 {{result 0: 'rnn.state' must be a layer index (an integer >= 0)}}
func.func @result_state_string(%x: tensor<1x4xf32>) -> (tensor<1x4xf32> {rnn.state = "0"}) {
  return %x : tensor<1x4xf32>
}

// -----

// expected-error @+1 {{argument 0: 'rnn.weights' must be the weights' size in bytes}}
func.func @weights_arg(%w: memref<?xi8> {rnn.weights = "all"}) {
  return
}

// -----

// expected-error @+1 {{argument 0 has unknown attribute 'rnn.dims'}}
func.func @unknown_arg(%x: tensor<4xf32> {rnn.dims = ["batch"]}) {
  return
}

// -----

// expected-error @+1 {{result 0 has unknown attribute 'rnn.dim_names'}}
func.func @unknown_result(%x: tensor<4xf32>) -> (tensor<4xf32> {rnn.dim_names = [""]}) {
  return %x : tensor<4xf32>
}

// -----

// expected-error @+1 {{'rnn.stateful' marks a function, and takes no value}}
func.func @stateful_value() attributes {rnn.stateful = true} {
  return
}

// -----

// expected-error @+1 {{'rnn.workers' must name a function's worker index, worker count and barrier arguments (three argument indices)}}
func.func @workers_out_of_range(%i: index, %n: index) attributes {rnn.workers = array<i64: 0, 1, 2>} {
  return
}

// -----

// expected-error @+1 {{'rnn.weights' on a module must be the weights' bytes (a dense_resource of i8)}}
module attributes {rnn.weights = 64 : i64} {
}

// -----

// expected-error @+1 {{'rnn.weights_fingerprint' must be an integer on a module}}
func.func @fingerprint_on_function() attributes {rnn.weights_fingerprint = 1 : i64} {
  return
}

// -----

// expected-error @+1 {{'rnn.workspace' must be a function's {place = "none" | "stack" | "heap" | "caller", buffers = [array<i64: bytes, argument, dim, ...>, ...]}}}
func.func @workspace_place() attributes {rnn.workspace = {place = "registers", buffers = []}} {
  return
}

// -----

// An even-length size has a dim without its argument.
// expected-error @+1 {{'rnn.workspace' must be a function's}}
func.func @workspace_pairs() attributes {rnn.workspace = {place = "heap", buffers = [array<i64: 64, 0>]}} {
  return
}

// -----

// expected-error @+1 {{'rnn.workspace' must be a function's}}
module attributes {rnn.workspace = {place = "none", buffers = []}} {
}

// -----

// expected-error @+1 {{has unknown attribute 'rnn.model'}}
func.func @unknown_op_attr() attributes {rnn.model} {
  return
}
