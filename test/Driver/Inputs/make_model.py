"""Writes a one-layer SimpleRNN model (tanh) in the rnn dialect with deterministic weights.

usage: make_model.py UNITS [INPUT_DIM] [STEPS]   (defaults: input_dim 4, 10 steps)
The model is func @rnn<UNITS>(x: 1 x STEPS x INPUT_DIM) -> every state, 1 x STEPS x UNITS.
"""
import math
import sys


def matrix(rows, cols, scale, phase):
    return "[" + ",\n    ".join(
        "[" + ", ".join(
            f"{scale * math.sin(0.37 * i + 0.91 * j + phase):.4f}" for j in range(cols)) + "]"
        for i in range(rows)) + "]"


def main():
    units = int(sys.argv[1])
    inputs = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    x, h = f"tensor<1x{steps}x{inputs}xf32>", f"tensor<1x{steps}x{units}xf32>"
    wx, wh, b = (f"tensor<{inputs}x{units}xf32>", f"tensor<{units}x{units}xf32>",
                 f"tensor<{units}xf32>")
    bias = ", ".join(f"{0.05 * math.cos(0.7 * j):.4f}" for j in range(units))
    print(f"""func.func @rnn{units}(%x: {x}) -> {h} {{
  %wx = arith.constant dense<{matrix(inputs, units, 0.4, 0.3)}> : {wx}
  %wh = arith.constant dense<{matrix(units, units, 1.0 / math.sqrt(units), 1.1)}> : {wh}
  %b = arith.constant dense<[{bias}]> : {b}
  %h = rnn.simple_rnn %x : {x}
      kernel(%wx : {wx}) recurrent(%wh : {wh}) bias(%b : {b})
      -> sequence {h}
  return %h : {h}
}}""")


main()
