// Numbers at the edges: huge pre-activations saturate tanh to exactly +-1 (no NaN), +-inf
// too, and a NaN input comes out NaN, as float64 tanh and PyTorch give them.
// RUN: rnnc %s --emit=shared -o %t.so
// RUN: %python -c "import numpy as np; np.save('%t.x.npy', np.array([1e30, -1e30, np.nan, np.inf, -np.inf, 40.0, -40.0, 0.0], dtype=np.float32).reshape(8, 1, 1))"
// RUN: rnn-run %t.so --input %t.x.npy --output %t.y.npy
// RUN: %python -c "import numpy as np; y = np.load('%t.y.npy')[:, 0, :]; e = np.tanh(np.load('%t.x.npy')[:, 0, :].astype(np.float64) * np.ones((1, 3))); print('exact' if np.array_equal(y, e.astype(np.float32), equal_nan=True) else ('DIFFER', y, e))" | FileCheck %s
// CHECK: exact
func.func @edges(%x: tensor<8x1x1xf32>) -> tensor<8x1x3xf32> {
  %wx = arith.constant dense<[[1.0, 1.0, 1.0]]> : tensor<1x3xf32>
  %wh = arith.constant dense<0.0> : tensor<3x3xf32>
  %h = rnn.simple_rnn %x : tensor<8x1x1xf32> kernel(%wx : tensor<1x3xf32>) recurrent(%wh : tensor<3x3xf32>) -> sequence tensor<8x1x3xf32>
  return %h : tensor<8x1x3xf32>
}
