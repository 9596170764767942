// rnn.require: round trip, its one verifier rule, and its canonicalization.
// RUN: rnn-opt %s -split-input-file -verify-diagnostics | rnn-opt | FileCheck %s
// RUN: rnn-opt %s -split-input-file -verify-diagnostics -canonicalize | FileCheck %s --check-prefix=CANON

// The condition and message print as parsed.
// CHECK-LABEL: func.func @round_trip
// CHECK: rnn.require %{{.*}}, "node 'last' (Gather) takes index -1 of axis 1"
// A requirement the dims may not meet stays through canonicalization.
// CANON-LABEL: func.func @round_trip
// CANON: rnn.require
func.func @round_trip(%x: tensor<?x?xf32>) {
  %c1 = arith.constant 1 : index
  %t = tensor.dim %x, %c1 : tensor<?x?xf32>
  %ok = arith.cmpi sge, %t, %c1 : index
  rnn.require %ok, "node 'last' (Gather) takes index -1 of axis 1"
  return
}

// -----

// One that always holds (a static dim) checks nothing: canonicalization erases it.
// CANON-LABEL: func.func @always
// CANON-NOT: rnn.require
func.func @always(%x: tensor<?x5xf32>) {
  %c1 = arith.constant 1 : index
  %t = tensor.dim %x, %c1 : tensor<?x5xf32>
  %ok = arith.cmpi sge, %t, %c1 : index
  rnn.require %ok, "node 'last' (Gather) takes index -1 of axis 1"
  return
}

// -----

// One that never holds is kept, for the compiler to report.
// CANON-LABEL: func.func @never
// CANON: rnn.require %false
func.func @never() {
  %false = arith.constant false
  rnn.require %false, "node 'slice' (Slice) takes elements [2:5] of axis 1"
  return
}

// -----

func.func @empty_message(%ok: i1) {
  // expected-error @+1 {{'rnn.require' op message must not be empty}}
  rnn.require %ok, ""
  return
}
