// rnn-constant-bytes: large constant globals become byte arrays in the target's byte order,
// aligned at least as their elements were; small, splat and mutable ones stay as they are.
// RUN: rnn-opt %s -rnn-constant-bytes=min-bytes=16 | FileCheck %s --check-prefix=LE
// RUN: rnn-opt %s -rnn-constant-bytes="min-bytes=16 big-endian=true" | FileCheck %s --check-prefix=BE
// RUN: rnn-opt %s -rnn-constant-bytes | FileCheck %s --check-prefix=DEFAULT

// 1.0f is 0x3F800000, 2.0f 0x40000000, -1.0f 0xBF800000, 0.5f 0x3F000000.
// LE: llvm.mlir.global private constant @weights(dense_resource<weights_bytes> : tensor<16xi8>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<16 x i8>
// BE: llvm.mlir.global private constant @weights(dense_resource<weights_bytes> : tensor<16xi8>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<16 x i8>
// DEFAULT: llvm.mlir.global private constant @weights(dense<{{\[}}[1.000000e+00, 2.000000e+00], [-1.000000e+00, 5.000000e-01]]> : tensor<2x2xf32>)
llvm.mlir.global private constant @weights(dense<[[1.0, 2.0], [-1.0, 0.5]]> : tensor<2x2xf32>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<2 x array<2 x f32>>

// Without an alignment, the element's: 8 for f64.
// LE: llvm.mlir.global private constant @doubles(dense_resource<doubles_bytes> : tensor<16xi8>) {addr_space = 0 : i32, alignment = 8 : i64} : !llvm.array<16 x i8>
llvm.mlir.global private constant @doubles(dense<[1.0, 2.0]> : tensor<2xf64>) {addr_space = 0 : i32} : !llvm.array<2 x f64>

// LE: llvm.mlir.global private constant @small(dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>)
llvm.mlir.global private constant @small(dense<[1.0, 2.0]> : tensor<2xf32>) {addr_space = 0 : i32} : !llvm.array<2 x f32>
// LE: llvm.mlir.global private constant @splat(dense<1.000000e+00> : tensor<8xf32>)
llvm.mlir.global private constant @splat(dense<1.0> : tensor<8xf32>) {addr_space = 0 : i32} : !llvm.array<8 x f32>
// LE: llvm.mlir.global private @mutable(dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>)
llvm.mlir.global private @mutable(dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>) {addr_space = 0 : i32} : !llvm.array<4 x f32>

// The bytes, element by element in the target's order (after the blob's alignment word).
// LE: weights_bytes: "0x{{[0-9A-F]+}}0000803F00000040000080BF0000003F"
// LE: doubles_bytes: "0x{{[0-9A-F]+}}000000000000F03F0000000000000040"
// BE: weights_bytes: "0x{{[0-9A-F]+}}3F80000040000000BF8000003F000000"
// BE: doubles_bytes: "0x{{[0-9A-F]+}}3FF00000000000004000000000000000"
