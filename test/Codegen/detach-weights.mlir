// rnn-detach-weights: the weights blob rnn-externalize-weights leaves on the module is taken
// off it, so the lowered module holds code only; the code still reads the blob argument.
// RUN: rnn-opt %s -rnn-externalize-weights -rnn-detach-weights | FileCheck %s

// No blob or fingerprint is left, nor the resource that held the bytes.
// CHECK-NOT: rnn.weights_fingerprint
// CHECK-NOT: dense_resource
// CHECK-LABEL: func.func @model
// CHECK-SAME: %[[W:[^:]*]]: memref<?xi8> {rnn.weights = 64 : i64}
// CHECK: memref.view %[[W]]
// CHECK-NOT: dialect_resources
module {
  memref.global "private" constant @a : memref<2x2xf32> = dense<[[1.0, 2.0], [3.0, 4.0]]>
  func.func @model(%out: memref<2x2xf32>) {
    %a = memref.get_global @a : memref<2x2xf32>
    memref.copy %a, %out : memref<2x2xf32> to memref<2x2xf32>
    return
  }
}
