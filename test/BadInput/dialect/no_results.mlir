// A model function that returns nothing: there would be no output to compute.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not rnnc %s -o %t.dir/m.o 2>&1 | FileCheck %s
// RUN: ls -A %t.dir | count 0
// CHECK: {{.*}}no_results.mlir:7:1: error: the model function 'm' returns nothing; a model returns at least one tensor

func.func @m(%x: tensor<1x4xf32>) {
  return
}
