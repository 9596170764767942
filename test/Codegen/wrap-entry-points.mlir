// RUN: rnn-opt %s -rnn-wrap-entry-points -split-input-file | FileCheck %s
// RUN: rnn-opt %s -rnn-wrap-entry-points=target-triple=aarch64-linux-gnu -split-input-file | FileCheck %s --check-prefix=ARM

// A model with a dynamic batch, embedding ids and a requirement of its dims.
func.func @m_impl(%ids: memref<?x5xi32>, %out: memref<?x5x8xf32>) -> i32
    attributes {rnn.abi = {name = "m", dims = 1 : i64,
      inputs = [{shape = array<i64: -1, 5>, dim_params = array<i32: 0, -1>, id_limit = 100 : i64}],
      outputs = [{shape = array<i64: -1, 5, 8>, dim_params = array<i32: 0, -1, -1>}],
      requirements = ["the batch is even"]}} {
  %c0 = arith.constant 0 : i32
  return %c0 : i32
}
func.func private @m_impl_check(%b: i64) -> i32 {
  %c0 = arith.constant 0 : i32
  return %c0 : i32
}

// The status texts are private strings; the bad-dim text lists the requirements.
// CHECK-DAG: llvm.mlir.global private unnamed_addr constant @m_status_1("a dynamic dimension is negative or too large, or does not allow what the model takes: the batch is even\00")
// CHECK-DAG: llvm.mlir.global private unnamed_addr constant @m_status_4("an embedding id lies outside the vocabulary\00")
// CHECK-DAG: llvm.mlir.global private unnamed_addr constant @m_status_unknown("unknown status\00")

// The model function is inlined into the run function, its requirements too; the
// description is consumed.
// CHECK-LABEL: func.func @m_impl(
// CHECK-SAME: attributes {passthrough = ["alwaysinline"]}
// CHECK-LABEL: func.func private @m_impl_check(
// CHECK-SAME: attributes {passthrough = ["alwaysinline"]}

// int32_t m_run(int64_t dim0, const int32_t *ids, float *out): the dim is at most 2^40,
// then the requirements, then each buffer non-null, its size checked, the ids checked.
// CHECK-LABEL: func.func @m_run(
// CHECK-SAME: %[[DIM:[^ :]*]]: i64, %[[IDS:[^ :]*]]: !llvm.ptr, %[[OUT:[^ :]*]]: !llvm.ptr) -> i32
// CHECK-SAME: passthrough = ["noinline", "nounwind"]
// CHECK: %[[LIMIT:.*]] = arith.constant 1099511627776 : i64
// CHECK: %[[BIG:.*]] = arith.cmpi ugt, %[[DIM]], %[[LIMIT]] : i64
// CHECK: cf.cond_br %[[BIG]], ^[[BAD_DIM:.*]], ^
// CHECK: ^[[BAD_DIM]]:
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-NEXT: return %[[ONE]] : i32
// CHECK: %[[REQ:.*]] = call @m_impl_check(%[[DIM]]) : (i64) -> i32
// CHECK: arith.cmpi ne, %[[REQ]]
// CHECK: cf.cond_br %{{.*}}, ^[[BAD_DIM]], ^
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: %[[ISNULL:.*]] = llvm.icmp "eq" %[[IDS]], %[[NULL]] : !llvm.ptr
// CHECK: cf.cond_br %[[ISNULL]], ^[[NULL_BUFFER:.*]], ^
// CHECK: ^[[NULL_BUFFER]]:
// CHECK-NEXT: %[[TWO:.*]] = arith.constant 2 : i32
// CHECK-NEXT: return %[[TWO]] : i32
// The ids' element count (5 x dim0) may overflow or pass 2^56 bytes: a bad dim.
// CHECK: %[[COUNT:.*]], %[[HIGH:.*]] = arith.mului_extended %{{.*}}, %[[DIM]] : i64
// CHECK: arith.cmpi ne, %[[HIGH]]
// CHECK: arith.cmpi ugt, %[[COUNT]]
// CHECK: cf.cond_br %{{.*}}, ^[[BAD_DIM]], ^
// Every id below 100, else status 4.
// CHECK: %[[FIRST_BAD:.*]] = scf.while
// CHECK: arith.cmpi ult, %{{.*}}, %[[COUNT]] : i64
// CHECK: llvm.getelementptr %[[IDS]][%{{.*}}] : (!llvm.ptr, i64) -> !llvm.ptr, i32
// CHECK: llvm.load
// CHECK: arith.extsi
// CHECK: arith.constant 100 : i64
// CHECK: %[[ANY_BAD:.*]] = arith.cmpi ult, %[[FIRST_BAD]], %[[COUNT]]
// CHECK: cf.cond_br %[[ANY_BAD]], ^[[BAD_ID:.*]], ^
// CHECK: ^[[BAD_ID]]:
// CHECK-NEXT: %[[FOUR:.*]] = arith.constant 4 : i32
// CHECK-NEXT: return %[[FOUR]] : i32
// A dense descriptor over the caller's buffer: sizes (dim0, 5), strides (5, 1).
// CHECK: llvm.insertvalue %[[IDS]], %{{.*}}[0]
// CHECK: llvm.insertvalue %[[IDS]], %{{.*}}[1]
// CHECK: llvm.insertvalue %[[DIM]], %{{.*}}[3, 0]
// CHECK: %[[IDS_MEMREF:.*]] = builtin.unrealized_conversion_cast %{{.*}} : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> to memref<?x5xi32>
// CHECK: llvm.icmp "eq" %[[OUT]]
// CHECK: cf.cond_br %{{.*}}, ^[[NULL_BUFFER]], ^
// CHECK: arith.mului_extended
// CHECK: %[[OUT_MEMREF:.*]] = builtin.unrealized_conversion_cast %{{.*}} to memref<?x5x8xf32>
// The model's own status (out of memory) is the run's.
// CHECK: %[[STATUS:.*]] = call @m_impl(%[[IDS_MEMREF]], %[[OUT_MEMREF]])
// CHECK-NEXT: return %[[STATUS]] : i32

