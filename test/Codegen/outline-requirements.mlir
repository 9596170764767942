// RUN: rnn-opt %s -split-input-file -rnn-outline-requirements | FileCheck %s

// The requirements leave the function for @f_check, which takes the dynamic dims of the
// arguments in order (x's two, then h's one; the static 4 is not a parameter) and returns
// 0 when all hold, else RNNC_ERR_BAD_DIM.
// CHECK-LABEL: func.func @last_step(
// CHECK-NOT: rnn.require
// CHECK: return
// CHECK-LABEL: func.func private @last_step_check(
// CHECK-SAME: %[[N:.*]]: i64, %[[T:.*]]: i64, %[[M:.*]]: i64) -> i32
// CHECK-NOT: index_cast %[[N]]
// CHECK-DAG: %[[TI:.*]] = arith.index_cast %[[T]] : i64 to index
// CHECK-DAG: %[[MI:.*]] = arith.index_cast %[[M]] : i64 to index
// CHECK-DAG: arith.cmpi sge, %[[TI]], %c1 : index
// CHECK-DAG: arith.cmpi sge, %[[MI]], %c1 : index
// CHECK: return %{{.*}} : i32
func.func @last_step(%x: tensor<?x?x4xf32>, %h: tensor<?xf32>) -> tensor<?x4xf32> {
  %c1 = arith.constant 1 : index
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x?x4xf32>
  %t = tensor.dim %x, %c1 : tensor<?x?x4xf32>
  %m = tensor.dim %h, %c0 : tensor<?xf32>
  %ok = arith.cmpi sge, %t, %c1 : index
  rnn.require %ok, "node 'last' (Gather) takes index -1 of axis 1"
  %ok2 = arith.cmpi sle, %c1, %m : index
  rnn.require %ok2, "node 'h0' (Gather) takes index 0 of axis 0"
  %last = arith.subi %t, %c1 : index
  %y = tensor.extract_slice %x[0, %last, 0] [%n, 1, 4] [1, 1, 1] : tensor<?x?x4xf32> to tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// A dim of an intermediate tensor is resolved to the size it was made with (here the
// slice's size, t - 2), so the check reads the argument's dim.
// CHECK-LABEL: func.func private @intermediate_check(
// CHECK-SAME: %{{.*}}: i64, %[[T:.*]]: i64) -> i32
// CHECK: %[[TI:.*]] = arith.index_cast %[[T]] : i64 to index
// CHECK: arith.subi %[[TI]], %c2
// CHECK: return %{{.*}} : i32
func.func @intermediate(%x: tensor<?x?xf32>) -> tensor<?x1xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf32>
  %t = tensor.dim %x, %c1 : tensor<?x?xf32>
  %size = arith.subi %t, %c2 : index
  %tail = tensor.extract_slice %x[0, 2] [%n, %size] [1, 1] : tensor<?x?xf32> to tensor<?x?xf32>
  %tt = tensor.dim %tail, %c1 : tensor<?x?xf32>
  %ok = arith.cmpi sge, %tt, %c1 : index
  rnn.require %ok, "node 'last' (Gather) takes index -1 of axis 1"
  %last = arith.subi %tt, %c1 : index
  %y = tensor.extract_slice %tail[0, %last] [%n, 1] [1, 1] : tensor<?x?xf32> to tensor<?x1xf32>
  return %y : tensor<?x1xf32>
}

// -----

// A function without requirements gets no check function.
// CHECK-LABEL: func.func @none(
// CHECK-NOT: func.func private @none_check
func.func @none(%x: tensor<?xf32>) -> tensor<?xf32> {
  return %x : tensor<?xf32>
}
