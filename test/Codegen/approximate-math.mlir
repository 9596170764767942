// rnn-approximate-math: math.tanh, math.exp and math.log1p on f32 (scalars and vectors)
// become polynomial approximations in arith/math.fma, so activations stay in registers and
// no libm call reaches the kernels.
// RUN: rnn-opt %s -rnn-approximate-math -split-input-file | FileCheck %s

// tanh: the input is clamped to about [-7.9988, 7.9988], the result is an odd polynomial
// (an fma chain in x^2, times x) over an even one, and tiny |x| passes through unchanged.
// CHECK-LABEL: func.func @tanh_vector
// CHECK-SAME: (%[[X:.*]]: vector<8xf32>)
// CHECK-NOT: math.tanh
// CHECK-DAG: %[[HI:.*]] = arith.constant dense<7.99881172> : vector<8xf32>
// CHECK-DAG: %[[LO:.*]] = arith.constant dense<-7.99881172> : vector<8xf32>
// CHECK: arith.cmpf ult, %[[X]], %[[HI]] : vector<8xf32>
// CHECK: arith.cmpf ugt, %{{.*}}, %[[LO]] : vector<8xf32>
// CHECK: %[[ABS:.*]] = math.absf %[[X]] : vector<8xf32>
// CHECK: %[[TINY:.*]] = arith.cmpf olt, %[[ABS]]
// CHECK: %[[X2:.*]] = arith.mulf %[[CX:.*]], %[[CX]] : vector<8xf32>
// CHECK: math.fma %[[X2]]
// CHECK: %[[NUM:.*]] = arith.mulf %[[CX]], %{{.*}} : vector<8xf32>
// CHECK: math.fma %[[X2]]
// CHECK: %[[Q:.*]] = arith.divf %[[NUM]], %{{.*}} : vector<8xf32>
// CHECK: %[[Y:.*]] = arith.select %[[TINY]], %[[CX]], %[[Q]] : vector<8xi1>, vector<8xf32>
// CHECK: return %[[Y]]
func.func @tanh_vector(%x: vector<8xf32>) -> vector<8xf32> {
  %y = math.tanh %x : vector<8xf32>
  return %y : vector<8xf32>
}

// -----

// Scalar f32 tanh gets the same treatment.
// CHECK-LABEL: func.func @tanh_scalar
// CHECK-NOT: math.tanh
// CHECK: math.fma {{.*}} : f32
// CHECK: arith.divf {{.*}} : f32
func.func @tanh_scalar(%x: f32) -> f32 {
  %y = math.tanh %x : f32
  return %y : f32
}

// -----

// exp: range reduction x = n ln2 + r with n = floor(x log2(e) + 0.5), a polynomial in r, and
// 2^n built directly in the exponent bits (fptosi, add the bias, shift left, bitcast).
// CHECK-LABEL: func.func @exp_vector
// CHECK-NOT: math.exp
// CHECK-DAG: %[[LOG2E:.*]] = arith.constant dense<1.44269502> : vector<8xf32>
// CHECK-DAG: %[[HALF:.*]] = arith.constant dense<5.000000e-01> : vector<8xf32>
// CHECK: %[[T:.*]] = math.fma %{{.*}}, %[[LOG2E]], %[[HALF]] : vector<8xf32>
// CHECK: math.floor %[[T]] : vector<8xf32>
// CHECK: math.fma
// CHECK: %[[N:.*]] = arith.fptosi %{{.*}} : vector<8xf32> to vector<8xi32>
// CHECK: %[[E:.*]] = arith.addi %[[N]], %{{.*}} : vector<8xi32>
// CHECK: %[[BITS:.*]] = arith.shli %[[E]], %{{.*}} : vector<8xi32>
// CHECK: %[[POW:.*]] = arith.bitcast %[[BITS]] : vector<8xi32> to vector<8xf32>
// CHECK: %[[Y:.*]] = arith.mulf %{{.*}}, %[[POW]] : vector<8xf32>
// CHECK: return %[[Y]]
func.func @exp_vector(%x: vector<8xf32>) -> vector<8xf32> {
  %y = math.exp %x : vector<8xf32>
  return %y : vector<8xf32>
}

// -----

// log1p (softplus) becomes a log polynomial on the mantissa bits: no math.log1p or math.log.
// CHECK-LABEL: func.func @log1p_vector
// CHECK-NOT: math.log
// CHECK: arith.bitcast %{{.*}} : vector<8xf32> to vector<8xi32>
// CHECK: arith.andi
// CHECK: math.fma
// CHECK-NOT: math.log
// CHECK: return
func.func @log1p_vector(%x: vector<8xf32>) -> vector<8xf32> {
  %y = math.log1p %x : vector<8xf32>
  return %y : vector<8xf32>
}

// -----

// Inside a kernel's loop (a sigmoid epilogue here) the exp is replaced too, and the
// surrounding arith is left as it was.
// CHECK-LABEL: func.func @sigmoid_in_loop
// CHECK: scf.for
// CHECK-NOT: math.exp
// CHECK: arith.subf
// CHECK: arith.bitcast {{.*}} : vector<8xi32> to vector<8xf32>
// CHECK: arith.addf
// CHECK: arith.divf
// CHECK: vector.transfer_write
// CHECK-NOT: math.exp
// CHECK: return
func.func @sigmoid_in_loop(%buf: memref<4x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %pad = arith.constant 0.0 : f32
  %zero = arith.constant dense<0.0> : vector<8xf32>
  %one = arith.constant dense<1.0> : vector<8xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    %v = vector.transfer_read %buf[%i, %c0], %pad {in_bounds = [true]} : memref<4x8xf32>, vector<8xf32>
    %n = arith.subf %zero, %v : vector<8xf32>
    %e = math.exp %n : vector<8xf32>
    %d = arith.addf %one, %e : vector<8xf32>
    %s = arith.divf %one, %d : vector<8xf32>
    vector.transfer_write %s, %buf[%i, %c0] {in_bounds = [true]} : vector<8xf32>, memref<4x8xf32>
  }
  return
}
