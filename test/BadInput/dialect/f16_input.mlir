// A model input of type f16, which the C ABI does not take.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not rnnc %s -o %t.dir/m.o 2>&1 | FileCheck %s
// RUN: ls -A %t.dir | count 0
// CHECK: {{.*}}f16_input.mlir:7:1: error: input 0 has type 'tensor<1x10x4xf16>'; compiled models take and return ranked tensors of f32, f64, i32 or i64

func.func @m(%x: tensor<1x10x4xf16>) -> tensor<1x10x4xf16> {
  return %x : tensor<1x10x4xf16>
}
