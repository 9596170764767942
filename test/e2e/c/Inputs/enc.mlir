// An encoder for test/e2e/c: a batch of 2 sequences of 5 steps x 3 features in, the last
// state (2 x 6) out. The C tests repeat these weights in Inputs/weights.h.
func.func @encode(%x: tensor<2x5x3xf32> {rnn.name = "tokens"}) -> (tensor<2x6xf32> {rnn.name = "state"}) {
  %wx = arith.constant dense<[
    [ 0.356,  0.390,  0.239, -0.023, -0.275, -0.397],
    [-0.140, -0.349, -0.393, -0.253,  0.007,  0.263],
    [-0.150,  0.125,  0.340,  0.396,  0.265,  0.010]]> : tensor<3x6xf32>
  %wh = arith.constant dense<[
    [ 0.223, -0.172,  0.101, -0.019, -0.066,  0.143],
    [ 0.227, -0.249,  0.242, -0.207,  0.148, -0.072],
    [ 0.060, -0.138,  0.200, -0.239,  0.250, -0.232],
    [-0.153,  0.078,  0.006, -0.090,  0.163, -0.217],
    [-0.250,  0.234, -0.192,  0.127, -0.048, -0.037],
    [-0.158,  0.214, -0.245,  0.248, -0.222,  0.170]]> : tensor<6x6xf32>
  %b = arith.constant dense<[ 0.023, -0.029, -0.049, -0.015,  0.035,  0.048]> : tensor<6xf32>
  %last = rnn.simple_rnn %x : tensor<2x5x3xf32>
      kernel(%wx : tensor<3x6xf32>) recurrent(%wh : tensor<6x6xf32>) bias(%b : tensor<6xf32>)
      -> last tensor<2x6xf32>
  return %last : tensor<2x6xf32>
}
