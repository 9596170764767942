// rnn-specialize-shapes refuses sizes the model cannot take.
// RUN: rnn-opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(func.func(rnn-specialize-shapes{batch=2 timesteps=5}))'

// A static dim that the option names must have the option's size.
// expected-error @+1 {{input 0 ('x') has a static batch of 1; --batch=2 asks for another}}
func.func @static_batch(%x: tensor<1x?x4xf32> {rnn.name = "x"}) -> tensor<1x?x4xf32> {
  return %x : tensor<1x?x4xf32>
}

// -----

// Named dims: an input without a time dim leaves --timesteps nothing to fix.
// expected-error @+1 {{--timesteps=5: no input of the model has a timesteps dim}}
func.func @no_time(%x: tensor<?x4xf32> {rnn.dim_names = ["batch", "features"]}) -> tensor<?x4xf32> {
  return %x : tensor<?x4xf32>
}
