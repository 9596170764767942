// rnn-lower-kernels: rnn.matmul and rnn.recurrence on memrefs become vector loop nests around
// the panel micro-kernel (broadcast of the row's scalar, vector.fma against the packed weight
// vectors, the activation in registers, one store per output vector). The recurrence runs
// its time loop around it, reading h_{t-1} from the previous row of its own sequence buffer.
// Each run is followed by -canonicalize so that static shapes fold to constants and the
// checks below read the loop structure the pipeline goes on with. min-chains=1 keeps one
// accumulator chain per output vector, so the loop structure reads plainly; the split
// chains are checked separately at the end (SPLIT).
// RUN: rnn-opt %s -rnn-lower-kernels="unroll=none min-chains=1" -canonicalize -split-input-file | FileCheck %s
// RUN: rnn-opt %s -rnn-lower-kernels="unroll=full min-chains=1" -canonicalize -split-input-file | FileCheck %s --check-prefix=FULL
// RUN: rnn-opt %s -rnn-lower-kernels=min-chains=1 -canonicalize -split-input-file | FileCheck %s --check-prefix=AUTO
// RUN: rnn-opt %s -rnn-lower-kernels="unroll=4 min-chains=1" -canonicalize -split-input-file | FileCheck %s --check-prefix=FOUR
// RUN: rnn-opt %s -rnn-lower-kernels="unroll=none vector-registers=8 min-chains=1" -canonicalize -split-input-file | FileCheck %s --check-prefix=REGS
// RUN: rnn-opt %s -rnn-lower-kernels=unroll=none -canonicalize -split-input-file | FileCheck %s --check-prefix=SPLIT
// RUN: rnn-opt %s -rnn-lower-kernels="unroll=none min-chains=1" -canonicalize -split-input-file | FileCheck %s --check-prefix=PAIR
// RUN: rnn-opt %s -rnn-lower-kernels="unroll=none min-chains=1 interleave=false" -canonicalize -split-input-file | FileCheck %s --check-prefix=NOPAIR
// RUN: rnn-opt %s -rnn-lower-kernels="unroll=none min-chains=1 vector-registers=8" -canonicalize -split-input-file | FileCheck %s --check-prefix=WORKER
// RUN: rnn-opt %s -rnn-lower-kernels="unroll=none min-chains=1 vector-registers=8" -canonicalize -split-input-file | FileCheck %s --check-prefix=ZIGZAG
// RUN: rnn-opt %s -rnn-lower-kernels="unroll=none min-chains=1" -canonicalize -split-input-file | FileCheck %s --check-prefix=GATED
// RUN: rnn-opt %s -rnn-lower-kernels="unroll=none min-chains=1" -canonicalize -split-input-file | FileCheck %s --check-prefix=BF16
// RUN: rnn-opt %s -rnn-lower-kernels="unroll=none min-chains=1" -canonicalize -split-input-file | FileCheck %s --check-prefix=INT8
// RUN: rnn-opt %s -rnn-lower-kernels="unroll=none min-chains=1 bf16-dot" -canonicalize -split-input-file | FileCheck %s --check-prefix=DOT
// RUN: not rnn-opt %s -rnn-lower-kernels=unroll=sometimes -split-input-file 2>&1 | FileCheck %s --check-prefix=BAD-UNROLL

// An unroll value that is not auto, none, full or a positive integer is rejected.
// BAD-UNROLL: error: unroll must be auto, none, full or a positive integer, got 'sometimes'

// With the default min-chains=8, one row of one panel has too few accumulators to hide
// the FMA latency: the 8-step k reduction becomes 8 independent FMAs (the first onto the
// projection row, the others from zero), summed pairwise before the activation.
// SPLIT-LABEL: func.func @forward
// SPLIT: scf.for %[[S:[^ ,:]*]] = %c1 to %c10 step %c1 {
// SPLIT: %[[ROW:[^ ,:]*]] = vector.transfer_read
// SPLIT: %[[F0:[^ ,:]*]] = vector.fma %{{.*}}, %{{.*}}, %[[ROW]] : vector<8xf32>
// SPLIT-COUNT-7: vector.fma %{{.*}}, %{{.*}}, %cst : vector<8xf32>
// SPLIT-COUNT-7: arith.addf
// SPLIT: math.tanh
// SPLIT-NOT: vector.fma
// SPLIT: vector.transfer_write

// A forward recurrence, T = 10, one row, 8 units in one panel of 8.
// CHECK-LABEL: func.func @forward
// CHECK-SAME: (%[[W:[^ ,:]*]]: memref<1x8x8xf32>, %[[SEQ:[^ ,:]*]]: memref<1x10x8xf32>, %[[LAST:[^ ,:]*]]: memref<1x8xf32>)
// CHECK-DAG: %[[C0:[^ ,:]*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:[^ ,:]*]] = arith.constant 1 : index
// CHECK-DAG: %[[C8:[^ ,:]*]] = arith.constant 8 : index
// CHECK-DAG: %[[C9:[^ ,:]*]] = arith.constant 9 : index
// CHECK-DAG: %[[C10:[^ ,:]*]] = arith.constant 10 : index
// Step 0 starts from a zero state: its projection row goes through tanh with no product.
// CHECK: %[[P0:[^ ,:]*]] = vector.transfer_read %[[SEQ]][%[[C0]], %[[C0]], %[[C0]]]{{.*}} : memref<1x10x8xf32>, vector<8xf32>
// CHECK-NOT: vector.fma
// CHECK: %[[Y0:[^ ,:]*]] = math.tanh %[[P0]] : vector<8xf32>
// CHECK: vector.transfer_write %[[Y0]], %[[SEQ]][%[[C0]], %[[C0]], %[[C0]]] {in_bounds = [true]}
// Steps 1..T-1 are a real loop; step s accumulates onto its projection row in place.
// CHECK: scf.for %[[S:[^ ,:]*]] = %[[C1]] to %[[C10]] step %[[C1]] {
// CHECK: %[[PREV:[^ ,:]*]] = arith.subi %[[S]], %[[C1]] : index
// CHECK: %[[ACC0:[^ ,:]*]] = vector.transfer_read %[[SEQ]][%[[C0]], %[[S]], %[[C0]]]
// The k loop streams the packed weights and broadcasts h_{t-1}[k], read from row s - 1 of
// the sequence buffer (no separate state buffer, no copy).
// CHECK: %[[ACC:[^ ,:]*]] = scf.for %[[K:[^ ,:]*]] = %[[C0]] to %[[C8]] step %[[C1]] iter_args(%[[A:[^ ,:]*]] = %[[ACC0]]) -> (vector<8xf32>) {
// CHECK: %[[WV:[^ ,:]*]] = vector.load %[[W]][%[[C0]], %[[K]], %[[C0]]] : memref<1x8x8xf32>, vector<8xf32>
// CHECK: %[[H:[^ ,:]*]] = memref.load %[[SEQ]][%[[C0]], %[[PREV]], %[[K]]] : memref<1x10x8xf32>
// CHECK: %[[HB:[^ ,:]*]] = vector.broadcast %[[H]] : f32 to vector<8xf32>
// CHECK: %[[F:[^ ,:]*]] = vector.fma %[[HB]], %[[WV]], %[[A]] : vector<8xf32>
// CHECK: scf.yield %[[F]] : vector<8xf32>
// The activation runs once on the accumulator and the result is stored once, over row s.
// CHECK: %[[Y:[^ ,:]*]] = math.tanh %[[ACC]] : vector<8xf32>
// CHECK-NEXT: vector.transfer_write %[[Y]], %[[SEQ]][%[[C0]], %[[S]], %[[C0]]] {in_bounds = [true]} : vector<8xf32>, memref<1x10x8xf32>
// CHECK-NEXT: }
// `last` is a copy of the final row.
// CHECK: scf.for %[[J:[^ ,:]*]] = %[[C0]] to %[[C8]] step %[[C1]] {
// CHECK: %[[V:[^ ,:]*]] = memref.load %[[SEQ]][%[[C0]], %[[C9]], %[[J]]]
// CHECK: memref.store %[[V]], %[[LAST]][%[[C0]], %[[J]]]
// unroll=full: every step is straight-line code with a constant time index.
// FULL-LABEL: func.func @forward
// FULL: vector.transfer_write {{.*}}[%c0, %c0, %c0]
// FULL: vector.transfer_write {{.*}}[%c0, %c1, %c0]
// FULL: vector.transfer_write {{.*}}[%c0, %c2, %c0]
// FULL: vector.transfer_write {{.*}}[%c0, %c3, %c0]
// FULL: vector.transfer_write {{.*}}[%c0, %c4, %c0]
// FULL: vector.transfer_write {{.*}}[%c0, %c5, %c0]
// FULL: vector.transfer_write {{.*}}[%c0, %c6, %c0]
// FULL: vector.transfer_write {{.*}}[%c0, %c7, %c0]
// FULL: vector.transfer_write {{.*}}[%c0, %c8, %c0]
// FULL: vector.transfer_write {{.*}}[%c0, %c9, %c0]
// FULL-NOT: vector.transfer_write
// FULL-NOT: math.tanh
// FULL: return
// unroll=auto unrolls a sequence this short: one tanh per step.
// AUTO-LABEL: func.func @forward
// AUTO-COUNT-10: math.tanh {{.*}} : vector<8xf32>
// AUTO-NOT: math.tanh
// AUTO: return
// unroll=4: the 9 steps after step 0 are a loop of 4 steps per iteration (steps 1-8) and one
// remaining step 9.
// FOUR-LABEL: func.func @forward
// FOUR: math.tanh
// FOUR: scf.for %{{.*}} = %c1 to %c9 step %c4 {
// FOUR-COUNT-4: math.tanh
// FOUR-NOT: math.tanh
// FOUR: }
// FOUR: math.tanh
// FOUR: vector.transfer_write {{.*}}[%c0, %c9, %c0]
// FOUR-NOT: math.tanh
// FOUR: return
func.func @forward(%w: memref<1x8x8xf32>, %seq: memref<1x10x8xf32>, %last: memref<1x8xf32>) {
  rnn.recurrence %w : memref<1x8x8xf32> outs(%seq : memref<1x10x8xf32>, %last : memref<1x8xf32>)
  return
}

