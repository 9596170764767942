// rnn-detach-abi: the model's C interface, which rnn-wrap-entry-points moved to the module
// complete, is taken off it, so the lowered module holds code only.
// RUN: rnn-opt %s -rnn-describe-abi=parallel -rnn-detach-abi | FileCheck %s
// RUN: rnn-opt %s -rnn-describe-abi | FileCheck %s --check-prefix=KEPT

// Before rnn-wrap-entry-points the description is on the model function; it goes too.
// CHECK-NOT: rnn.abi
// CHECK-LABEL: func.func @m(
// CHECK-NOT: rnn.abi
// KEPT: func.func @m({{.*}}rnn.abi = {dims = 1 : i64
func.func @m(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  return %x : tensor<?x4xf32>
}
