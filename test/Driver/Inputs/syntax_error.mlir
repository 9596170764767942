// A model that does not parse: line 4 returns an undefined value.
func.func @broken(%x: tensor<1x3x2xf32>) -> tensor<1x3x2xf32> {
  // the next line is line 4
  return %y : tensor<1x3x2xf32>
}
