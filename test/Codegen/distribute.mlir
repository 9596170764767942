// RUN: rnn-opt %s -rnn-distribute | FileCheck %s

// The public function stays as it is; a private worker copy takes the worker's index, the
// number of workers and their barrier. Kernels are left for rnn-lower-kernels to share out
// and followed by a barrier; any other write runs on worker 0, then a barrier; buffers
// and pure ops stay on every worker.
// CHECK-LABEL: func.func @model(
// CHECK-NOT: rnn_barrier
// CHECK: return
// CHECK-LABEL: func.func private @rnn_barrier(!llvm.ptr, index)
// CHECK-LABEL: func.func private @model_worker(
// CHECK-SAME: %[[X:[^ ,:]*]]: memref<1x6x4xf32>, %[[OUT:[^ ,:]*]]: memref<1x8xf32>,
// CHECK-SAME: %[[W:[^ ,:]*]]: index, %[[N:[^ ,:]*]]: index, %[[SYNC:[^ ,:]*]]: !llvm.ptr)
// CHECK-SAME: attributes {rnn.workers = array<i64: 2, 3, 4>}
// CHECK: %[[SEQ:.*]] = memref.alloc() : memref<1x6x8xf32>
// CHECK: rnn.matmul
// CHECK-NEXT: call @rnn_barrier(%[[SYNC]], %[[N]]) : (!llvm.ptr, index) -> ()
// CHECK: rnn.recurrence
// CHECK-NEXT: call @rnn_barrier(%[[SYNC]], %[[N]])
// CHECK: %[[FIRST:.*]] = arith.cmpi eq, %[[W]], %{{.*}} : index
// CHECK-NEXT: scf.if %[[FIRST]] {
// CHECK-NEXT: linalg.copy
// CHECK-NEXT: }
// CHECK-NEXT: call @rnn_barrier(%[[SYNC]], %[[N]])
// CHECK-NEXT: memref.dealloc %[[SEQ]]
// CHECK-NEXT: return
func.func @model(%x: memref<1x6x4xf32>, %out: memref<1x8xf32>) {
  %w = memref.alloc() : memref<1x4x8xf32>
  %r = memref.alloc() : memref<1x8x8xf32>
  %seq = memref.alloc() : memref<1x6x8xf32>
  %last = memref.alloc() : memref<1x8xf32>
  rnn.matmul %x : memref<1x6x4xf32>, %w : memref<1x4x8xf32> outs(%seq : memref<1x6x8xf32>)
  rnn.recurrence %r : memref<1x8x8xf32> outs(%seq : memref<1x6x8xf32>, %last : memref<1x8xf32>)
  linalg.copy ins(%last : memref<1x8xf32>) outs(%out : memref<1x8xf32>)
  memref.dealloc %seq : memref<1x6x8xf32>
  return
}
