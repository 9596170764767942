// A dim literal beyond int64.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not rnnc %s -o %t.dir/m.o 2>&1 | FileCheck %s
// RUN: ls -A %t.dir | count 0
// CHECK: {{.*}}dim_overflow_literal.mlir:7:27: error: invalid dimension

func.func @m(%x: tensor<1x99999999999999999999x4xf32>) -> tensor<1x99999999999999999999x4xf32> {
  return %x : tensor<1x99999999999999999999x4xf32>
}
