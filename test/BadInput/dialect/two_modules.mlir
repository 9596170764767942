// Two module blocks in one file: they parse as modules nested in an implicit one, and the
// message said the model had no public function, next to a public function.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not rnnc %s -o %t.dir/m.o 2>&1 | FileCheck %s
// RUN: ls -A %t.dir | count 0
// CHECK: {{.*}}two_modules.mlir: error: the file holds 2 modules; rnnc compiles the functions of one top-level module

module {
  func.func @m(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
    %y = math.tanh %x : tensor<2x4xf32>
    return %y : tensor<2x4xf32>
  }
}
module {
}
