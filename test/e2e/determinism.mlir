// Determinism: compiling a model twice gives byte-identical objects, headers and shared
// libraries; running it in separate processes on the same input gives bit-identical
// outputs. The model has every kind of work: a bidirectional layer, a stacked layer after
// it, dynamic batch and time (its work buffers are a heap block sized per call).
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir/a %t.dir/b
// RUN: rnnc %s -o %t.dir/a/determinism.o
// RUN: rnnc %s -o %t.dir/b/determinism.o
// RUN: cmp %t.dir/a/determinism.o %t.dir/b/determinism.o
// RUN: cmp %t.dir/a/determinism.h %t.dir/b/determinism.h
// RUN: rnnc %s --emit=shared -o %t.dir/a/determinism.so
// RUN: rnnc %s --emit=shared -o %t.dir/b/determinism.so
// RUN: cmp %t.dir/a/determinism.so %t.dir/b/determinism.so
// RUN: %python -c "import numpy as np; np.save('%t.dir/x.npy', np.random.default_rng(7).standard_normal((3, 41, 4)).astype(np.float32))"
// RUN: rnn-run %t.dir/a/determinism.so --input %t.dir/x.npy --output %t.dir/a/y.npy
// RUN: rnn-run %t.dir/a/determinism.so --input %t.dir/x.npy --output %t.dir/b/y.npy
// RUN: cmp %t.dir/a/y.npy %t.dir/b/y.npy
// The output is a real result, not NaN or a constant: it varies across the batch.
// RUN: %python -c "import numpy as np; y = np.load('%t.dir/a/y.npy'); assert y.shape == (3, 6) and np.isfinite(y).all() and np.ptp(y, axis=0).min() > 1e-3, y"

func.func @determinism(%x: tensor<?x?x4xf32>) -> tensor<?x6xf32> {
  %kf = arith.constant dense<[[0.3, -0.2, 0.1, 0.4, -0.5], [0.2, 0.1, -0.3, 0.05, 0.25],
                              [-0.4, 0.3, 0.2, -0.1, 0.15], [0.1, 0.45, -0.25, 0.3, -0.2]]> : tensor<4x5xf32>
  %rf = arith.constant dense<[[0.1, -0.2, 0.05, 0.3, -0.1], [0.2, 0.1, -0.15, 0.05, 0.1],
                              [-0.1, 0.25, 0.1, -0.2, 0.05], [0.05, -0.1, 0.2, 0.1, -0.25],
                              [0.3, 0.05, -0.1, 0.15, 0.1]]> : tensor<5x5xf32>
  %bf = arith.constant dense<[0.01, -0.02, 0.03, -0.04, 0.05]> : tensor<5xf32>
  %kb = arith.constant dense<[[-0.3, 0.2, 0.15, -0.4, 0.5], [0.25, -0.1, 0.3, 0.05, -0.25],
                              [0.4, 0.35, -0.2, 0.1, 0.15], [-0.1, 0.4, 0.25, -0.3, 0.2]]> : tensor<4x5xf32>
  %rb = arith.constant dense<[[-0.1, 0.2, 0.05, -0.3, 0.1], [0.15, -0.1, 0.15, 0.05, -0.1],
                              [0.1, -0.25, 0.1, 0.2, 0.05], [-0.05, 0.1, -0.2, 0.1, 0.25],
                              [0.2, -0.05, 0.1, -0.15, 0.1]]> : tensor<5x5xf32>
  %bb = arith.constant dense<[-0.01, 0.02, -0.03, 0.04, -0.05]> : tensor<5xf32>
  %k2 = arith.constant dense<0.07> : tensor<10x6xf32>
  %r2 = arith.constant dense<[[0.1, -0.1, 0.2, -0.2, 0.05, 0.0], [0.0, 0.1, -0.1, 0.2, -0.2, 0.05],
                              [0.05, 0.0, 0.1, -0.1, 0.2, -0.2], [-0.2, 0.05, 0.0, 0.1, -0.1, 0.2],
                              [0.2, -0.2, 0.05, 0.0, 0.1, -0.1], [-0.1, 0.2, -0.2, 0.05, 0.0, 0.1]]> : tensor<6x6xf32>
  %b2 = arith.constant dense<[0.1, -0.1, 0.05, -0.05, 0.0, 0.02]> : tensor<6xf32>
  %s = rnn.bidirectional %x : tensor<?x?x4xf32>
      forward kernel(%kf : tensor<4x5xf32>) recurrent(%rf : tensor<5x5xf32>) bias(%bf : tensor<5xf32>)
      backward kernel(%kb : tensor<4x5xf32>) recurrent(%rb : tensor<5x5xf32>) bias(%bb : tensor<5xf32>)
      {merge_mode = #rnn.merge_mode<concat>}
      -> sequence tensor<?x?x10xf32>
  %h = rnn.simple_rnn %s : tensor<?x?x10xf32>
      kernel(%k2 : tensor<10x6xf32>) recurrent(%r2 : tensor<6x6xf32>) bias(%b2 : tensor<6xf32>)
      -> last tensor<?x6xf32>
  return %h : tensor<?x6xf32>
}
