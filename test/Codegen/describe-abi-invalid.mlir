// rnn-describe-abi describes one public function, whose dynamic output dims equal inputs'.
// RUN: rnn-opt %s -split-input-file -rnn-describe-abi -verify-diagnostics
// RUN: not rnn-opt %s -split-input-file -rnn-describe-abi=weight-precision=fp8 2>&1 | FileCheck %s --check-prefix=PRECISION
// PRECISION: error: weight-precision must be f32, bf16, bf16-dot, int8 or int8-dot, got 'fp8'

// expected-error @+1 {{the model has 2 public functions; choose one with --function: first second}}
module {
  func.func @first(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
  func.func @second(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
}

// -----

// expected-error @+1 {{the model has no public function to compile}}
module {
  func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
}

// -----

func.func @untold(%x: tensor<?xf32>, %n: tensor<i64>) -> tensor<?xf32> {
  %c = tensor.extract %n[] : tensor<i64>
  %i = arith.index_cast %c : i64 to index
  // expected-error @+1 {{cannot tell dimension 0 of output 0 ('output0') from the inputs' dimensions}}
  %y = tensor.empty(%i) : tensor<?xf32>
  return %y : tensor<?xf32>
}
