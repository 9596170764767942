#!/usr/bin/env python3
"""Prints `tall`: a layer at static batch 12, (12, 9, 4) -> 100 units, last state. Its
recurrent weights (7 panels x 100 x 16 floats, 44 KiB) are past L1 and its batch is more
than one row block, so the kernel's traversal order differs between a whole batch and a
worker's rows unless both take it from the layer. Distinct weights (an LCG in [-0.1, 0.1))
so that a different summation order shows in the bits."""

state = 12345


def value():
    global state
    state = (state * 1103515245 + 12345) % 2**31
    return (state / 2**31 - 0.5) * 0.2


def matrix(rows, cols):
    return "[" + ", ".join(
        "[" + ", ".join(f"{value():.4f}" for _ in range(cols)) + "]" for _ in range(rows)) + "]"


print('func.func @tall(%x: tensor<12x9x4xf32> {rnn.name = "x"}) -> tensor<12x100xf32> {')
print(f"  %wx = arith.constant dense<{matrix(4, 100)}> : tensor<4x100xf32>")
print(f"  %wh = arith.constant dense<{matrix(100, 100)}> : tensor<100x100xf32>")
print("  %h = rnn.simple_rnn %x : tensor<12x9x4xf32>")
print("      kernel(%wx : tensor<4x100xf32>) recurrent(%wh : tensor<100x100xf32>)")
print("      -> last tensor<12x100xf32>")
print("  return %h : tensor<12x100xf32>")
print("}")
