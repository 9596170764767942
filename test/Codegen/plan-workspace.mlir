// RUN: rnn-opt %s -split-input-file -pass-pipeline='builtin.module(rnn-plan-workspace{stack-limit=1024 describe=true})' | FileCheck %s
// Only asked for (rnnc --emit=summary) is the plan recorded.
// RUN: rnn-opt %s -split-input-file -pass-pipeline='builtin.module(rnn-plan-workspace{stack-limit=1024})' | FileCheck %s --check-prefix=QUIET
// QUIET-NOT: rnn.workspace

// Static buffers that fit in the stack limit become allocas at the top of the function;
// their deallocs go, and the function keeps its signature (it cannot fail).
// CHECK-LABEL: func.func @small(%{{.*}}: memref<4xf32>) attributes {rnn.workspace = {buffers = [array<i64: 64>, array<i64: 64>], place = "stack"}} {
// CHECK-NEXT: %[[A:.*]] = memref.alloca() {alignment = 64 : i64} : memref<2x8xf32>
// CHECK-NEXT: %[[B:.*]] = memref.alloca() {alignment = 64 : i64} : memref<16xf32>
// CHECK-NOT: memref.alloc(
// CHECK-NOT: memref.dealloc
// CHECK: return{{$}}
func.func @small(%out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  %a = memref.alloc() {alignment = 64 : i64} : memref<2x8xf32>
  memref.store %f, %a[%c0, %c0] : memref<2x8xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  memref.store %f, %b[%c0] : memref<16xf32>
  memref.dealloc %a : memref<2x8xf32>
  memref.dealloc %b : memref<16xf32>
  return
}

// -----

// A buffer as the function's very first op (what bufferization makes of a model whose
// weights are arguments: its first op is a transpose into a new buffer). The allocas go
// before it, and it is replaced only after: erasing it under the builder's insertion
// point was a use after free (a crash on about half of such models).
// CHECK-LABEL: func.func @first_op(%{{.*}}: memref<4xf32>) attributes {rnn.workspace = {buffers = [array<i64: 32>, array<i64: 16>, array<i64: 8>], place = "stack"}} {
// CHECK-NEXT: %[[A:.*]] = memref.alloca() {alignment = 64 : i64} : memref<8xf32>
// CHECK-NEXT: %[[B:.*]] = memref.alloca() {alignment = 64 : i64} : memref<4xf32>
// CHECK-NEXT: %[[C:.*]] = memref.alloca() {alignment = 64 : i64} : memref<2xf32>
// CHECK-NEXT: linalg.copy ins(%{{.*}} : memref<4xf32>) outs(%[[B]] : memref<4xf32>)
// CHECK-NEXT: linalg.copy ins(%[[B]] : memref<4xf32>) outs(%{{.*}} : memref<4xf32>)
// CHECK-NOT: memref.alloc(
// CHECK-NOT: memref.dealloc
// CHECK: return{{$}}
func.func @first_op(%out: memref<4xf32>) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<8xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
  %c = memref.alloc() {alignment = 64 : i64} : memref<2xf32>
  linalg.copy ins(%out : memref<4xf32>) outs(%b : memref<4xf32>)
  linalg.copy ins(%b : memref<4xf32>) outs(%out : memref<4xf32>)
  memref.dealloc %a : memref<8xf32>
  memref.dealloc %b : memref<4xf32>
  memref.dealloc %c : memref<2xf32>
  return
}

// -----

// Over the limit: one heap block, each buffer a view at a 64-byte aligned offset (4096
// bytes, then 64 for the 4-byte buffer); the work runs only when the block exists, the
// block is freed either way and the function returns the status (3: out of memory).
// CHECK-LABEL: func.func @large(%{{.*}}: memref<4xf32>) -> i32 attributes {rnn.workspace = {buffers = [array<i64: 4096>, array<i64: 4>], place = "heap"}} {
// CHECK: %[[BLOCK:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xi8>
// CHECK: %[[PTR:.*]] = memref.extract_aligned_pointer_as_index %[[BLOCK]]
// CHECK: %[[NULL:.*]] = arith.cmpi eq, %[[PTR]]
// CHECK: %[[FAILED:.*]] = arith.ori %{{.*}}, %[[NULL]] : i1
// CHECK: memref.view %[[BLOCK]][%{{.*}}][] : memref<?xi8> to memref<1024xf32>
// CHECK: memref.view %[[BLOCK]][%{{.*}}][] : memref<?xi8> to memref<1xf32>
// CHECK: scf.if
// CHECK: memref.store
// CHECK: }
// CHECK-NEXT: memref.dealloc %[[BLOCK]] : memref<?xi8>
// CHECK: %[[STATUS:.*]] = arith.select %[[FAILED]], %c3_i32, %c0_i32 : i32
// CHECK-NEXT: return %[[STATUS]] : i32
func.func @large(%out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  %a = memref.alloc() {alignment = 64 : i64} : memref<1024xf32>
  memref.store %f, %a[%c0] : memref<1024xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<1xf32>
  memref.store %f, %b[%c0] : memref<1xf32>
  memref.dealloc %a : memref<1024xf32>
  memref.dealloc %b : memref<1xf32>
  return
}

// -----

