// rnn-select-model: the model function alone is compiled, as <name>_impl.
// RUN: rnn-opt %s -split-input-file --rnn-select-model | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-select-model='function=other name=tiny' | FileCheck %s --check-prefix=NAMED

// The only public function becomes @<its name>_impl; a private function nothing uses is
// dropped. With function= and name=, the named function (private here: it becomes public,
// the interface of the entry points) is kept under the given prefix and the public one goes.
// CHECK-LABEL: func.func @model_impl
// CHECK-NOT: func.func
// NAMED-NOT: @model
// NAMED: func.func @tiny_impl(%{{.*}}: tensor<2xf32>)
// NAMED-NOT: func.func
func.func @model(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func private @other(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
