// rnn-check-weights: a constant whose resource has no data (a model printed with its large
// weights elided) is an error at the constant; a module whose resources are all present
// passes unchanged.
// RUN: rnn-opt %s -rnn-check-weights -split-input-file -verify-diagnostics
// RUN: not rnn-opt %s -rnn-check-weights -split-input-file 2>/dev/null | FileCheck %s

// CHECK-LABEL: func.func @present
// CHECK: arith.constant dense_resource<kernel> : tensor<2xf32>
func.func @present() -> tensor<2xf32> {
  %w = arith.constant dense_resource<kernel> : tensor<2xf32>
  return %w : tensor<2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      kernel: "0x040000000000803F00000040"
    }
  }
#-}

// -----

func.func @elided() -> tensor<2x3xf32> {
  // expected-error @+1 {{the values of this 'tensor<2x3xf32>' constant ('lstm_kernel') are not in the file: it was printed with its large weights elided, as rnnc --emit=rnn does; print it with --print-weights to compile it}}
  %w = arith.constant dense_resource<lstm_kernel> : tensor<2x3xf32>
  return %w : tensor<2x3xf32>
}
