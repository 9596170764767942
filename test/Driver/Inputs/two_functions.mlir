// Two public model functions in one file: rnnc needs --function to choose one.
func.func @encoder(%x: tensor<1x3x2xf32>) -> tensor<1x4xf32> {
  %wx = arith.constant dense<[[0.1, -0.2, 0.3, 0.0], [0.2, 0.1, -0.1, 0.4]]> : tensor<2x4xf32>
  %wh = arith.constant dense<0.05> : tensor<4x4xf32>
  %last = rnn.simple_rnn %x : tensor<1x3x2xf32>
      kernel(%wx : tensor<2x4xf32>) recurrent(%wh : tensor<4x4xf32>) -> last tensor<1x4xf32>
  return %last : tensor<1x4xf32>
}

func.func @decoder(%x: tensor<1x3x4xf32>) -> tensor<1x3x2xf32> {
  %wx = arith.constant dense<0.1> : tensor<4x2xf32>
  %wh = arith.constant dense<[[0.1, -0.1], [0.2, 0.05]]> : tensor<2x2xf32>
  %seq = rnn.simple_rnn %x : tensor<1x3x4xf32>
      kernel(%wx : tensor<4x2xf32>) recurrent(%wh : tensor<2x2xf32>) -> sequence tensor<1x3x2xf32>
  return %seq : tensor<1x3x2xf32>
}
