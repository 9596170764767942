// A tagger for test/e2e/c: one sequence of 7 steps x 5 features in; every state (7 x 4) and
// the last one (1 x 4) out. The C tests repeat these weights in Inputs/weights.h.
func.func @tag(%x: tensor<1x7x5xf32>) -> (tensor<1x7x4xf32>, tensor<1x4xf32>) {
  %wx = arith.constant dense<[
    [ 0.364,  0.171, -0.102, -0.327],
    [-0.333, -0.112,  0.162,  0.359],
    [ 0.294,  0.050, -0.218, -0.383],
    [-0.247,  0.013,  0.268,  0.396],
    [ 0.195, -0.076, -0.311, -0.400]]> : tensor<5x4xf32>
  %wh = arith.constant dense<[
    [ 0.227, -0.138,  0.006,  0.127],
    [ 0.060,  0.078, -0.192,  0.248],
    [-0.153,  0.234, -0.245,  0.181],
    [-0.250,  0.214, -0.112, -0.023]]> : tensor<4x4xf32>
  %b = arith.constant dense<[-0.021, -0.050, -0.025,  0.028]> : tensor<4xf32>
  %seq, %last = rnn.simple_rnn %x : tensor<1x7x5xf32>
      kernel(%wx : tensor<5x4xf32>) recurrent(%wh : tensor<4x4xf32>) bias(%b : tensor<4xf32>)
      -> sequence tensor<1x7x4xf32> last tensor<1x4xf32>
  return %seq, %last : tensor<1x7x4xf32>, tensor<1x4xf32>
}