// CHECK-LABEL: func.func @m_status_message(
// CHECK-SAME: %{{.*}}: i32) -> !llvm.ptr
// CHECK: cf.switch
// CHECK-NEXT: default: ^[[UNKNOWN:[a-z0-9]*]],
// CHECK-NEXT: 0: ^
// CHECK: 6: ^
// CHECK: ^[[UNKNOWN]]:
// CHECK-NEXT: llvm.mlir.addressof @m_status_unknown

// The descriptor's entry: NULL arrays are status 2, else the run function on their items.
// CHECK-LABEL: func.func private @m_invoke(
// CHECK-SAME: llvm.linkage = #llvm.linkage<internal>
// CHECK: arith.constant 2 : i32
// CHECK: llvm.load %{{.*}} : !llvm.ptr -> i64
// CHECK: call @m_run(

// With no pool the serial run; a pool, and the model has no parallel entry: status 6.
// CHECK-LABEL: func.func private @m_invoke_with(
// CHECK: call @m_run(
// CHECK: arith.constant 6 : i32

// -----

// --weights=external: the run function takes the weights first, the descriptor's entry
// cannot run the model.
func.func @w_impl(%x: memref<2x3xf64>, %out: memref<2x4xf64>, %weights: memref<?xi8> {rnn.weights = 4096 : i64})
    attributes {rnn.abi = {name = "w", dims = 0 : i64,
      inputs = [{shape = array<i64: 2, 3>, dim_params = array<i32: -1, -1>}],
      outputs = [{shape = array<i64: 2, 4>, dim_params = array<i32: -1, -1>}]}} {
  return
}

