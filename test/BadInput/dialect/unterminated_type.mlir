// A tensor type that is never closed.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not rnnc %s -o %t.dir/m.o 2>&1 | FileCheck %s
// RUN: ls -A %t.dir | count 0
// CHECK: {{.*}}unterminated_type.mlir:7:35: error: expected '>' in tensor type

func.func @m(%x: tensor<1x10x4xf32) -> tensor<1x10x4xf32> {
  return %x : tensor<1x10x4xf32>
}