// -----

// unroll=auto keeps a long sequence (T = 40) as a loop: one tanh for step 0, one in the loop.
// AUTO-LABEL: func.func @long_sequence
// AUTO: math.tanh
// AUTO: scf.for %{{.*}} = %c1 to %c40 step %c1 {
// AUTO: math.tanh
// AUTO-NOT: math.tanh
// AUTO: return
// unroll=full unrolls it all the same: the last step writes row 39 at a constant index.
// FULL-LABEL: func.func @long_sequence
// FULL-NOT: scf.for %{{.*}} to %c40
// FULL: vector.transfer_write {{.*}}[%c0, %c39, %c0]
func.func @long_sequence(%w: memref<1x8x8xf32>, %seq: memref<1x40x8xf32>, %last: memref<1x8xf32>) {
  rnn.recurrence %w : memref<1x8x8xf32> outs(%seq : memref<1x40x8xf32>, %last : memref<1x8xf32>)
  return
}

// -----

// reverse reads steps T-1..0: step 0 is row 9, step s is row 9 - s and reads h from row
// 10 - s (the row it processed before), and `last` is row 0.
// CHECK-LABEL: func.func @reverse
// CHECK-SAME: (%[[W:[^ ,:]*]]: memref<1x8x8xf32>, %[[SEQ:[^ ,:]*]]: memref<1x10x8xf32>, %[[LAST:[^ ,:]*]]: memref<1x8xf32>)
// CHECK-DAG: %[[C0:[^ ,:]*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:[^ ,:]*]] = arith.constant 1 : index
// CHECK-DAG: %[[C9:[^ ,:]*]] = arith.constant 9 : index
// CHECK-DAG: %[[C10:[^ ,:]*]] = arith.constant 10 : index
// CHECK: vector.transfer_read %[[SEQ]][%[[C0]], %[[C9]], %[[C0]]]
// CHECK: vector.transfer_write %{{.*}}, %[[SEQ]][%[[C0]], %[[C9]], %[[C0]]]
// CHECK: scf.for %[[S:[^ ,:]*]] = %[[C1]] to %[[C10]] step %[[C1]] {
// CHECK-DAG: %[[T:[^ ,:]*]] = arith.subi %[[C9]], %[[S]] : index
// CHECK-DAG: %[[PREV:[^ ,:]*]] = arith.subi %[[C10]], %[[S]] : index
// CHECK: vector.transfer_read %[[SEQ]][%[[C0]], %[[T]], %[[C0]]]
// CHECK: scf.for %[[K:[^ ,:]*]] = {{.*}} iter_args
// CHECK: memref.load %[[SEQ]][%[[C0]], %[[PREV]], %[[K]]]
// CHECK: vector.transfer_write %{{.*}}, %[[SEQ]][%[[C0]], %[[T]], %[[C0]]]
// CHECK: scf.for %[[J:[^ ,:]*]] =
// CHECK: %[[V:[^ ,:]*]] = memref.load %[[SEQ]][%[[C0]], %[[C0]], %[[J]]]
// CHECK: memref.store %[[V]], %[[LAST]][%[[C0]], %[[J]]]
func.func @reverse(%w: memref<1x8x8xf32>, %seq: memref<1x10x8xf32>, %last: memref<1x8xf32>) {
  rnn.recurrence %w : memref<1x8x8xf32> outs(%seq : memref<1x10x8xf32>, %last : memref<1x8xf32>)
      {direction = #rnn.direction<reverse>}
  return
}

// -----

// Dynamic T with an initial state: step 0 runs only when T > 0 and multiplies h0; the loop
// runs to the buffer's T; `last` is the final row, or h0 when there are no steps.
// CHECK-LABEL: func.func @dynamic_time_initial_state
// CHECK-SAME: (%[[W:[^ ,:]*]]: memref<1x8x8xf32>, %[[H0:[^ ,:]*]]: memref<1x8xf32>, %[[SEQ:[^ ,:]*]]: memref<1x?x8xf32>, %[[LAST:[^ ,:]*]]: memref<1x8xf32>)
// CHECK-DAG: %[[C0:[^ ,:]*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:[^ ,:]*]] = arith.constant 1 : index
// CHECK: %[[T:[^ ,:]*]] = memref.dim %[[SEQ]], %[[C1]] : memref<1x?x8xf32>
// CHECK: %[[HAS:[^ ,:]*]] = arith.cmpi sgt, %[[T]], %[[C0]] : index
// CHECK: scf.if %[[HAS]] {
// CHECK: scf.for %[[K0:[^ ,:]*]] = {{.*}} iter_args
// CHECK: memref.load %[[H0]][%[[C0]], %[[K0]]] : memref<1x8xf32>
// CHECK: vector.fma
// CHECK: math.tanh
// CHECK: vector.transfer_write %{{.*}}, %[[SEQ]][%[[C0]], %[[C0]], %[[C0]]]
// CHECK: }
// CHECK: scf.for %[[S:[^ ,:]*]] = %[[C1]] to %[[T]] step %[[C1]] {
// CHECK: %[[TM1:[^ ,:]*]] = arith.subi %[[T]], %[[C1]] : index
// CHECK: scf.for %[[J:[^ ,:]*]] =
// CHECK: %[[V:[^ ,:]*]] = scf.if %[[HAS]] -> (f32) {
// CHECK: %[[ROW:[^ ,:]*]] = memref.load %[[SEQ]][%[[C0]], %[[TM1]], %[[J]]]
// CHECK: scf.yield %[[ROW]]
// CHECK: } else {
// CHECK: %[[INIT:[^ ,:]*]] = memref.load %[[H0]][%[[C0]], %[[J]]]
// CHECK: scf.yield %[[INIT]]
// CHECK: memref.store %[[V]], %[[LAST]][%[[C0]], %[[J]]]
// A dynamic T is never unrolled away, even with unroll=full or auto.
// FULL-LABEL: func.func @dynamic_time_initial_state
// FULL: %[[T:[^ ,:]*]] = memref.dim %{{.*}}, %c1 : memref<1x?x8xf32>
// FULL: scf.for %{{.*}} = %c1 to %[[T]] step %c1 {
// AUTO-LABEL: func.func @dynamic_time_initial_state
// AUTO: %[[T:[^ ,:]*]] = memref.dim %{{.*}}, %c1 : memref<1x?x8xf32>
// AUTO: scf.for %{{.*}} = %c1 to %[[T]] step %c1 {
// unroll=4 on a dynamic T: a loop of 4 steps per iteration up to a multiple of 4, then a
// loop over the remaining steps.
// FOUR-LABEL: func.func @dynamic_time_initial_state
// FOUR: %[[T:[^ ,:]*]] = memref.dim %{{.*}}, %c1 : memref<1x?x8xf32>
// FOUR: scf.for %{{.*}} = %c1 to %[[UB:[^ ,:]*]] step %c4 {
// FOUR-COUNT-4: math.tanh
// FOUR: scf.for %{{.*}} = %[[UB]] to %[[T]] step %c1 {
// FOUR: math.tanh
func.func @dynamic_time_initial_state(%w: memref<1x8x8xf32>, %h0: memref<1x8xf32>,
                                      %seq: memref<1x?x8xf32>, %last: memref<1x8xf32>) {
  rnn.recurrence %w : memref<1x8x8xf32> initial_state(%h0 : memref<1x8xf32>)
      outs(%seq : memref<1x?x8xf32>, %last : memref<1x8xf32>)
  return
}

// -----

// 16 units in two panels of 8: one k loop carries both accumulators, loads both weight
// vectors and shares one broadcast; clip clamps each accumulator to [-2.5, 2.5] before relu;
// each output vector is activated once and stored once, at columns 0 and 8.
// CHECK-LABEL: func.func @two_panels_clip
// CHECK-SAME: (%[[W:[^ ,:]*]]: memref<2x16x8xf32>, %[[SEQ:[^ ,:]*]]: memref<1x10x16xf32>,
// CHECK-DAG: %[[ZERO:[^ ,:]*]] = arith.constant dense<0.000000e+00> : vector<8xf32>
// CHECK-DAG: %[[LO:[^ ,:]*]] = arith.constant dense<-2.500000e+00> : vector<8xf32>
// CHECK-DAG: %[[HI:[^ ,:]*]] = arith.constant dense<2.500000e+00> : vector<8xf32>
// CHECK-DAG: %[[C8:[^ ,:]*]] = arith.constant 8 : index
// CHECK: scf.for %[[S:[^ ,:]*]] = {{.*}} {
// CHECK: %[[ACC:[^ ,:]*]]:2 = scf.for %[[K:[^ ,:]*]] = {{.*}} -> (vector<8xf32>, vector<8xf32>) {
// CHECK-DAG: %[[W0:[^ ,:]*]] = vector.load %[[W]][%{{.*}}, %[[K]], %{{.*}}]
// CHECK-DAG: %[[W1:[^ ,:]*]] = vector.load %[[W]][%{{.*}}, %[[K]], %{{.*}}]
// CHECK: %[[HB:[^ ,:]*]] = vector.broadcast
// CHECK: vector.fma %[[HB]], %[[W0]],
// CHECK: vector.fma %[[HB]], %[[W1]],
// CHECK: }
// CHECK: %[[M0:[^ ,:]*]] = arith.maximumf %[[ACC]]#0, %[[LO]] : vector<8xf32>
// CHECK: %[[N0:[^ ,:]*]] = arith.minimumf %[[M0]], %[[HI]] : vector<8xf32>
// CHECK: %[[R0:[^ ,:]*]] = arith.maximumf %[[N0]], %[[ZERO]] : vector<8xf32>
// CHECK: vector.transfer_write %[[R0]], %[[SEQ]][%{{.*}}, %[[S]], %{{.*}}] {in_bounds = [true]}
// CHECK: %[[M1:[^ ,:]*]] = arith.maximumf %[[ACC]]#1, %[[LO]] : vector<8xf32>
// CHECK: %[[N1:[^ ,:]*]] = arith.minimumf %[[M1]], %[[HI]] : vector<8xf32>
// CHECK: %[[R1:[^ ,:]*]] = arith.maximumf %[[N1]], %[[ZERO]] : vector<8xf32>
// CHECK: vector.transfer_write %[[R1]], %[[SEQ]][%{{.*}}, %[[S]], %[[C8]]] {in_bounds = [true]}
// CHECK-NEXT: }
func.func @two_panels_clip(%w: memref<2x16x8xf32>, %seq: memref<1x10x16xf32>, %last: memref<1x16xf32>) {
  rnn.recurrence %w : memref<2x16x8xf32> outs(%seq : memref<1x10x16xf32>, %last : memref<1x16xf32>)
      {activation = #rnn.activation<relu>, clip = 2.5 : f32}
  return
}

// -----

// 33 units with a vector width of 16: three panels, the last holding one valid column. Its
// read and write at column 32 are not in bounds (masked), the two full panels' are.
// CHECK-LABEL: func.func @ragged_last_panel
// CHECK-SAME: (%[[W:[^ ,:]*]]: memref<3x33x16xf32>, %[[SEQ:[^ ,:]*]]: memref<1x5x33xf32>,
// CHECK-DAG: %[[C16:[^ ,:]*]] = arith.constant 16 : index
// CHECK-DAG: %[[C32:[^ ,:]*]] = arith.constant 32 : index
// CHECK-DAG: %[[C33:[^ ,:]*]] = arith.constant 33 : index
// CHECK: scf.for %[[S:[^ ,:]*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: vector.transfer_read %[[SEQ]][%[[ROW:[^ ,:]*]], %[[S]], %{{.*}}], %{{.*}} {in_bounds = [true]} : memref<1x5x33xf32>, vector<16xf32>
// CHECK: vector.transfer_read %[[SEQ]][%[[ROW]], %[[S]], %[[C16]]], %{{.*}} {in_bounds = [true]} : memref<1x5x33xf32>, vector<16xf32>
// CHECK: vector.transfer_read %[[SEQ]][%[[ROW]], %[[S]], %[[C32]]], %{{[^ ]*}} : memref<1x5x33xf32>, vector<16xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C33]] step %{{.*}} iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>) {
// CHECK-COUNT-3: vector.fma {{.*}} : vector<16xf32>
// CHECK: vector.transfer_write %{{.*}}, %[[SEQ]][%[[ROW]], %[[S]], %{{.*}}] {in_bounds = [true]} : vector<16xf32>, memref<1x5x33xf32>
// CHECK: vector.transfer_write %{{.*}}, %[[SEQ]][%[[ROW]], %[[S]], %[[C16]]] {in_bounds = [true]} : vector<16xf32>, memref<1x5x33xf32>
// CHECK: vector.transfer_write %{{.*}}, %[[SEQ]][%[[ROW]], %[[S]], %[[C32]]] : vector<16xf32>, memref<1x5x33xf32>
func.func @ragged_last_panel(%w: memref<3x33x16xf32>, %seq: memref<1x5x33xf32>, %last: memref<1x33xf32>) {
  rnn.recurrence %w : memref<3x33x16xf32> outs(%seq : memref<1x5x33xf32>, %last : memref<1x33xf32>)
  return
}

// -----

// With a mask the state lives in `last`: it starts at zero, every step multiplies `last`,
// then per row either commits the new state to `last` (mask true) or writes the previous
// output back over the row (mask false; zero at the first step).
// CHECK-LABEL: func.func @mask
// CHECK-SAME: (%[[W:[^ ,:]*]]: memref<1x8x8xf32>, %[[M:[^ ,:]*]]: memref<2x10xi1>, %[[SEQ:[^ ,:]*]]: memref<2x10x8xf32>, %[[LAST:[^ ,:]*]]: memref<2x8xf32>)
// CHECK-DAG: %[[ZERO:[^ ,:]*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[C0:[^ ,:]*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:[^ ,:]*]] = arith.constant 1 : index
// CHECK-DAG: %[[C10:[^ ,:]*]] = arith.constant 10 : index
// CHECK: memref.store %[[ZERO]], %[[LAST]]
// CHECK: scf.for %[[T:[^ ,:]*]] = %[[C0]] to %[[C10]] step %[[C1]] {
// CHECK: scf.for %[[K:[^ ,:]*]] = {{.*}} iter_args
// CHECK: memref.load %[[LAST]][%{{.*}}, %[[K]]] : memref<2x8xf32>
// CHECK: vector.fma
// CHECK: math.tanh
// CHECK: vector.transfer_write %{{.*}}, %[[SEQ]][%{{.*}}, %[[T]], %[[C0]]]
// CHECK-DAG: %[[FIRST:[^ ,:]*]] = arith.cmpi eq, %[[T]], %[[C0]] : index
// CHECK-DAG: %[[PREV:[^ ,:]*]] = arith.subi %[[T]], %[[C1]] : index
// CHECK: scf.for %[[ROW:[^ ,:]*]] = {{.*}} {
// CHECK: %[[KEEP:[^ ,:]*]] = memref.load %[[M]][%[[ROW]], %[[T]]] : memref<2x10xi1>
// CHECK: scf.if %[[KEEP]] {
// CHECK: scf.for %[[J:[^ ,:]*]] =
// CHECK: %[[H:[^ ,:]*]] = memref.load %[[SEQ]][%[[ROW]], %[[T]], %[[J]]]
// CHECK: memref.store %[[H]], %[[LAST]][%[[ROW]], %[[J]]]
// CHECK: } else {
// CHECK: scf.for %[[J2:[^ ,:]*]] =
// CHECK: %[[OUT:[^ ,:]*]] = scf.if %[[FIRST]] -> (f32) {
// CHECK: scf.yield %[[ZERO]]
// CHECK: } else {
// CHECK: %[[P:[^ ,:]*]] = memref.load %[[SEQ]][%[[ROW]], %[[PREV]], %[[J2]]]
// CHECK: scf.yield %[[P]]
// CHECK: memref.store %[[OUT]], %[[SEQ]][%[[ROW]], %[[T]], %[[J2]]]
func.func @mask(%w: memref<1x8x8xf32>, %m: memref<2x10xi1>, %seq: memref<2x10x8xf32>, %last: memref<2x8xf32>) {
  rnn.recurrence %w : memref<1x8x8xf32> mask(%m : memref<2x10xi1>)
      outs(%seq : memref<2x10x8xf32>, %last : memref<2x8xf32>)
  return
}

// -----

// With lengths (here reverse, from an initial state) `last` starts as h0; a step at or past
// a row's length leaves `last` alone and zeroes the row's output.
// CHECK-LABEL: func.func @lengths_reverse
// CHECK-SAME: (%[[W:[^ ,:]*]]: memref<1x8x8xf32>, %[[H0:[^ ,:]*]]: memref<2x8xf32>, %[[LEN:[^ ,:]*]]: memref<2xi32>, %[[SEQ:[^ ,:]*]]: memref<2x10x8xf32>, %[[LAST:[^ ,:]*]]: memref<2x8xf32>)
// CHECK-DAG: %[[ZERO:[^ ,:]*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[C9:[^ ,:]*]] = arith.constant 9 : index
// CHECK: %[[I:[^ ,:]*]] = memref.load %[[H0]]
// CHECK: memref.store %[[I]], %[[LAST]]
// CHECK: scf.for %[[S:[^ ,:]*]] = {{.*}} {
// CHECK: %[[T:[^ ,:]*]] = arith.subi %[[C9]], %[[S]] : index
// CHECK: memref.load %[[LAST]]
// CHECK: vector.fma
// CHECK: vector.transfer_write %{{.*}}, %[[SEQ]][%{{.*}}, %[[T]], %{{.*}}]
// CHECK: scf.for %[[ROW:[^ ,:]*]] = {{.*}} {
// CHECK: %[[L:[^ ,:]*]] = memref.load %[[LEN]][%[[ROW]]] : memref<2xi32>
// CHECK: %[[LI:[^ ,:]*]] = arith.index_cast %[[L]] : i32 to index
// CHECK: %[[VALID:[^ ,:]*]] = arith.cmpi slt, %[[T]], %[[LI]] : index
// CHECK: scf.if %[[VALID]] {
// CHECK: %[[H:[^ ,:]*]] = memref.load %[[SEQ]][%[[ROW]], %[[T]], %[[J:[^ ,:]*]]]
// CHECK: memref.store %[[H]], %[[LAST]][%[[ROW]], %[[J]]]
// CHECK: } else {
// CHECK: memref.store %[[ZERO]], %[[SEQ]][%[[ROW]], %[[T]], %{{.*}}]
func.func @lengths_reverse(%w: memref<1x8x8xf32>, %h0: memref<2x8xf32>, %len: memref<2xi32>,
                           %seq: memref<2x10x8xf32>, %last: memref<2x8xf32>) {
  rnn.recurrence %w : memref<1x8x8xf32> initial_state(%h0 : memref<2x8xf32>)
      lengths(%len : memref<2xi32>) outs(%seq : memref<2x10x8xf32>, %last : memref<2x8xf32>)
      {direction = #rnn.direction<reverse>}
  return
}

// -----

// A matmul over (batch, timesteps, K) rows: both buffers are viewed as rows, the
// accumulators start from the bias, the k loop is a broadcast-FMA over the packed weights,
// relu is applied in registers and each row vector is stored once.
// CHECK-LABEL: func.func @matmul_bias_relu
// CHECK-SAME: (%[[X:[^ ,:]*]]: memref<?x10x4xf32>, %[[W:[^ ,:]*]]: memref<1x4x8xf32>, %[[B:[^ ,:]*]]: memref<8xf32>, %[[Y:[^ ,:]*]]: memref<?x10x8xf32>)
// CHECK-DAG: %[[ZERO:[^ ,:]*]] = arith.constant dense<0.000000e+00> : vector<8xf32>
// CHECK-DAG: %[[C0:[^ ,:]*]] = arith.constant 0 : index
// CHECK: %[[LHS:[^ ,:]*]] = memref.collapse_shape %[[X]] {{\[\[}}0, 1], [2]] : memref<?x10x4xf32> into memref<?x4xf32>
// CHECK: %[[OUT:[^ ,:]*]] = memref.collapse_shape %[[Y]] {{\[\[}}0, 1], [2]] : memref<?x10x8xf32> into memref<?x8xf32>
// CHECK: %[[ROWS:[^ ,:]*]] = memref.dim %[[OUT]], %[[C0]]
// CHECK: %[[DONE:[^ ,:]*]] = arith.muli %{{.*}}, %c8 : index
// CHECK: scf.for %[[R:[^ ,:]*]] = {{.*}} {
// CHECK: %[[BIAS:[^ ,:]*]] = vector.transfer_read %[[B]][%[[C0]]]
// CHECK: %[[ACC:[^ ,:]*]]:{{[0-9]+}} = scf.for %[[K:[^ ,:]*]] = {{.*}} iter_args(%[[A:[^ ]*]] = %[[BIAS]]
// CHECK: %[[WV:[^ ,:]*]] = vector.load %[[W]][%[[C0]], %[[K]], %[[C0]]] : memref<1x4x8xf32>, vector<8xf32>
// CHECK: %[[XV:[^ ,:]*]] = memref.load %[[LHS]][%[[R]], %[[K]]] : memref<?x4xf32>
// CHECK: %[[XB:[^ ,:]*]] = vector.broadcast %[[XV]] : f32 to vector<8xf32>
// CHECK: vector.fma %[[XB]], %[[WV]], %[[A]] : vector<8xf32>
// CHECK: %[[RELU:[^ ,:]*]] = arith.maximumf %[[ACC]]#0, %[[ZERO]] : vector<8xf32>
// CHECK-NEXT: vector.transfer_write %[[RELU]], %[[OUT]][%[[R]], %[[C0]]] {in_bounds = [true]} : vector<8xf32>, memref<?x8xf32>
// The rows past the last multiple of the 8-row block (at most 7) go in blocks of 4, 2 and
// 1 rows, each where its binary digit of the rest is set, after the larger digits.
// CHECK: %[[REST:[^ ,:]*]] = arith.subi %[[ROWS]], %[[DONE]] : index
// CHECK: %[[D4:[^ ,:]*]] = arith.andi %[[REST]], %c4 : index
// CHECK: %[[HAS4:[^ ,:]*]] = arith.cmpi ne, %[[D4]], %[[C0]] : index
// CHECK: scf.if %[[HAS4]] {
// CHECK: scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK: vector.transfer_write %{{.*}}, %[[OUT]][%[[DONE]], %[[C0]]]
// CHECK: %[[ABOVE2:[^ ,:]*]] = arith.andi %[[REST]], %c-4 : index
// CHECK: %[[D2:[^ ,:]*]] = arith.andi %[[REST]], %c2 : index
// CHECK: %[[HAS2:[^ ,:]*]] = arith.cmpi ne, %[[D2]], %[[C0]] : index
// CHECK: scf.if %[[HAS2]] {
// CHECK: %[[AT2:[^ ,:]*]] = arith.addi %[[DONE]], %[[ABOVE2]] : index
// CHECK: scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>) {
// CHECK: vector.transfer_write %{{.*}}, %[[OUT]][%[[AT2]], %[[C0]]]
// CHECK: %[[ABOVE1:[^ ,:]*]] = arith.andi %[[REST]], %c-2 : index
// CHECK: %[[D1:[^ ,:]*]] = arith.andi %[[REST]], %c1 : index
// CHECK: %[[HAS1:[^ ,:]*]] = arith.cmpi ne, %[[D1]], %[[C0]] : index
// CHECK: scf.if %[[HAS1]] {
// CHECK: %[[AT1:[^ ,:]*]] = arith.addi %[[DONE]], %[[ABOVE1]] : index
// CHECK: scf.for {{.*}} -> (vector<8xf32>) {
// CHECK: vector.transfer_write %{{.*}}, %[[OUT]][%[[AT1]], %[[C0]]]
func.func @matmul_bias_relu(%x: memref<?x10x4xf32>, %w: memref<1x4x8xf32>, %b: memref<8xf32>,
                            %y: memref<?x10x8xf32>) {
  rnn.matmul %x : memref<?x10x4xf32>, %w : memref<1x4x8xf32> bias(%b : memref<8xf32>)
      outs(%y : memref<?x10x8xf32>) {activation = #rnn.activation<relu>}
  return
}

// -----

// Zero timesteps with a dynamic batch: the row count 0 x ? is not known to be 0 at compile
// time, so the collapsed row dim stays dynamic (a static 0 would not verify).
// CHECK-LABEL: func.func @matmul_zero_steps
// CHECK: memref.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : memref<?x0x4xf32> into memref<?x4xf32>
// CHECK: memref.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : memref<?x0x8xf32> into memref<?x8xf32>
func.func @matmul_zero_steps(%x: memref<?x0x4xf32>, %w: memref<1x4x8xf32>, %b: memref<8xf32>,
                             %y: memref<?x0x8xf32>) {
  rnn.matmul %x : memref<?x0x4xf32>, %w : memref<1x4x8xf32> bias(%b : memref<8xf32>)
      outs(%y : memref<?x0x8xf32>)
  return
}

// -----

// Without a bias the accumulators start at zero; sigmoid is computed in registers through
// math.exp; the ragged third panel (33 = 2 * 16 + 1) is stored masked. With the default 32
// vector registers, a k loop carries several rows' accumulators (more than 6).
// CHECK-LABEL: func.func @matmul_sigmoid
// CHECK-DAG: %[[ZERO:[^ ,:]*]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// CHECK: scf.for
// CHECK: scf.for %{{.*}} iter_args(%{{[^ ]*}} = %[[ZERO]], %{{[^ ]*}} = %[[ZERO]],
// CHECK-SAME: -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
// CHECK: math.exp %{{.*}} : vector<16xf32>
// CHECK: vector.transfer_write %{{.*}}, %arg2[%{{.*}}, %c32] : vector<16xf32>, memref<?x33xf32>
// With only 8 vector registers no k loop carries more than 6 accumulators (registers - 2).
// REGS-LABEL: func.func @matmul_sigmoid
// REGS: scf.for {{.*}} iter_args
// REGS-NOT: vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
// REGS: return
func.func @matmul_sigmoid(%x: memref<?x4xf32>, %w: memref<3x4x16xf32>, %y: memref<?x33xf32>) {
  rnn.matmul %x : memref<?x4xf32>, %w : memref<3x4x16xf32> outs(%y : memref<?x33xf32>)
      {activation = #rnn.activation<sigmoid>}
  return
}

// -----

// Rows that are not contiguous (batch rows 100 elements apart, as in a view of a larger
// buffer) are addressed through their (batch, timestep) indices rather than a flat view.
// CHECK-LABEL: func.func @strided_rows
// CHECK: arith.divui
// CHECK: memref.load %{{.*}} : memref<2x10x4xf32, strided<[100, 8, 1]>>
// CHECK: vector.fma
func.func @strided_rows(%x: memref<2x10x4xf32, strided<[100, 8, 1]>>, %w: memref<1x4x8xf32>, %y: memref<2x10x8xf32>) {
  rnn.matmul %x : memref<2x10x4xf32, strided<[100, 8, 1]>>, %w : memref<1x4x8xf32> outs(%y : memref<2x10x8xf32>)
  return
}

// -----

// A bidirectional layer's halves: two recurrences on the column halves of one output, with
// the second half's input projection between them. They share one time loop, each
// iteration a step of each (forward row s, reverse row 5 - s), after both projections.
// PAIR-LABEL: func.func @bidirectional
// PAIR: scf.for %[[S:[^ ,:]*]] = %c1 to %c6 step %c1 {
// PAIR: math.tanh
// PAIR: vector.transfer_write %{{.*}}, %{{.*}}[%c0, %[[S]], %c0]
// PAIR: %[[T:[^ ,:]*]] = arith.subi %c5, %[[S]] : index
// PAIR: math.tanh
// PAIR: vector.transfer_write %{{.*}}, %{{.*}}[%c0, %[[T]], %c0]
// PAIR: }
// PAIR-NOT: scf.for %{{.*}} = %c1 to %c6
// Without interleave, a time loop each.
// NOPAIR-LABEL: func.func @bidirectional
// NOPAIR-COUNT-2: scf.for %{{.*}} = %c1 to %c6 step %c1 {
func.func @bidirectional(%x: memref<1x6x4xf32>, %wf: memref<1x4x8xf32>, %rf: memref<1x8x8xf32>,
                         %wb: memref<1x4x8xf32>, %rb: memref<1x8x8xf32>,
                         %out: memref<1x6x16xf32>, %lf: memref<1x8xf32>, %lb: memref<1x8xf32>) {
  %f = memref.subview %out[0, 0, 0] [1, 6, 8] [1, 1, 1] : memref<1x6x16xf32> to memref<1x6x8xf32, strided<[96, 16, 1]>>
  rnn.matmul %x : memref<1x6x4xf32>, %wf : memref<1x4x8xf32> outs(%f : memref<1x6x8xf32, strided<[96, 16, 1]>>)
  rnn.recurrence %rf : memref<1x8x8xf32> outs(%f : memref<1x6x8xf32, strided<[96, 16, 1]>>, %lf : memref<1x8xf32>)
  %b = memref.subview %out[0, 0, 8] [1, 6, 8] [1, 1, 1] : memref<1x6x16xf32> to memref<1x6x8xf32, strided<[96, 16, 1], offset: 8>>
  rnn.matmul %x : memref<1x6x4xf32>, %wb : memref<1x4x8xf32> outs(%b : memref<1x6x8xf32, strided<[96, 16, 1], offset: 8>>)
  rnn.recurrence %rb : memref<1x8x8xf32> outs(%b : memref<1x6x8xf32, strided<[96, 16, 1], offset: 8>>, %lb : memref<1x8xf32>) {direction = #rnn.direction<reverse>}
  return
}

// -----

// Stacked layers are not independent: the second projection reads the first sequence, so
// the first recurrence must finish before it. A time loop each.
// PAIR-LABEL: func.func @stacked
// PAIR-COUNT-2: scf.for %{{.*}} = %c1 to %c6 step %c1 {
func.func @stacked(%x: memref<1x6x4xf32>, %w1: memref<1x4x8xf32>, %r1: memref<1x8x8xf32>,
                   %w2: memref<1x8x8xf32>, %r2: memref<1x8x8xf32>, %s1: memref<1x6x8xf32>,
                   %s2: memref<1x6x8xf32>, %l1: memref<1x8xf32>, %l2: memref<1x8xf32>) {
  rnn.matmul %x : memref<1x6x4xf32>, %w1 : memref<1x4x8xf32> outs(%s1 : memref<1x6x8xf32>)
  rnn.recurrence %r1 : memref<1x8x8xf32> outs(%s1 : memref<1x6x8xf32>, %l1 : memref<1x8xf32>)
  rnn.matmul %s1 : memref<1x6x8xf32>, %w2 : memref<1x8x8xf32> outs(%s2 : memref<1x6x8xf32>)
  rnn.recurrence %r2 : memref<1x8x8xf32> outs(%s2 : memref<1x6x8xf32>, %l2 : memref<1x8xf32>)
  return
}

// -----

// Two halves whose recurrent weights (2 x 32 KiB) do not fit in L1 together: each step
// streams them from L2, so they keep a time loop each.
// PAIR-LABEL: func.func @large_halves
// PAIR-COUNT-2: scf.for %{{.*}} = %c1 to %c3 step %c1 {
func.func @large_halves(%rf: memref<6x96x16xf32>, %rb: memref<6x96x16xf32>,
                        %sf: memref<1x3x96xf32>, %sb: memref<1x3x96xf32>,
                        %lf: memref<1x96xf32>, %lb: memref<1x96xf32>) {
  rnn.recurrence %rf : memref<6x96x16xf32> outs(%sf : memref<1x3x96xf32>, %lf : memref<1x96xf32>)
  rnn.recurrence %rb : memref<6x96x16xf32> outs(%sb : memref<1x3x96xf32>, %lb : memref<1x96xf32>) {direction = #rnn.direction<reverse>}
  return
}

// -----

// In a worker function (rnn-distribute) at batch 1 with recurrent weights past one core's
// L1 (16 panels x 128 x 8 floats = 64 KiB), each step's panel groups are dealt round-robin
// to the workers (3 panels per group under 8 registers: groups 0 to 5, the five full ones
// in a loop, then the one-panel group 5), and the workers meet at a barrier after each
// step, before h_t is read.
// WORKER-LABEL: func.func private @worker_batch1(
// WORKER-SAME: %[[W:[^ ,:]*]]: index, %[[N:[^ ,:]*]]: index, %[[SYNC:[^ ,:]*]]: !llvm.ptr)
// WORKER: scf.for %[[S:[^ ,:]*]] = %c1 to %c10 step %c1 {
// WORKER: scf.for %[[G:[^ ,:]*]] = %c0 to %c5 step %c1 {
// WORKER: %[[OWNER:.*]] = arith.remui %[[G]], %[[N]] : index
// WORKER: %[[MINE:.*]] = arith.cmpi eq, %[[OWNER]], %[[W]] : index
// WORKER: scf.if %[[MINE]] {
// WORKER: %[[G5:.*]] = arith.remui %c5, %[[N]] : index
// WORKER: %[[MINE5:.*]] = arith.cmpi eq, %[[G5]], %[[W]] : index
// WORKER: scf.if %[[MINE5]] {
// WORKER: call @rnn_barrier(%[[SYNC]], %[[N]]) : (!llvm.ptr, index) -> ()
// WORKER-NEXT: }
// The last state is copied by worker 0 once every column is done.
// WORKER: %[[FIRST:.*]] = arith.cmpi eq, %[[W]], %c0 : index
// WORKER: scf.if %[[FIRST]] {
func.func private @rnn_barrier(!llvm.ptr, index)
func.func private @worker_batch1(%w: memref<16x128x8xf32>, %seq: memref<1x10x128xf32>, %last: memref<1x128xf32>,
                                 %i: index, %n: index, %sync: !llvm.ptr)
    attributes {rnn.workers = array<i64: 3, 4, 5>} {
  rnn.recurrence %w : memref<16x128x8xf32> outs(%seq : memref<1x10x128xf32>, %last : memref<1x128xf32>)
  return
}

// -----

// Smaller weights at batch 1: a step is shorter than a barrier, so the row goes to one
// worker (rows [i / N, (i + 1) / N) of 1), which runs every step alone; one barrier before
// worker 0 copies the last state.
// WORKER-LABEL: func.func private @worker_batch1_small(
// WORKER-SAME: %[[W:[^ ,:]*]]: index, %[[N:[^ ,:]*]]: index, %[[SYNC:[^ ,:]*]]: !llvm.ptr)
// WORKER: arith.divui %[[W]], %[[N]] : index
// WORKER: scf.for %{{.*}} = %c1 to %c10 step %c1 {
// WORKER-NOT: rnn_barrier
// WORKER: }
// WORKER: call @rnn_barrier(%[[SYNC]], %[[N]])
func.func private @rnn_barrier(!llvm.ptr, index)
func.func private @worker_batch1_small(%w: memref<4x32x8xf32>, %seq: memref<1x10x32xf32>, %last: memref<1x32xf32>,
                                       %i: index, %n: index, %sync: !llvm.ptr)
    attributes {rnn.workers = array<i64: 3, 4, 5>} {
  rnn.recurrence %w : memref<4x32x8xf32> outs(%seq : memref<1x10x32xf32>, %last : memref<1x32xf32>)
  return
}

// -----

// With a batch, each worker runs its own rows [n * i / N, n * (i + 1) / N) through every
// step with no barrier; one barrier before worker 0 copies the last states.
// WORKER-LABEL: func.func private @worker_batch(
// WORKER-SAME: %[[W:[^ ,:]*]]: index, %[[N:[^ ,:]*]]: index, %[[SYNC:[^ ,:]*]]: !llvm.ptr)
// WORKER: %[[LO:.*]] = arith.muli %[[W]], %c6 : index
// WORKER: %[[BEGIN:.*]] = arith.divui %[[LO]], %[[N]] : index
// WORKER: scf.for %[[S:[^ ,:]*]] = %c1 to %c10 step %c1 {
// WORKER-NOT: rnn_barrier
// WORKER: }
// WORKER: call @rnn_barrier(%[[SYNC]], %[[N]])
func.func private @rnn_barrier(!llvm.ptr, index)
func.func private @worker_batch(%w: memref<1x8x8xf32>, %seq: memref<6x10x8xf32>, %last: memref<6x8xf32>,
                                %i: index, %n: index, %sync: !llvm.ptr)
    attributes {rnn.workers = array<i64: 3, 4, 5>} {
  rnn.recurrence %w : memref<1x8x8xf32> outs(%seq : memref<6x10x8xf32>, %last : memref<6x8xf32>)
  return
}

// -----

// Recurrent weights past L1 (6 panels x 96 x 16 floats = 36 KiB) streamed once per step:
// odd steps visit the panel groups last to first and k from 95 down to 0, so each step
// starts on the weights the previous one left in cache. Step 0 and even steps go forward.
// ZIGZAG-LABEL: func.func @zigzag
// ZIGZAG: scf.for %[[S:[^ ,:]*]] = %c1 to %c6 step %c1 {
// ZIGZAG: %[[BIT:.*]] = arith.andi %[[S]], %c1 : index
// ZIGZAG: %[[ODD:.*]] = arith.cmpi ne, %[[BIT]], %c0 : index
// ZIGZAG: scf.if %[[ODD]] {
// ZIGZAG: scf.for %[[K:[^ ,:]*]] = %c0 to %c96 step %c1
// ZIGZAG: %[[KR:.*]] = arith.subi %c95, %[[K]] : index
// ZIGZAG: vector.load %{{.*}}[%c3, %[[KR]], %c0]
// ZIGZAG: scf.for %[[K2:[^ ,:]*]] = %c0 to %c96 step %c1
// ZIGZAG: %[[KR2:.*]] = arith.subi %c95, %[[K2]] : index
// ZIGZAG: vector.load %{{.*}}[%c0, %[[KR2]], %c0]
// ZIGZAG: } else {
// ZIGZAG: scf.for %[[K3:[^ ,:]*]] = %c0 to %c96 step %c1
// ZIGZAG-NOT: arith.subi %c95
// ZIGZAG: vector.load %{{.*}}[%c0, %[[K3]], %c0]
// ZIGZAG: scf.for %[[K4:[^ ,:]*]] = %c0 to %c96 step %c1
// ZIGZAG: vector.load %{{.*}}[%c3, %[[K4]], %c0]
func.func @zigzag(%w: memref<6x96x16xf32>, %seq: memref<1x6x96xf32>, %last: memref<1x96xf32>) {
  rnn.recurrence %w : memref<6x96x16xf32> outs(%seq : memref<1x6x96xf32>, %last : memref<1x96xf32>)
  return
}

// -----

// One fixed order: weights that fit in L1 (4 x 64 x 16 floats), 64 KiB in panels 8 KiB
// apart (measured faster in a fixed order), and more rows than one block (each group's
// weights reused from L1 by every block).
// ZIGZAG-LABEL: func.func @fixed_order
// ZIGZAG-NOT: arith.andi
// ZIGZAG: return
func.func @fixed_order(%w1: memref<4x64x16xf32>, %s1: memref<1x6x64xf32>, %l1: memref<1x64xf32>,
                       %w2: memref<8x128x16xf32>, %s2: memref<1x6x128xf32>, %l2: memref<1x128xf32>,
                       %w3: memref<6x96x16xf32>, %s3: memref<9x6x96xf32>, %l3: memref<9x96xf32>) {
  rnn.recurrence %w1 : memref<4x64x16xf32> outs(%s1 : memref<1x6x64xf32>, %l1 : memref<1x64xf32>)
  rnn.recurrence %w2 : memref<8x128x16xf32> outs(%s2 : memref<1x6x128xf32>, %l2 : memref<1x128xf32>)
  rnn.recurrence %w3 : memref<6x96x16xf32> outs(%s3 : memref<9x6x96xf32>, %l3 : memref<9x96xf32>)
  return
}

// -----

// A wide layer (1024 units, 64 panels, 8 per group at one row): its panel groups run in a
// loop, so a step is one group's code, not eight copies. Step 0 (no initial state: no
// product), then the two weight orders of the later steps: 3 x 8 activations in all.
// CHECK-LABEL: func.func @wide_groups_loop
// CHECK: scf.for %[[G0:[^ ,:]*]] = %c0 to %c8 step %c1 {
// CHECK-COUNT-8: math.tanh
// CHECK: scf.for %[[S:[^ ,:]*]] = %c1 to %c5 step %c1 {
// CHECK: scf.for %[[G:[^ ,:]*]] = %c0 to %c8 step %c1 {
// CHECK: arith.subi %c7, %[[G]] : index
// CHECK-COUNT-8: math.tanh
// CHECK: } else {
// CHECK: scf.for %[[G2:[^ ,:]*]] = %c0 to %c8 step %c1 {
// CHECK-COUNT-8: math.tanh
// CHECK-NOT: math.tanh
// CHECK: return
func.func @wide_groups_loop(%w: memref<64x1024x16xf32>, %seq: memref<1x5x1024xf32>,
                            %last: memref<1x1024xf32>) {
  rnn.recurrence %w : memref<64x1024x16xf32> outs(%seq : memref<1x5x1024xf32>, %last : memref<1x1024xf32>)
  return
}

// -----

// A static row count is cut into blocks of equal size, then one block of the rest, each
// reading the panel group's weights once: 8 rows under a 6-row limit (4 panels, 32
// registers) are 2 x 4 rows (16 accumulators per k loop), not 6 + 1 + 1; 7 rows are 4 + 3.
// CHECK-LABEL: func.func @static_rows
// CHECK-SAME: %[[Y8:[^ ,:]*]]: memref<8x64xf32>, %{{[^ ,:]*}}: memref<7x4xf32>, %[[Y7:[^ ,:]*]]: memref<7x64xf32>
// CHECK: scf.for %[[ROW:[^ ,:]*]] = %c0 to %c8 step %c4 {
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
// CHECK: vector.transfer_write %{{.*}}, %[[Y8]][%[[ROW]], %c0]
// CHECK-NOT: scf.for %{{.*}} = %c0 to %c7
// CHECK: vector.transfer_write %{{.*}}, %[[Y7]][%c3, %c48]
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
// CHECK: vector.transfer_write %{{.*}}, %[[Y7]][%c6, %c48]
func.func @static_rows(%x8: memref<8x4xf32>, %y8: memref<8x64xf32>, %x7: memref<7x4xf32>,
                       %y7: memref<7x64xf32>, %w: memref<4x4x16xf32>) {
  rnn.matmul %x8 : memref<8x4xf32>, %w : memref<4x4x16xf32> outs(%y8 : memref<8x64xf32>)
  rnn.matmul %x7 : memref<7x4xf32>, %w : memref<4x4x16xf32> outs(%y7 : memref<7x64xf32>)
  return
}

// -----

// An LSTM step: the cell starts at zero; step 0 (no initial state) skips the product; each
// later step is one pass over the four gate panels of the unit block, accumulating on the
// projection, then the gates, the cell update and h in registers: c and h are the only
// stores (no gate is written to memory).
// GATED-LABEL: func.func @gated_lstm
// GATED-SAME: (%[[R:.*]]: memref<4x4x4xf32>, %[[P:.*]]: memref<1x3x16xf32>, %[[S:.*]]: memref<1x3x4xf32>, %[[L:.*]]: memref<1x4xf32>, %[[C:.*]]: memref<1x4xf32>)
// GATED: memref.store %{{.*}}, %[[C]]
// GATED: vector.transfer_write %{{.*}}, %[[C]]
// GATED: vector.transfer_write %{{.*}}, %[[S]][%{{.*}}, %{{.*}}, %{{.*}}]
// GATED: scf.for %[[T:arg[0-9]+]] = %c1 to %c3
// GATED-DAG: vector.transfer_read %[[P]][%{{.*}}, %[[T]], %c0{{.*}}]
// GATED-DAG: vector.transfer_read %[[P]][%{{.*}}, %[[T]], %c4{{.*}}]
// GATED-DAG: vector.transfer_read %[[P]][%{{.*}}, %[[T]], %c8{{.*}}]
// GATED-DAG: vector.transfer_read %[[P]][%{{.*}}, %[[T]], %c12{{.*}}]
// GATED: vector.fma
// GATED: vector.fma
// GATED: vector.fma
// GATED: vector.fma
// GATED-NOT: vector.transfer_write
// GATED: math.tanh
// GATED-NOT: vector.transfer_write
// GATED: vector.transfer_write %{{.*}}, %[[C]]
// GATED-NEXT: vector.transfer_write %{{.*}}, %[[S]][%{{.*}}, %[[T]], %{{.*}}]
// GATED: memref.store %{{.*}}, %[[L]]
func.func @gated_lstm(%r: memref<4x4x4xf32>, %p: memref<1x3x16xf32>, %s: memref<1x3x4xf32>,
                      %l: memref<1x4xf32>, %c: memref<1x4xf32>) {
  rnn.gated_recurrence <lstm> %r : memref<4x4x4xf32> projection(%p : memref<1x3x16xf32>)
      outs(%s : memref<1x3x4xf32>, %l : memref<1x4xf32>) cell(%c : memref<1x4xf32>)
  return
}

// -----

// A GRU without reset_after: two passes per step, the z / r one (panels 0 and 1) storing z
// in the step's row and r ⊙ h in the scratch rows, the h one (panel 2) reading the scratch.
// GATED-LABEL: func.func @gated_gru_reset_before
// GATED-SAME: (%[[R:.*]]: memref<3x4x4xf32>, %[[P:.*]]: memref<1x3x12xf32>, %[[S:.*]]: memref<1x3x4xf32>, %[[L:.*]]: memref<1x4xf32>, %[[X:.*]]: memref<1x4xf32>, %[[H0:.*]]: memref<1x4xf32>)
// GATED: scf.for %[[T:arg[0-9]+]] = %c1 to %c3
// GATED: scf.for
// GATED: vector.load %[[R]][%c0
// GATED: vector.load %[[R]][%c1
// GATED: memref.load %[[S]]
// GATED: vector.transfer_write %{{.*}}, %[[S]][%{{.*}}, %[[T]], %{{.*}}]
// GATED: vector.transfer_write %{{.*}}, %[[X]]
// GATED: scf.for
// GATED: vector.load %[[R]][%c2
// GATED: memref.load %[[X]]
// GATED: vector.transfer_read %[[S]][%{{.*}}, %[[T]], %{{.*}}]
// GATED: vector.transfer_write %{{.*}}, %[[S]][%{{.*}}, %[[T]], %{{.*}}]
func.func @gated_gru_reset_before(%r: memref<3x4x4xf32>, %p: memref<1x3x12xf32>, %s: memref<1x3x4xf32>,
                                  %l: memref<1x4xf32>, %x: memref<1x4xf32>, %h0: memref<1x4xf32>) {
  rnn.gated_recurrence <gru> %r : memref<3x4x4xf32> projection(%p : memref<1x3x12xf32>)
      initial_state(%h0 : memref<1x4xf32>)
      outs(%s : memref<1x3x4xf32>, %l : memref<1x4xf32>) scratch(%x : memref<1x4xf32>)
  return
}

// -----

// An LSTM's narrow recurrent kernel is stored in groups of 8 panels, unit by unit
// (dialect/PanelGroups.h): the kernel reads it as one dimension, a step's first group
// (panels 0..7) pair by pair at 2 * panel, then its second pairs, then the last group of
// 4 panels likewise. Each load of a group's k step is next to the previous one.
// GATED-LABEL: func.func @gated_grouped_bf16
// GATED: %[[F:collapse_shape[_0-9]*]] = memref.collapse_shape %{{.*}} {{\[\[}}0, 1, 2]] : memref<12x4x1xbf16> into memref<48xbf16>
// GATED: vector.load %[[F]][%c0] : memref<48xbf16>, vector<2xbf16>
// GATED: vector.load %[[F]][%c2] : memref<48xbf16>, vector<2xbf16>
// GATED: vector.load %[[F]][%c4] : memref<48xbf16>, vector<2xbf16>
// GATED: vector.load %[[F]][%c6] : memref<48xbf16>, vector<2xbf16>
// GATED: vector.load %[[F]][%c8] : memref<48xbf16>, vector<2xbf16>
// GATED: vector.load %[[F]][%c10] : memref<48xbf16>, vector<2xbf16>
// GATED: vector.load %[[F]][%c12] : memref<48xbf16>, vector<2xbf16>
// GATED: vector.load %[[F]][%c14] : memref<48xbf16>, vector<2xbf16>
// GATED: vector.load %[[F]][%c16]
// GATED: vector.load %[[F]][%c30]
// GATED: vector.load %[[F]][%c32]
// GATED: vector.load %[[F]][%c38]
// GATED: vector.load %[[F]][%c40]
// GATED: vector.load %[[F]][%c46]
func.func @gated_grouped_bf16(%r: memref<12x4x1xbf16>, %p: memref<1x3x12xf32>, %s: memref<1x3x3xf32>,
                              %l: memref<1x3xf32>, %c: memref<1x3xf32>) {
  rnn.gated_recurrence <lstm> %r : memref<12x4x1xbf16> projection(%p : memref<1x3x12xf32>)
      outs(%s : memref<1x3x3xf32>, %l : memref<1x3xf32>) cell(%c : memref<1x3xf32>)
  return
}

// -----

// bf16 weights (rnn-narrow-weights) are widened in registers. A panel holds its rows in
// pairs, lane by lane, so one load of 2 x 8 bf16 is 8 lanes of 32 bits, each with row 2m's
// weight in its low half and row 2m + 1's in its high half: a shift and a mask make the two
// f32 vectors (exact), and the FMAs stay float32. K = 5: two pairs in the loop, then row 4
// alone (the low halves of the last pair, whose high halves are the zero row).
// BF16-LABEL: func.func @bf16_weights
// BF16-DAG: %[[HIGHMASK:[^ ,:]*]] = arith.constant dense<-65536> : vector<8xi32>
// BF16-DAG: %[[SIXTEEN:[^ ,:]*]] = arith.constant dense<16> : vector<8xi32>
// BF16: scf.for %[[M:[^ ]*]] = %c0 to %c2 step %c1
// BF16: %[[ROW:[^ ,:]*]] = arith.muli %[[M]], %c2 : index
// BF16: %[[PV:[^ ,:]*]] = vector.load %arg1[%c0, %[[ROW]], %c0] : memref<1x6x8xbf16>, vector<16xbf16>
// BF16: %[[LANES:[^ ,:]*]] = vector.bitcast %[[PV]] : vector<16xbf16> to vector<8xi32>
// BF16: %[[LOW:[^ ,:]*]] = arith.shli %[[LANES]], %[[SIXTEEN]] : vector<8xi32>
// BF16: %[[W0:[^ ,:]*]] = arith.bitcast %[[LOW]] : vector<8xi32> to vector<8xf32>
// BF16: %[[HIGH:[^ ,:]*]] = arith.andi %[[LANES]], %[[HIGHMASK]] : vector<8xi32>
// BF16: %[[W1:[^ ,:]*]] = arith.bitcast %[[HIGH]] : vector<8xi32> to vector<8xf32>
// BF16: %[[A0:[^ ,:]*]] = memref.load %arg0[%c0, %[[ROW]]]
// BF16: %[[S0:[^ ,:]*]] = vector.broadcast %[[A0]]
// BF16: vector.fma %[[S0]], %[[W0]], %{{.*}} : vector<8xf32>
// BF16: %[[NEXT:[^ ,:]*]] = arith.addi %[[ROW]], %c1 : index
// BF16: %[[A1:[^ ,:]*]] = memref.load %arg0[%c0, %[[NEXT]]]
// BF16: %[[S1:[^ ,:]*]] = vector.broadcast %[[A1]]
// BF16: vector.fma %[[S1]], %[[W1]], %{{.*}} : vector<8xf32>
// BF16: scf.yield
// BF16: %[[LAST:[^ ,:]*]] = vector.load %arg1[%c0, %c4, %c0] : memref<1x6x8xbf16>, vector<16xbf16>
// BF16: %[[LLANES:[^ ,:]*]] = vector.bitcast %[[LAST]]
// BF16: %[[LLOW:[^ ,:]*]] = arith.shli %[[LLANES]], %[[SIXTEEN]]
// BF16: %[[LW:[^ ,:]*]] = arith.bitcast %[[LLOW]] : vector<8xi32> to vector<8xf32>
// BF16-NOT: arith.andi
// BF16: %[[A4:[^ ,:]*]] = memref.load %arg0[%c0, %c4]
// BF16: %[[S4:[^ ,:]*]] = vector.broadcast %[[A4]]
// BF16: vector.fma %[[S4]], %[[LW]], %{{.*}} : vector<8xf32>
func.func @bf16_weights(%x: memref<2x5xf32>, %w: memref<1x6x8xbf16>, %y: memref<2x8xf32>) {
  rnn.matmul %x : memref<2x5xf32>, %w : memref<1x6x8xbf16> outs(%y : memref<2x8xf32>)
  return
}

// -----

// bf16-dot: the recurrent product reads the state rounded to bf16 (nearest even: truncf),
// two rows at a time: (h[2m], h[2m + 1]) as one 32-bit lane broadcast to every lane, and one
// vdpbf16ps per panel on the pair as stored. K = 3: the last row pairs h[2] with zero.
// Panels narrower than 128 bits (vw = 2) round the state the same way and widen.
// DOT-LABEL: func.func @bf16_dot
// DOT: scf.for
// DOT: %[[H0:[^ ,:]*]] = memref.load %arg1[%c0, %{{.*}}, %c0] : memref<1x3x3xf32>
// DOT: %[[H1:[^ ,:]*]] = memref.load %arg1[%c0, %{{.*}}, %c1] : memref<1x3x3xf32>
// DOT: %[[B:[^ ,:]*]] = vector.broadcast %[[H0]] : f32 to vector<2xf32>
// DOT: %[[TWO:[^ ,:]*]] = vector.insert %[[H1]], %[[B]] [1] : f32 into vector<2xf32>
// DOT: %[[R:[^ ,:]*]] = arith.truncf %[[TWO]] : vector<2xf32> to vector<2xbf16>
// DOT: %[[L:[^ ,:]*]] = vector.bitcast %[[R]] : vector<2xbf16> to vector<1xi32>
// DOT: %[[S:[^ ,:]*]] = vector.extract %[[L]][0] : i32 from vector<1xi32>
// DOT: %[[LANES:[^ ,:]*]] = vector.broadcast %[[S]] : i32 to vector<16xi32>
// DOT: %[[A:[^ ,:]*]] = vector.bitcast %[[LANES]] : vector<16xi32> to vector<32xbf16>
// DOT: %[[W:[^ ,:]*]] = vector.load %arg0[%c0, %c0, %c0] : memref<1x4x16xbf16>, vector<32xbf16>
// DOT: %[[ACC:[^ ,:]*]] = llvm.call_intrinsic "llvm.x86.avx512bf16.dpbf16ps.512"(%{{.*}}, %[[A]], %[[W]])
// DOT: %[[H2:[^ ,:]*]] = memref.load %arg1[%c0, %{{.*}}, %c2] : memref<1x3x3xf32>
// DOT: %[[B2:[^ ,:]*]] = vector.broadcast %[[H2]] : f32 to vector<2xf32>
// DOT: vector.insert %cst, %[[B2]] [1] : f32 into vector<2xf32>
// DOT: %[[W2:[^ ,:]*]] = vector.load %arg0[%c0, %c2, %c0] : memref<1x4x16xbf16>, vector<32xbf16>
// DOT: llvm.call_intrinsic "llvm.x86.avx512bf16.dpbf16ps.512"(%[[ACC]], %{{.*}}, %[[W2]])
// DOT-NOT: arith.shli
func.func @bf16_dot(%r: memref<1x4x16xbf16>, %seq: memref<1x3x3xf32>, %last: memref<1x3xf32>) {
  rnn.recurrence %r : memref<1x4x16xbf16> outs(%seq : memref<1x3x3xf32>, %last : memref<1x3xf32>)
  return
}

// DOT-LABEL: func.func @bf16_dot_narrow
// DOT: %[[H:[^ ,:]*]] = memref.load %arg1
// DOT: %[[R:[^ ,:]*]] = arith.truncf %[[H]] : f32 to bf16
// DOT: %[[E:[^ ,:]*]] = arith.extf %[[R]] : bf16 to f32
// DOT: vector.broadcast %[[E]] : f32 to vector<2xf32>
// DOT-NOT: llvm.call_intrinsic
// DOT: return
func.func @bf16_dot_narrow(%r: memref<2x4x2xbf16>, %seq: memref<1x3x3xf32>, %last: memref<1x3xf32>) {
  rnn.recurrence %r : memref<2x4x2xbf16> outs(%seq : memref<1x3x3xf32>, %last : memref<1x3xf32>)
  return
}

// -----

// int8 weights: the k loop (K = 4, not the panel's 8 rows) sums sign-extended weights from
// zero; then each column's scale, assembled from the four scale rows after K (bytes least
// significant first), multiplies the sum as it is added to the bias.
// INT8-LABEL: func.func @int8_weights
// INT8: %[[SUM:[^ ,:]*]] = scf.for %{{.*}} = %c0 to %c4 step %c1 iter_args(%{{.*}} = %cst{{.*}}) -> (vector<8xf32>)
// INT8: %[[Q:[^ ,:]*]] = vector.load %arg1[%{{.*}}, %{{.*}}, %{{.*}}] : memref<1x8x8xi8>, vector<8xi8>
// INT8: %[[WF:[^ ,:]*]] = arith.sitofp %[[Q]] : vector<8xi8> to vector<8xf32>
// INT8: vector.fma %{{.*}}, %[[WF]], %{{.*}} : vector<8xf32>
// INT8: %[[B:[^ ,:]*]] = vector.transfer_read %arg2
// INT8: %[[S0:[^ ,:]*]] = vector.load %arg1[%c0, %c4, %c0] : memref<1x8x8xi8>, vector<8xi8>
// INT8: vector.load %arg1[%c0, %c5, %c0]
// INT8: vector.load %arg1[%c0, %c6, %c0]
// INT8: vector.load %arg1[%c0, %c7, %c0]
// INT8: %[[SCALE:[^ ,:]*]] = arith.bitcast %{{.*}} : vector<8xi32> to vector<8xf32>
// INT8: vector.fma %[[SUM]]{{.*}}, %[[SCALE]], %[[B]] : vector<8xf32>
func.func @int8_weights(%x: memref<1x4xf32>, %w: memref<1x8x8xi8>, %b: memref<8xf32>, %y: memref<1x8xf32>) {
  rnn.matmul %x : memref<1x4xf32>, %w : memref<1x8x8xi8> bias(%b : memref<8xf32>) outs(%y : memref<1x8xf32>)
  return
}

// -----

// int8-dot (panels in quads, K = 3 padded to 4): each step first quantizes h_{t-1} into a
// stack buffer made once at the function's entry: m = max |h| (maxnumf), its scale m / 127
// kept for the row, q = h * (127 / m) to nearest even within +-127, stored as q + 128. The
// product is one vpdpbusd per quad (the 4 bytes of the row broadcast to every lane, the
// quad's 64 bytes as 16 int32 lanes); then the panel's 128 * sum q (the quad at row 8) is
// taken off, and the sum times the lane's scale (the quad at row 4) times the row's scale
// is added to the projection.
// INT8-LABEL: func.func @int8_dot
// INT8: %[[BYTES:[^ ,:]*]] = memref.alloca() {alignment = 64 : i64} : memref<1x16xi8>
// INT8: %[[SCALES:[^ ,:]*]] = memref.alloca() {alignment = 64 : i64} : memref<1xf32>
// INT8: scf.for
// INT8: %[[ABS:[^ ,:]*]] = math.absf
// INT8: %[[MAXV:[^ ,:]*]] = arith.maxnumf %[[ABS]]
// INT8: %[[M:[^ ,:]*]] = vector.reduction <maxnumf>, %[[MAXV]]
// INT8: %[[INV:[^ ,:]*]] = arith.divf %{{.*}}, %[[M]] : f32
// INT8: %[[SEL:[^ ,:]*]] = arith.select %{{.*}}, %[[INV]], %{{.*}} : f32
// INT8: %[[S:[^ ,:]*]] = arith.divf %[[M]], %{{.*}} : f32
// INT8: memref.store %[[S]], %[[SCALES]][%c0] : memref<1xf32>
// INT8: %[[INVV:[^ ,:]*]] = vector.broadcast %[[SEL]] : f32 to vector<16xf32>
// INT8: %[[X:[^ ,:]*]] = arith.mulf %{{.*}}, %[[INVV]] : vector<16xf32>
// INT8: %[[RE:[^ ,:]*]] = math.roundeven %[[X]] : vector<16xf32>
// INT8: %[[LO:[^ ,:]*]] = arith.maxnumf %[[RE]]
// INT8: %[[HI:[^ ,:]*]] = arith.minnumf %[[LO]]
// INT8: %[[QI:[^ ,:]*]] = arith.fptosi %[[HI]] : vector<16xf32> to vector<16xi32>
// INT8: %[[U:[^ ,:]*]] = arith.addi %[[QI]], %{{.*}} : vector<16xi32>
// INT8: %[[U8:[^ ,:]*]] = arith.trunci %[[U]] : vector<16xi32> to vector<16xi8>
// INT8: vector.store %[[U8]], %[[BYTES]][%c0, %c0] : memref<1x16xi8>, vector<16xi8>
// INT8: %[[QUAD4:[^ ,:]*]] = vector.load %[[BYTES]][%c0, %c0] : memref<1x16xi8>, vector<4xi8>
// INT8: %[[LANE:[^ ,:]*]] = vector.bitcast %[[QUAD4]] : vector<4xi8> to vector<1xi32>
// INT8: %[[A:[^ ,:]*]] = vector.extract %[[LANE]][0]
// INT8: %[[AV:[^ ,:]*]] = vector.broadcast %[[A]] : i32 to vector<16xi32>
// INT8: %[[WQ:[^ ,:]*]] = vector.load %arg0[%c0, %c0, %c0] : memref<1x12x16xi8>, vector<64xi8>
// INT8: %[[W:[^ ,:]*]] = vector.bitcast %[[WQ]] : vector<64xi8> to vector<16xi32>
// INT8: %[[SUM:[^ ,:]*]] = llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%{{.*}}, %[[AV]], %[[W]])
// INT8: %[[START:[^ ,:]*]] = vector.transfer_read %arg1
// INT8: %[[RS:[^ ,:]*]] = memref.load %[[SCALES]][%c0] : memref<1xf32>
// INT8: %[[RSV:[^ ,:]*]] = vector.broadcast %[[RS]]
// INT8: vector.load %arg0[%c0, %c4, %c0] : memref<1x12x16xi8>, vector<64xi8>
// INT8: %[[LS:[^ ,:]*]] = arith.bitcast %{{.*}} : vector<16xi32> to vector<16xf32>
// INT8: %[[OQ:[^ ,:]*]] = vector.load %arg0[%c0, %c8, %c0] : memref<1x12x16xi8>, vector<64xi8>
// INT8: %[[OFF:[^ ,:]*]] = vector.bitcast %[[OQ]] : vector<64xi8> to vector<16xi32>
// INT8: %[[NET:[^ ,:]*]] = arith.subi %[[SUM]], %[[OFF]] : vector<16xi32>
// INT8: %[[NETF:[^ ,:]*]] = arith.sitofp %[[NET]] : vector<16xi32> to vector<16xf32>
// INT8: %[[F:[^ ,:]*]] = arith.mulf %[[LS]], %[[RSV]] : vector<16xf32>
// INT8: vector.fma %[[NETF]], %[[F]], %[[START]] : vector<16xf32>
func.func @int8_dot(%r: memref<1x12x16xi8>, %seq: memref<1x3x3xf32>, %last: memref<1x3xf32>) {
  rnn.recurrence %r : memref<1x12x16xi8> outs(%seq : memref<1x3x3xf32>, %last : memref<1x3xf32>)
  return
}

// Panels narrower than the instruction's 128 bits (vw = 2) take each byte of the quad
// apart, the weight sign-extended and the operand zero-extended, for the same int32 sum.
// INT8-LABEL: func.func @int8_dot_narrow
// INT8: %[[WQ:[^ ,:]*]] = vector.load %arg1[%c0, %{{.*}}, %c0] : memref<1x16x2xi8>, vector<8xi8>
// INT8: %[[W:[^ ,:]*]] = vector.bitcast %[[WQ]] : vector<8xi8> to vector<2xi32>
// INT8: %[[SH:[^ ,:]*]] = arith.shli %[[W]], %{{.*}} : vector<2xi32>
// INT8: %[[W0:[^ ,:]*]] = arith.shrsi %[[SH]], %{{.*}} : vector<2xi32>
// INT8: %[[A0:[^ ,:]*]] = arith.andi %{{.*}}, %{{.*}} : vector<2xi32>
// INT8: arith.muli %[[A0]], %[[W0]] : vector<2xi32>
// INT8-NOT: llvm.call_intrinsic
// INT8: return
func.func @int8_dot_narrow(%x: memref<2x5xf32>, %w: memref<1x16x2xi8>, %y: memref<2x2xf32>) {
  rnn.matmul %x : memref<2x5xf32>, %w : memref<1x16x2xi8> outs(%y : memref<2x2xf32>)
  return
}
