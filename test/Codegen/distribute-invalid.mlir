// RUN: rnn-opt %s -split-input-file -verify-diagnostics -rnn-distribute

// Worker functions run every op on every worker or on worker 0: a function with results
// has none to give back from the others.
// expected-error @+1 {{'func.func' op cannot be distributed: expected one block and no results}}
func.func @with_result(%x: memref<4xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %v = memref.load %x[%c0] : memref<4xf32>
  return %v : f32
}

// -----

// A write whose result later ops use cannot move onto worker 0 alone.
func.func @write_with_result(%x: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %one = arith.constant 1.0 : f32
  // expected-error @+1 {{'memref.atomic_rmw' op cannot be distributed: writes memory and has results}}
  %old = memref.atomic_rmw addf %one, %x[%c0] : (f32, memref<4xf32>) -> f32
  memref.store %old, %x[%c0] : memref<4xf32>
  return
}