// Static sizes are checked here, not at run time; the weights are a memref<?xi8> of
// their size, checked for NULL after the tensors. A model without a status returns 0.
// CHECK-LABEL: func.func @w_run(
// CHECK-SAME: %[[W:[^ :]*]]: !llvm.ptr, %[[X:[^ :]*]]: !llvm.ptr, %[[O:[^ :]*]]: !llvm.ptr) -> i32
// CHECK-NOT: arith.mului_extended
// CHECK: llvm.icmp "eq" %[[X]]
// CHECK: llvm.icmp "eq" %[[O]]
// CHECK: llvm.icmp "eq" %[[W]]
// CHECK: arith.constant 4096 : i64
// CHECK: builtin.unrealized_conversion_cast %{{.*}} to memref<?xi8>
// CHECK: call @w_impl(%{{.*}}, %{{.*}}, %{{.*}}) : (memref<2x3xf64>, memref<2x4xf64>, memref<?xi8>) -> ()
// CHECK-NEXT: %[[OK:.*]] = arith.constant 0 : i32
// CHECK-NEXT: return %[[OK]]
// CHECK-LABEL: func.func private @w_invoke(
// CHECK-NEXT: %[[NO_WEIGHTS:.*]] = arith.constant 5 : i32
// CHECK-NEXT: return %[[NO_WEIGHTS]]
// CHECK-LABEL: func.func private @w_invoke_with(
// CHECK-SAME: %{{[^:]*}}: !llvm.ptr, %[[WEIGHTS:[^ :]*]]: !llvm.ptr,
// CHECK: llvm.icmp "eq" %[[WEIGHTS]]
// CHECK: arith.constant 5 : i32
// CHECK: call @w_run(%[[WEIGHTS]],

// -----

// rnnc --parallel: a worker function, its workspace and the barrier they call.
module attributes {llvm.target_triple = "x86_64-unknown-linux-gnu"} {
  func.func @p_impl(%x: memref<1x6x4xf32>, %out: memref<1x8xf32>)
      attributes {rnn.abi = {name = "p", dims = 0 : i64,
        inputs = [{shape = array<i64: 1, 6, 4>, dim_params = array<i32: -1, -1, -1>}],
        outputs = [{shape = array<i64: 1, 8>, dim_params = array<i32: -1, -1>}]}} {
    return
  }
  func.func private @rnn_barrier(!llvm.ptr, index)
  func.func private @p_impl_worker(%x: memref<1x6x4xf32>, %out: memref<1x8xf32>, %w: index,
                                   %n: index, %sync: !llvm.ptr, %block: memref<?xi8>)
      attributes {rnn.workers = array<i64: 2, 3, 4>} {
    call @rnn_barrier(%sync, %n) : (!llvm.ptr, index) -> ()
    return
  }
  func.func private @p_impl_worker_workspace(%x: memref<1x6x4xf32>, %out: memref<1x8xf32>,
                                             %w: index, %n: index, %sync: !llvm.ptr) -> i64 {
    %c = arith.constant 64 : i64
    return %c : i64
  }
}

// The barrier: the last worker to arrive resets the count and bumps the generation; the
// others spin on it with the target's pause hint (the module's triple: x86; with the
// pass's target-triple: AArch64's yield hint) and sched_yield every 1024 rounds.
// CHECK: llvm.func @sched_yield() -> i32
// CHECK-LABEL: func.func private @rnn_barrier(
// CHECK-SAME: %[[SYNC:[^ :]*]]: !llvm.ptr, %{{.*}}: index)
// CHECK-SAME: llvm.linkage = #llvm.linkage<internal>
// CHECK: %[[GEN:.*]] = llvm.getelementptr %[[SYNC]][64] : (!llvm.ptr) -> !llvm.ptr, i8
// CHECK: %[[SEEN:.*]] = llvm.load %[[GEN]] atomic acquire {alignment = 8 : i64}
// CHECK: llvm.atomicrmw add %[[SYNC]], %{{.*}} acq_rel {alignment = 8 : i64}
// CHECK: llvm.store %{{.*}}, %[[SYNC]] atomic monotonic {alignment = 8 : i64}
// CHECK: llvm.atomicrmw add %[[GEN]], %{{.*}} release {alignment = 8 : i64}
// CHECK: llvm.call_intrinsic "llvm.x86.sse2.pause"() : () -> ()
// CHECK: arith.constant 1023 : i64
// CHECK: llvm.call @sched_yield()
// CHECK: %[[NOW:.*]] = llvm.load %[[GEN]] atomic acquire {alignment = 8 : i64}
// CHECK: arith.cmpi eq, %[[NOW]], %[[SEEN]]
// ARM-LABEL: func.func private @rnn_barrier(
// ARM: %[[YIELD:.*]] = arith.constant 1 : i32
// ARM-NEXT: llvm.call_intrinsic "llvm.aarch64.hint"(%[[YIELD]]) : (i32) -> ()
// ARM-NOT: llvm.x86

