// Dynamic batch and time for test/e2e/c: (batch, T, 4) in; every state (batch, T, 5) and the
// last one (batch, 5) out. The C tests repeat these weights in Inputs/weights.h.
func.func @dyn(%x: tensor<?x?x4xf32> {rnn.name = "x"}) -> (tensor<?x?x5xf32>, tensor<?x5xf32>) {
  %wx = arith.constant dense<[
    [ 0.118,  0.337,  0.397,  0.270,  0.017],
    [ 0.379,  0.206, -0.063, -0.303, -0.400],
    [-0.140, -0.349, -0.393, -0.253,  0.007],
    [-0.370, -0.186,  0.086,  0.317,  0.400]]> : tensor<4x5xf32>
  %wh = arith.constant dense<[
    [ 0.074,  0.186, -0.229,  0.004,  0.226],
    [ 0.233, -0.015, -0.221,  0.198,  0.056],
    [ 0.216, -0.205, -0.046,  0.242, -0.156],
    [ 0.035, -0.240,  0.164,  0.103, -0.250],
    [-0.172, -0.093,  0.250, -0.114, -0.155]]> : tensor<5x5xf32>
  %b = arith.constant dense<[ 0.048,  0.008, -0.040, -0.045, -0.001]> : tensor<5xf32>
  %seq, %last = rnn.simple_rnn %x : tensor<?x?x4xf32>
      kernel(%wx : tensor<4x5xf32>) recurrent(%wh : tensor<5x5xf32>) bias(%b : tensor<5xf32>)
      -> sequence tensor<?x?x5xf32> last tensor<?x5xf32>
  return %seq, %last : tensor<?x?x5xf32>, tensor<?x5xf32>
}
