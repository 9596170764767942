// An op of a dialect rnnc does not load.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not rnnc %s -o %t.dir/m.o 2>&1 | FileCheck %s
// RUN: ls -A %t.dir | count 0
// CHECK: {{.*}}unregistered_dialect.mlir:8:17: error: operation being parsed with an unregistered dialect. If this is intended, please use -allow-unregistered-dialect with the MLIR tool used

func.func @m(%x: tensor<1x10x4xf32>) -> tensor<1x10x4xf32> {
  %h = "foo.bar"(%x) : (tensor<1x10x4xf32>) -> tensor<1x10x4xf32>
  return %h : tensor<1x10x4xf32>
}
