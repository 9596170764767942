// RUN: rnn-opt %s -rnn-externalize-weights | FileCheck %s

// Constant weights move into one blob argument, each at a 64-byte aligned offset, viewed
// where the global was read; the constant globals go, and the blob (bytes and a layout
// fingerprint) stays on the module for the driver to write out. A mutable global is not a
// weight and stays.
// CHECK: module attributes {rnn.weights = dense_resource<weights> : tensor<128xi8>, rnn.weights_fingerprint = {{-?[0-9]+}} : i64}
// CHECK-NOT: memref.global "private" constant
// CHECK: memref.global "private" @state
// CHECK-LABEL: func.func @model
// CHECK-SAME: %[[W:[^:]*]]: memref<?xi8> {rnn.weights = 128 : i64}
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG: memref.view %[[W]][%[[C0]]][] : memref<?xi8> to memref<2x2xf32>
// CHECK-DAG: memref.view %[[W]][%[[C64]]][] : memref<?xi8> to memref<3xf32>
// CHECK: memref.get_global @state
// The bytes: 1.0 2.0 3.0 4.0 at offset 0, 5.0 6.0 7.0 at offset 64, zero in between.
// CHECK: weights: "0x{{[0-9A-F]+}}0000803F000000400000404000008040{{0+}}0000A0400000C0400000E040{{0+}}"
module {
  memref.global "private" constant @a : memref<2x2xf32> = dense<[[1.0, 2.0], [3.0, 4.0]]>
  memref.global "private" constant @b : memref<3xf32> = dense<[5.0, 6.0, 7.0]>
  memref.global "private" @state : memref<2xf32> = dense<0.0>
  func.func @model(%out: memref<2x2xf32>) {
    %a = memref.get_global @a : memref<2x2xf32>
    %b = memref.get_global @b : memref<3xf32>
    %s = memref.get_global @state : memref<2xf32>
    memref.copy %a, %out : memref<2x2xf32> to memref<2x2xf32>
    return
  }
}
