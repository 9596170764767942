// --emit=summary: each layer with its output, parameters (weights' elements) and FLOPs (2 per
// multiply-add of its matrix products), the totals, the tensors and the entry points.
// RUN: rnnc %s --emit=summary --parallel | FileCheck %s
// RUN: rnnc %s --emit=summary -o %t.txt && FileCheck %s --check-prefix=FILE < %t.txt
// RUN: rnnc %s --emit=summary --batch=3 --stateful | FileCheck %s --check-prefix=STATEFUL

// The layer: (4 + 3) x 3 weights + 3 biases = 24 parameters; over ? x 5 rows,
// 2 x 5 x (4 x 3 + 3 x 3) = 210 FLOPs with the batch at 1. The dense layer: 3 x 2 + 2 = 8;
// 2 x 3 x 2 = 12 per row. Constants: (12 + 9 + 3 + 6 + 2) floats = 128 bytes. Packed, the
// layer's matrices take 4 columns (4 x 4 + 3 x 4): 39 floats. Work buffers: the hoisted
// input projection (5 x 3 floats per batch row) and the last state (3 floats per row);
// with --parallel the serial run's plan is the one reported.
// RUN: rnnc %s --emit=summary --target-cpu=x86-64-v2 | FileCheck %s --check-prefix=V2
// V2: compiled for x86_64-{{.*}}, x86-64-v2: 156 B of weights
// CHECK: model 'summary': 1 input, 1 output, 32 parameters, 128 B of constants
// CHECK-NEXT: 222 FLOPs per call with every dynamic dim (?) at 1; they grow with those dims
// CHECK-NEXT: compiled for x86_64-{{.*}}: 156 B of weights packed as the kernels read them
// CHECK-NEXT: work buffers per call: 2 buffers in one heap block, 72 * x_d0 bytes, each buffer rounded up to 64 B
// CHECK: layer    op              output      parameters  FLOPs
// CHECK-NEXT: encoder  rnn.simple_rnn  ?x3xf32     24          210
// CHECK-NEXT: line [[#]]  rnn.dense  ?x2xf32  8  12
// CHECK: inputs:
// CHECK-NEXT: x float32 [x_d0, 5, 4]
// CHECK: outputs:
// CHECK-NEXT: y float32 [x_d0, 2]
// CHECK: entry points (summary.h):
// CHECK-NEXT: int32_t summary_run(int64_t x_d0, const float *x, float *y);
// CHECK-NEXT: int32_t summary_run_parallel(const rnnc_threads *threads, int64_t x_d0, const float *x, float *y);
// CHECK-NEXT: const char *summary_status_message(int32_t status);
// CHECK-NEXT: extern const rnnc_model summary_model;
// FILE: model 'summary'
// FILE-NOT: _run_parallel

// A batch of 3: 3 x 210 + 3 x 12 = 666 FLOPs, and the state is an input and an output.
// STATEFUL: 666 FLOPs per call
// STATEFUL-NOT: dynamic
// The state is the output now: only the projection (3 x 5 x 3 floats, 180 B) is a work
// buffer, small and static, on the stack and rounded up to 64 B.
// STATEFUL: work buffers per call: 1 buffer on the stack, 192 B
// STATEFUL: state0 float32 [3, 3], state slot 0
// STATEFUL: int32_t summary_run(const float *x, const float *state0, float *y, float *state0_out);
func.func @summary(%x: tensor<?x5x4xf32> {rnn.name = "x"}) -> (tensor<?x2xf32> {rnn.name = "y"}) {
  %w = arith.constant dense<0.1> : tensor<4x3xf32>
  %u = arith.constant dense<0.2> : tensor<3x3xf32>
  %b = arith.constant dense<0.0> : tensor<3xf32>
  %h = rnn.simple_rnn %x : tensor<?x5x4xf32>
      kernel(%w : tensor<4x3xf32>) recurrent(%u : tensor<3x3xf32>) bias(%b : tensor<3xf32>)
      -> last tensor<?x3xf32> loc("encoder")
  %k = arith.constant dense<0.5> : tensor<3x2xf32>
  %c = arith.constant dense<0.5> : tensor<2xf32>
  %y = rnn.dense %h, %k bias %c : (tensor<?x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}
