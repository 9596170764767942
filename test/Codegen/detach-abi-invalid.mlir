// rnn-detach-abi reads the description it hands on: a module without one, or with a
// malformed one, is an error at what carries it.
// RUN: rnn-opt %s -split-input-file -rnn-detach-abi -verify-diagnostics

// expected-error @+1 {{the module has no 'rnn.abi' model description (run rnn-describe-abi)}}
module {
  func.func @m(%x: memref<4xf32>) {
    return
  }
}

// -----

// expected-error @+1 {{'rnn.abi' must give a name, dims, inputs and outputs}}
module attributes {rnn.abi = {name = "m", inputs = [], outputs = []}} {
}

// -----

// expected-error @+1 {{'rnn.abi': each tensor needs a shape and as many dim_params}}
module attributes {rnn.abi = {name = "m", dims = 0 : i64, inputs = [{shape = array<i64: 4>}], outputs = []}} {
}

// -----

// expected-error @+1 {{'rnn.abi': a dynamic dim needs a dim_param below 1, a static one -1}}
module attributes {rnn.abi = {name = "m", dims = 1 : i64, inputs = [{shape = array<i64: -1>, dim_params = array<i32: 1>}], outputs = []}} {
}

// -----

// expected-error @+1 {{'rnn.abi': every dim_param must be a dim of an input}}
module attributes {rnn.abi = {name = "m", dims = 1 : i64, inputs = [], outputs = [{shape = array<i64: -1>, dim_params = array<i32: 0>}]}} {
}

// -----

// expected-error @+1 {{'rnn.abi': unknown dtype 'bfloat16'; expected float32, float64, int32 or int64}}
module attributes {rnn.abi = {name = "m", dims = 0 : i64, inputs = [{dtype = "bfloat16", shape = array<i64: 4>, dim_params = array<i32: -1>}], outputs = []}} {
}

// -----

// expected-error @+1 {{'rnn.abi': weights_bytes needs a weights_fingerprint}}
module attributes {rnn.abi = {name = "m", dims = 0 : i64, inputs = [], outputs = [], weights_bytes = 64 : i64}} {
}

// -----

module {
  func.func @a() attributes {rnn.abi = {name = "a", dims = 0 : i64, inputs = [], outputs = []}} {
    return
  }
  // expected-error @+1 {{two functions carry 'rnn.abi'; a module describes one model}}
  func.func @b() attributes {rnn.abi = {name = "b", dims = 0 : i64, inputs = [], outputs = []}} {
    return
  }
}
