// A function returning a value of another type than it declares.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not rnnc %s -o %t.dir/m.o 2>&1 | FileCheck %s
// RUN: ls -A %t.dir | count 0
// CHECK: {{.*}}return_type.mlir:8:3: error: type of return operand 0 ('tensor<1x10x4xf32>') doesn't match function result type ('tensor<1x10x8xf32>') in function @m

func.func @m(%x: tensor<1x10x4xf32>) -> tensor<1x10x8xf32> {
  return %x : tensor<1x10x4xf32>
}
