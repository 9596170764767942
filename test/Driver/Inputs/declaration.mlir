// A declaration alone: there is no body to compile.
func.func private @decl(%x: tensor<?x2x3xf32>) -> tensor<?x2x3xf32>
