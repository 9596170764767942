// RUN: rnn-opt %s -split-input-file -rnn-describe-abi | FileCheck %s
// RUN: rnn-opt %s -split-input-file -rnn-describe-abi=name=tagger | FileCheck %s --check-prefix=NAMED
// RUN: rnn-opt %s -split-input-file -rnn-describe-abi=parallel | FileCheck %s --check-prefix=PARALLEL

// The run function's dims are the inputs' dynamic dims in order; the output's dynamic dim
// is traced back to the one it equals, the ids' dim 1 (the slice's size); the ids index an embedding of 1000 rows; the
// requirement's message is kept for the status text. The prefix is the function's name
// without _impl, or the pass's name. Tensors are named input<i> / output<i> unless rnn.name
// says otherwise; a stateful model's states carry their layer's index.
// CHECK-LABEL: func.func @m_impl(
// CHECK-SAME: rnn.abi = {dims = 2 : i64,
// CHECK-SAME: inputs = [{dim_params = array<i32: 0, 1>, dtype = "int32", id_limit = 1000 : i64, name = "input0", shape = array<i64: -1, -1>}],
// CHECK-SAME: name = "m",
// CHECK-SAME: outputs = [{dim_params = array<i32: 1, -1>, dtype = "float32", name = "output0", shape = array<i64: -1, 16>}],
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
// CHECK-SAME: rnn.abi = {dims = 0 : i64, inputs = [{dim_params = array<i32: -1>, dtype = "float64", name = "x", shape = array<i64: 4>}, {dim_params = array<i32: -1>, dtype = "int64", name = "input1", shape = array<i64: 2>, state = 0 : i64}], name = "s", outputs = [{dim_params = array<i32: -1>, dtype = "float64", name = "y", shape = array<i64: 4>}, {dim_params = array<i32: -1>, dtype = "int64", name = "output1", shape = array<i64: 2>, state = 0 : i64}], requirements = []}
func.func @s_impl(%x: tensor<4xf64> {rnn.name = "x"}, %h: tensor<2xi64> {rnn.state = 0 : i64}) -> (tensor<4xf64> {rnn.name = "y"}, tensor<2xi64> {rnn.state = 0 : i64}) {
  return %x, %h : tensor<4xf64>, tensor<2xi64>
}

// -----

// The model is the one public function (--function, which rnnc passes on, may name
// another). With parallel, the parallel entry is recorded for the header.
// CHECK-LABEL: func.func private @helper(
// CHECK-NOT: rnn.abi
// CHECK-LABEL: func.func @model(
// CHECK-SAME: rnn.abi = {dims = 0 : i64,
// CHECK-SAME: name = "model", outputs = [{{[^]]*}}], requirements = []}
// PARALLEL-LABEL: func.func @model(
// PARALLEL-SAME: name = "model", outputs = [{{[^]]*}}], parallel, requirements = []}
module {
  func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
  func.func @model(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
}