// int32_t p_run_parallel(const rnnc_threads *threads, const float *x, float *out): the
// run's checks, then the pool's (status 6), the work block's size (status 3 when it
// overflows or malloc fails), 64-byte aligned.
// CHECK-LABEL: func.func @p_run_parallel(
// CHECK-SAME: %[[THREADS:[^ :]*]]: !llvm.ptr, %[[X:[^ :]*]]: !llvm.ptr, %[[O:[^ :]*]]: !llvm.ptr) -> i32
// CHECK: llvm.icmp "eq" %[[X]]
// CHECK: llvm.icmp "eq" %[[O]]
// CHECK: llvm.icmp "eq" %[[THREADS]]
// CHECK: arith.constant 6 : i32
// CHECK: %[[POOL:.*]] = llvm.load %{{.*}} : !llvm.ptr -> !llvm.ptr
// CHECK: %[[SIZE:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i32
// CHECK: %[[DISPATCH:.*]] = llvm.load %{{.*}} : !llvm.ptr -> !llvm.ptr
// CHECK: arith.cmpi slt, %[[SIZE]]
// CHECK: %[[WORKERS:.*]] = arith.extsi %[[SIZE]] : i32 to i64
// CHECK: %[[BYTES:.*]] = call @p_impl_worker_workspace(
// CHECK: arith.cmpi slt, %[[BYTES]]
// CHECK: arith.constant 3 : i32
// CHECK: %[[RAW:.*]] = llvm.call @malloc(
// CHECK: %[[ALIGNED:.*]] = llvm.getelementptr %[[RAW]][%{{.*}}] : (!llvm.ptr, i64) -> !llvm.ptr, i8
// The barrier's two cache lines, zeroed, and the task record on this frame.
// CHECK: %[[BARRIER:.*]] = llvm.alloca %{{.*}} x !llvm.array<16 x i64> {alignment = 64 : i64}
// CHECK: "llvm.intr.memset"(%[[BARRIER]]
// CHECK: %[[TASK:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(struct<(ptr, ptr, i64, array<3 x i64>, array<3 x i64>)>, struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, i64, ptr, ptr, ptr, i64)>
// CHECK: llvm.store %[[WORKERS]]
// CHECK: llvm.store %[[BARRIER]]
// CHECK: llvm.store %[[RAW]]
// CHECK: llvm.store %[[ALIGNED]]
// CHECK: llvm.store %[[BYTES]]
// CHECK: %[[FN:.*]] = constant @p_worker_task : (!llvm.ptr, i32) -> ()
// CHECK: %[[FNPTR:.*]] = builtin.unrealized_conversion_cast %[[FN]] : (!llvm.ptr, i32) -> () to !llvm.ptr
// CHECK: llvm.call %[[DISPATCH]](%[[POOL]], %[[FNPTR]], %[[TASK]])
// CHECK: llvm.call @free(%[[RAW]])

// Each worker: the tensors, its index, the count, the barrier and the block.
// CHECK-LABEL: func.func private @p_worker_task(
// CHECK-SAME: %{{[^:]*}}: !llvm.ptr, %[[INDEX:[^ :]*]]: i32)
// CHECK: %[[I:.*]] = arith.index_cast %[[INDEX]] : i32 to index
// CHECK: call @p_impl_worker(%{{.*}}, %{{.*}}, %[[I]], %{{.*}}, %{{.*}}, %{{.*}}) : (memref<1x6x4xf32>, memref<1x8xf32>, index, index, !llvm.ptr, memref<?xi8>) -> ()

// A pool given: the parallel entry.
// CHECK-LABEL: func.func private @p_invoke_with(
// CHECK: call @p_run(
// CHECK: call @p_run_parallel(
