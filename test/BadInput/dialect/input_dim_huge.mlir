// An input_dim of 2^32: the splat kernel is cheap to parse, but no model of that size can be compiled.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not rnnc %s -o %t.dir/m.o 2>&1 | FileCheck %s
// RUN: ls -A %t.dir | count 0
// CHECK: {{.*}}input_dim_huge.mlir:8:9: error: 'arith.constant' op result 0 has type 'tensor<4294967296x8xf32>', which is too large to compile: a constant of 34359738368 elements; weights may have at most 2^31

func.func @m(%x: tensor<1x10x4294967296xf32>) -> tensor<1x10x8xf32> {
  %wx = arith.constant dense<0.1> : tensor<4294967296x8xf32>
  %wh = arith.constant dense<0.1> : tensor<8x8xf32>
  %h = rnn.simple_rnn %x : tensor<1x10x4294967296xf32>
      kernel(%wx : tensor<4294967296x8xf32>) recurrent(%wh : tensor<8x8xf32>)
      -> sequence tensor<1x10x8xf32>
  return %h : tensor<1x10x8xf32>
}
