// Two stacked layers with dynamic batch and time, (batch, T, 1) -> 64 units -> last state
// (batch, 4): the layer between them needs a work buffer sized by the run-time dims. Its
// weights are splats that out_of_memory.c's reference repeats.
func.func @deep(%x: tensor<?x?x1xf32> {rnn.name = "x"}) -> tensor<?x4xf32> {
  %wx1 = arith.constant dense<0.5> : tensor<1x64xf32>
  %wh1 = arith.constant dense<0.01> : tensor<64x64xf32>
  %b1 = arith.constant dense<0.1> : tensor<64xf32>
  %wx2 = arith.constant dense<0.05> : tensor<64x4xf32>
  %wh2 = arith.constant dense<-0.2> : tensor<4x4xf32>
  %b2 = arith.constant dense<-0.3> : tensor<4xf32>
  %s = rnn.simple_rnn %x : tensor<?x?x1xf32>
      kernel(%wx1 : tensor<1x64xf32>) recurrent(%wh1 : tensor<64x64xf32>) bias(%b1 : tensor<64xf32>)
      -> sequence tensor<?x?x64xf32>
  %h = rnn.simple_rnn %s : tensor<?x?x64xf32>
      kernel(%wx2 : tensor<64x4xf32>) recurrent(%wh2 : tensor<4x4xf32>) bias(%b2 : tensor<4xf32>)
      -> last tensor<?x4xf32>
  return %h : tensor<?x4xf32>
}
