#!/usr/bin/env python3
"""gen_tall.py NAME BATCH UNITS: prints a layer at a static batch, (BATCH, 9, 4) -> UNITS,
last state, with distinct weights (an LCG in [-0.1, 0.1)) so that a different summation
order shows in the bits. parallel.c uses it for static batches whose kernels a worker could
block differently from a single-threaded run: 12 rows x 100 units (recurrent weights past
L1, more rows than one block) and 3 rows x 256 units (few rows, a long K)."""
import sys

name, batch, units = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
state = 12345


def value():
    global state
    state = (state * 1103515245 + 12345) % 2**31
    return (state / 2**31 - 0.5) * 0.2


def matrix(rows, cols):
    return "[" + ", ".join(
        "[" + ", ".join(f"{value():.4f}" for _ in range(cols)) + "]" for _ in range(rows)) + "]"


print(f'func.func @{name}(%x: tensor<{batch}x9x4xf32> {{rnn.name = "x"}}) -> '
      f'tensor<{batch}x{units}xf32> {{')
print(f"  %wx = arith.constant dense<{matrix(4, units)}> : tensor<4x{units}xf32>")
print(f"  %wh = arith.constant dense<{matrix(units, units)}> : tensor<{units}x{units}xf32>")
print(f"  %h = rnn.simple_rnn %x : tensor<{batch}x9x4xf32>")
print(f"      kernel(%wx : tensor<4x{units}xf32>) recurrent(%wh : tensor<{units}x{units}xf32>)")
print(f"      -> last tensor<{batch}x{units}xf32>")
print(f"  return %h : tensor<{batch}x{units}xf32>")
print("}")
