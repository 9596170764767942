// A model function that calls itself: renaming it left the call dangling, reported as
// "'func.call' op 'n' does not reference a valid function".
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not rnnc %s -o %t.dir/m.o 2>&1 | FileCheck %s
// RUN: ls -A %t.dir | count 0
// CHECK: {{.*}}calls_itself.mlir:9:8: error: 'func.call' op calls '@n'; rnnc compiles the model as one function: inline the callee

func.func @n(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %z = call @n(%x) : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %z : tensor<2x4xf32>
}
