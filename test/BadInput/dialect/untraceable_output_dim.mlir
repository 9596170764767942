// A dynamic output dim that no input dim determines: callers could not size the output.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not rnnc %s -o %t.dir/m.o 2>&1 | FileCheck %s
// RUN: ls -A %t.dir | count 0
// The message points at what computes the output.
// CHECK: {{.*}}untraceable_output_dim.mlir:11:8: error: cannot tell dimension 0 of output 0 ('output0') from the inputs' dimensions: a dynamic output dim must equal one of theirs, for callers to size the output
// CHECK-NOT: see current operation

func.func @m(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %c = arith.constant dense<1.0> : tensor<3x4xf32>
  %d = tensor.cast %c : tensor<3x4xf32> to tensor<?x4xf32>
  return %d : tensor<?x4xf32>
}
