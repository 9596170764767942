// RUN: rnn-opt %s -split-input-file -rnn-describe-abi | FileCheck %s
// RUN: rnn-opt %s -split-input-file -rnn-describe-abi=name=tagger | FileCheck %s --check-prefix=NAMED

// The run function's dims are the inputs' dynamic dims in order; the output's dynamic dim
// is traced back to the one it equals, the ids' dim 1 (the slice's size); the ids index an embedding of 1000 rows; the
// requirement's message is kept for the status text. The prefix is the function's name
// without _impl, or the pass's name.
// CHECK-LABEL: func.func @m_impl(
// CHECK-SAME: rnn.abi = {dims = 2 : i64,
// CHECK-SAME: inputs = [{dim_params = array<i32: 0, 1>, id_limit = 1000 : i64, shape = array<i64: -1, -1>}],
// CHECK-SAME: name = "m",
// CHECK-SAME: outputs = [{dim_params = array<i32: 1, -1>, shape = array<i64: -1, 16>}],
// CHECK-SAME: requirements = ["the sequence is not empty"]}
// NAMED: name = "tagger"
func.func @m_impl(%ids: tensor<?x?xi32>) -> tensor<?x16xf32> {
  %c1 = arith.constant 1 : index
  %t = tensor.dim %ids, %c1 : tensor<?x?xi32>
  %ok = arith.cmpi sge, %t, %c1 : index
  rnn.require %ok, "the sequence is not empty"
  %table = arith.constant dense<0.5> : tensor<1000x16xf32>
  %e = rnn.embedding %ids, %table : tensor<?x?xi32>, tensor<1000x16xf32> -> tensor<?x?x16xf32>
  %y = tensor.extract_slice %e[0, 0, 0] [%t, 1, 16] [1, 1, 1] : tensor<?x?x16xf32> to tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}

// -----

// Static outputs have no dim_params; a model without requirements lists none.
// CHECK-LABEL: func.func @s_impl(
// CHECK-SAME: rnn.abi = {dims = 0 : i64, inputs = [{dim_params = array<i32: -1>, shape = array<i64: 4>}], name = "s", outputs = [{dim_params = array<i32: -1>, shape = array<i64: 4>}], requirements = []}
func.func @s_impl(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