// Dynamic sizes: the dims they come from are read before the block, and every product is
// checked for overflow (a size over 2^56 bytes fails like a null block).
// CHECK-LABEL: func.func @dynamic(
// CHECK-SAME: %[[X:[^ ,:]*]]: memref<?x?xf32>) -> i32 attributes {rnn.workspace = {buffers = [array<i64: 32>, array<i64: 32, 0, 0, 0, 1>], place = "heap"}} {
// CHECK: %[[D0:.*]] = memref.dim %[[X]], %c0
// CHECK: %[[D1:.*]] = memref.dim %[[X]], %c1
// CHECK: arith.mului_extended
// CHECK: arith.cmpi ugt, %{{.*}}, %c72057594037927936_i64
// CHECK: memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xi8>
// CHECK: memref.view %{{.*}}[%{{.*}}][%[[D0]], %[[D1]]] : memref<?xi8> to memref<?x?x8xf32>
// CHECK: scf.if
// CHECK: return %{{.*}} : i32
func.func @dynamic(%x: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  %a0 = memref.alloc() {alignment = 64 : i64} : memref<8xf32>
  memref.store %f, %a0[%c0] : memref<8xf32>
  %c1 = arith.constant 1 : index
  %d0 = memref.dim %x, %c0 : memref<?x?xf32>
  %d1 = memref.dim %x, %c1 : memref<?x?xf32>
  %a = memref.alloc(%d0, %d1) {alignment = 64 : i64} : memref<?x?x8xf32>
  memref.store %f, %a[%c0, %c0, %c0] : memref<?x?x8xf32>
  memref.dealloc %a0 : memref<8xf32>
  memref.dealloc %a : memref<?x?x8xf32>
  return
}

// -----

// A function without work buffers is left alone, but for the record of the plan.
// CHECK-LABEL: func.func @none(%{{.*}}: memref<4xf32>) attributes {rnn.workspace = {buffers = [], place = "none"}} {
// CHECK-NEXT: return{{$}}
func.func @none(%out: memref<4xf32>) {
  return
}

// -----

// A worker function (rnn-distribute) shares its block with the other workers: it takes it
// as a trailing argument, and a function of the same arguments returns the bytes to
// allocate (-1 when a size overflows).
// CHECK-LABEL: func.func private @worker(
// CHECK-SAME: %[[X:[^ ,:]*]]: memref<?x4xf32>, %{{.*}}: index, %{{.*}}: index, %{{.*}}: !llvm.ptr, %[[BLOCK:[^ ,:]*]]: memref<?xi8>)
// CHECK-SAME: attributes {rnn.workers = array<i64: 1, 2, 3>, rnn.workspace = {buffers = [array<i64: 16, 0, 0>], place = "caller"}}
// CHECK-NOT: memref.alloc
// CHECK: memref.view %[[BLOCK]][%{{.*}}][%{{.*}}] : memref<?xi8> to memref<?x4xf32>
// CHECK-NOT: memref.dealloc
// CHECK: return{{$}}
// CHECK-LABEL: func.func private @worker_workspace(
// CHECK-SAME: %[[X2:[^ ,:]*]]: memref<?x4xf32>, %{{.*}}: index, %{{.*}}: index, %{{.*}}: !llvm.ptr) -> i64
// CHECK: memref.dim %[[X2]], %c0
// CHECK: arith.mului_extended
// CHECK: %[[BYTES:.*]] = arith.select %{{.*}}, %c-1_i64, %{{.*}} : i64
// CHECK: return %[[BYTES]] : i64
func.func private @worker(%x: memref<?x4xf32>, %w: index, %n: index, %sync: !llvm.ptr)
    attributes {rnn.workers = array<i64: 1, 2, 3>} {
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  %d = memref.dim %x, %c0 : memref<?x4xf32>
  %a = memref.alloc(%d) {alignment = 64 : i64} : memref<?x4xf32>
  memref.store %f, %a[%c0, %c0] : memref<?x4xf32>
  memref.dealloc %a : memref<?x4xf32>
  return
}

// -----

// The record of a buffer's size follows products of constants and argument dims (what
// --emit=summary prints as bytes times named dims); any other size is an unknown factor.
// CHECK-LABEL: func.func @traced(
// CHECK-SAME: attributes {rnn.workspace = {buffers = [array<i64: 96, 0, 1, 0, 0>, array<i64: 4, -1, -1>], place = "heap"}}
func.func @traced(%x: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %f = arith.constant 1.0 : f32
  %d0 = memref.dim %x, %c0 : memref<?x?xf32>
  %d1 = memref.dim %x, %c1 : memref<?x?xf32>
  %rows = arith.muli %d1, %d0 : index
  %n = arith.muli %rows, %c3 : index
  %a = memref.alloc(%n) {alignment = 64 : i64} : memref<?x8xf32>
  memref.store %f, %a[%c0, %c0] : memref<?x8xf32>
  %sum = arith.addi %d0, %d1 : index
  %b = memref.alloc(%sum) {alignment = 64 : i64} : memref<?xf32>
  memref.store %f, %b[%c0] : memref<?xf32>
  memref.dealloc %a : memref<?x8xf32>
  memref.dealloc %b : memref<?xf32>
  return
}
