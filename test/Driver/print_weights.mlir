// --emit=rnn prints the layers and elides weights of more than 1024 elements (4096 bytes of a
// resource), saying so in a first comment line; such a file cannot be compiled, and rnnc (and
// rnn-opt's pipeline, by rnn-check-weights) says which constant lacks its values. --print-weights prints every weight, and the file compiles.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %python %S/Inputs/make_model.py 64 > %t.dir/h64.mlir
// RUN: rnnc %t.dir/h64.mlir --emit=rnn -o %t.dir/elided.mlir
// RUN: FileCheck %s --check-prefix=ELIDED < %t.dir/elided.mlir
// RUN: not rnnc %t.dir/elided.mlir -o %t.dir/elided.o 2>&1 | FileCheck %s --check-prefix=ERROR
// RUN: test ! -e %t.dir/elided.o
// RUN: not rnn-opt %t.dir/elided.mlir --rnn-compile 2>&1 | FileCheck %s --check-prefix=ERROR
// RUN: rnnc %t.dir/h64.mlir --emit=rnn --print-weights -o %t.dir/full.mlir
// RUN: FileCheck %s --check-prefix=FULL < %t.dir/full.mlir
// RUN: rnnc %t.dir/full.mlir -o %t.dir/full.o
// Small models print whole, without the comment.
// RUN: rnnc %s --emit=rnn | FileCheck %s --check-prefix=SMALL

// ELIDED: // Weights of more than 4096 bytes or 1024 elements are elided; rnnc --emit=rnn --print-weights prints them.
// ELIDED: arith.constant dense<"0x{{[0-9A-F]+}}"> : tensor<4x64xf32>
// ELIDED: arith.constant dense_resource<__elided__> : tensor<64x64xf32>
// ERROR: elided.mlir:[[#]]:[[#]]: error: the values of this 'tensor<64x64xf32>' constant ('__elided__') are not in the file: it was printed with its large weights elided, as rnnc --emit=rnn does; print it with --print-weights to compile it
// FULL-NOT: elided
// FULL: arith.constant dense<"0x{{[0-9A-F]+}}"> : tensor<64x64xf32>
// SMALL-NOT: elided
// SMALL: arith.constant dense<5.000000e-01> : tensor<4x2xf32>
func.func @small(%x: tensor<1x3x4xf32>) -> tensor<1x3x2xf32> {
  %w = arith.constant dense<0.5> : tensor<4x2xf32>
  %u = arith.constant dense<0.25> : tensor<2x2xf32>
  %b = arith.constant dense<0.0> : tensor<2xf32>
  %h = rnn.simple_rnn %x : tensor<1x3x4xf32>
      kernel(%w : tensor<4x2xf32>) recurrent(%u : tensor<2x2xf32>) bias(%b : tensor<2xf32>)
      -> sequence tensor<1x3x2xf32>
  return %h : tensor<1x3x2xf32>
}
