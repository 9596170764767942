// A dense layer whose (2^40, 2^20) float result passes 2^56 bytes, from an input that does not.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not rnnc %s -o %t.dir/m.o 2>&1 | FileCheck %s
// RUN: ls -A %t.dir | count 0
// CHECK: {{.*}}result_huge.mlir:9:8: error: 'rnn.dense' op result 0 has type 'tensor<1099511627776x1048576xf32>', which is too large to compile: its size passes 2^56 bytes

func.func @m(%x: tensor<1099511627776x4xf32>) -> tensor<1099511627776x1048576xf32> {
  %k = arith.constant dense<0.5> : tensor<4x1048576xf32>
  %y = rnn.dense %x, %k : (tensor<1099511627776x4xf32>, tensor<4x1048576xf32>) -> tensor<1099511627776x1048576xf32>
  return %y : tensor<1099511627776x1048576xf32>
}
