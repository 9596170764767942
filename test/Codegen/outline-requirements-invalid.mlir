// RUN: rnn-opt %s -split-input-file -rnn-outline-requirements -verify-diagnostics

// A requirement on a value read from memory cannot be checked before the run.
func.func @from_data(%x: tensor<?xi64>) {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{'tensor.extract' op computes a run-time requirement; requirements must be computed from the dims of the function's arguments with arith ops}}
  %v = tensor.extract %x[%c0] : tensor<?xi64>
  %i = arith.index_cast %v : i64 to index
  %t = tensor.dim %x, %c0 : tensor<?xi64>
  %ok = arith.cmpi slt, %i, %t : index
  rnn.require %ok, "node 'g' (Gather) takes an index read from the input"
  return
}

// -----

// A dim the compiler cannot trace back to the arguments.
func.func private @make(%x: tensor<?xf32>) -> tensor<?xf32>
func.func @untraced(%x: tensor<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %y = func.call @make(%x) : (tensor<?xf32>) -> tensor<?xf32>
  // expected-error @+1 {{'tensor.dim' op is a dim a run-time requirement reads; requirements must be computed from the dims of the function's arguments}}
  %t = tensor.dim %y, %c0 : tensor<?xf32>
  %ok = arith.cmpi sge, %t, %c1 : index
  rnn.require %ok, "node 'last' (Gather) takes index -1 of axis 0"
  return
}

// -----

// Static dims that can never allow what the model takes: no run can succeed.
// expected-error @+1 {{no run of this model can succeed: its static dims never allow what it takes: node 'last' (Gather) takes index 5 of axis 1}}
func.func @never(%x: tensor<2x3xf32>) {
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  %t = tensor.dim %x, %c1 : tensor<2x3xf32>
  %ok = arith.cmpi sle, %c6, %t : index
  rnn.require %ok, "node 'last' (Gather) takes index 5 of axis 1"
  return
}

// -----

// Only the arguments' dims are known before a run: a requirement belongs to a function
// that takes ranked tensors.
// expected-error @+1 {{'func.func' op has run-time requirements but argument #0 is not a ranked tensor}}
func.func @memref_arg(%x: memref<?xf32>, %ok: i1) {
  rnn.require %ok, "node 'n' (Gather) takes index 0 of axis 0"
  return
}
