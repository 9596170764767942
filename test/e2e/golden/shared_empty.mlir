// Three results computed from one shared tensor.empty (as CSE leaves them): each output
// keeps its own values.
// RUN: rnnc %s --emit=shared -o %t.so
// RUN: %python -c "import numpy as np; np.save('%t.x.npy', np.arange(6, dtype=np.float32).reshape(2, 3))"
// RUN: rnn-run %t.so --input %t.x.npy --output %t.y0.npy --output %t.y1.npy --output %t.y2.npy
// RUN: %python -c "import numpy as np; x = np.arange(6.0).reshape(2, 3).T; [np.testing.assert_array_equal(np.load('%t.y%d.npy' % k), x + k) for k in range(3)]; print('OK')" | FileCheck %s
// CHECK: OK
func.func @shared_empty(%x: tensor<2x3xf32>) -> (tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>) {
  %e = tensor.empty() : tensor<3x2xf32>
  %y0 = rnn.activate %x {activation = #rnn.activation<affine, alpha = 1.0, beta = 0.0>} : tensor<2x3xf32>
  %y1 = rnn.activate %x {activation = #rnn.activation<affine, alpha = 1.0, beta = 1.0>} : tensor<2x3xf32>
  %y2 = rnn.activate %x {activation = #rnn.activation<affine, alpha = 1.0, beta = 2.0>} : tensor<2x3xf32>
  %t0 = linalg.transpose ins(%y0 : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>) permutation = [1, 0]
  %t1 = linalg.transpose ins(%y1 : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>) permutation = [1, 0]
  %t2 = linalg.transpose ins(%y2 : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>) permutation = [1, 0]
  return %t0, %t1, %t2 : tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>
}
