// A model function calling another tensor function: the call reached LLVM IR translation
// unlowered and rnnc failed with an internal error after printing the whole module.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not rnnc %s --function=caller -o %t.dir/m.o 2>&1 | FileCheck %s
// RUN: ls -A %t.dir | count 0
// CHECK: {{.*}}calls_helper.mlir:14:8: error: 'func.call' op calls '@callee'; rnnc compiles the model as one function: inline the callee
// CHECK-NOT: LLVMTranslationDialectInterface

func.func @callee(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %y = math.tanh %x : tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
func.func @caller(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %y = call @callee(%x) : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
