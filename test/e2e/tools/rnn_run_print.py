# rnn-run without --output prints every output, numpy-like; with inline inputs (a fill, a
# list of values, seeded random values in a range). This script rebuilds each inline input
# from its spec by the documented rules (SplitMix64 for random), computes the model in
# float64 from the weights in dyn.mlir, and compares every printed value, or for a
# summarised output every value shown at the edges.
#
# RUN: rm -rf %t.dir && mkdir -p %t.dir
# RUN: rnnc %e2e_inputs/dyn.mlir --emit=shared -o %t.dir/dyn.so
# RUN: rnn-run %t.dir/dyn.so --input=2x3x4xf32=0.5 > %t.dir/fill.txt
# RUN: rnn-run %t.dir/dyn.so --input 1x2x4xf64=1,-2,0.25,3,0,0.5,-1,2 > %t.dir/list.txt
# RUN: rnn-run %t.dir/dyn.so --input=3x7x4xf32=random --seed=42 > %t.dir/random.txt
# RUN: rnn-run %t.dir/dyn.so --input=3x7x4xf32=random --seed=43 > %t.dir/random43.txt
# RUN: rnn-run %t.dir/dyn.so '--input=2x300x4xf32=random(-3,2.5)' --seed 7 > %t.dir/big.txt
# RUN: rnn-run %t.dir/dyn.so --input=1x0x4xf32=0 > %t.dir/empty.txt
# RUN: %python %s %e2e_inputs/dyn.mlir %t.dir | FileCheck %s
# RUN: FileCheck %s --check-prefix=FILL < %t.dir/fill.txt
# RUN: FileCheck %s --check-prefix=BIG < %t.dir/big.txt
# RUN: FileCheck %s --check-prefix=EMPTY < %t.dir/empty.txt

# CHECK:      fill output0 (2, 3, 5): 30 values, max abs err {{.*}} OK
# CHECK-NEXT: fill output1 (2, 5): 10 values, max abs err {{.*}} OK
# CHECK-NEXT: list output0 (1, 2, 5): 10 values, max abs err {{.*}} OK
# CHECK-NEXT: list output1 (1, 5): 5 values, max abs err {{.*}} OK
# CHECK-NEXT: random output0 (3, 7, 5): 105 values, max abs err {{.*}} OK
# CHECK-NEXT: random output1 (3, 5): 15 values, max abs err {{.*}} OK
# CHECK-NEXT: random43 output0 (3, 7, 5): 105 values, max abs err {{.*}} OK
# CHECK-NEXT: random43 output1 (3, 5): 15 values, max abs err {{.*}} OK
# CHECK-NEXT: big output0 (2, 300, 5): 60 values, max abs err {{.*}} OK
# CHECK-NEXT: big output1 (2, 5): 10 values, max abs err {{.*}} OK
# CHECK-NEXT: seeds 42 and 43 give different inputs: yes
# CHECK-NEXT: PASS

# Each output: its header with dtype and shape, then the values in nested brackets; a
# batch of two identical rows prints the same block twice.
# FILL:      output 0 'output0': float32 [2, 3, 5]
# FILL-NEXT: {{^\[\[\[ *0\.}}
# FILL-NEXT: {{^  \[ *0\.}}
# FILL-NEXT: {{^  \[ *0\.[^\n]*\]\]$}}
# FILL-EMPTY:
# FILL-NEXT: {{^ \[\[ *0\.}}
# FILL:      output 1 'output1': float32 [2, 5]
# FILL-NEXT: {{^\[\[ *0\.}}
# FILL-NEXT: {{^ \[ *0\.[^\n]*\]\]$}}

# Beyond 1000 elements the middle of a long dim is elided, as numpy does.
# BIG:      output 0 'output0': float32 [2, 300, 5]
# BIG-NEXT: {{^\[\[\[}}
# BIG-NEXT: {{^  \[}}
# BIG-NEXT: {{^  \[}}
# BIG-NEXT: {{^  \.\.\.$}}
# BIG:      output 1 'output1': float32 [2, 5]

# EMPTY:      output 0 'output0': float32 [1, 0, 5]
# EMPTY-NEXT: {{^}}[]{{$}}
# EMPTY-NEXT: output 1 'output1': float32 [1, 5]
import os
import re
import sys

import numpy as np

RUNS = {
    "fill": ("2x3x4xf32=0.5", 0),
    "list": ("1x2x4xf64=1,-2,0.25,3,0,0.5,-1,2", 0),
    "random": ("3x7x4xf32=random", 42),
    "random43": ("3x7x4xf32=random", 43),
    "big": ("2x300x4xf32=random(-3,2.5)", 7),
}
DTYPES = {"f32": np.float32, "f64": np.float64, "i32": np.int32, "i64": np.int64}
MASK = (1 << 64) - 1


def splitmix64(state):
    """Yields the generator's draws from a start state."""
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def inline_tensor(spec, seed):
    """The tensor rnn-run builds from [DIMx...]DTYPE=VALUES, as docs/cli.md defines it."""
    kind, values = spec.split("=", 1)
    *dims, dtype = kind.split("x")
    shape = tuple(int(d) for d in dims)
    count = int(np.prod(shape))
    if values.startswith("random"):
        lo, hi = (float(v) for v in values[7:-1].split(",")) if "(" in values else (-1.0, 1.0)
        draws = splitmix64(seed)
        flat = [lo + (hi - lo) * ((next(draws) >> 11) * 2.0**-53) for _ in range(count)]
    else:
        flat = [float(v) for v in values.split(",")]
        flat = flat * count if len(flat) == 1 else flat
    return np.array(flat, DTYPES[dtype]).reshape(shape)


def weights(mlir):
    """The dense constants of dyn.mlir by SSA name."""
    found = {}
    for name, body in re.findall(r"%(\w+) = arith.constant dense<(.*?)> :", mlir, re.S):
        found[name] = np.array(eval(body), np.float32).astype(np.float64)
    return found


def reference(x, w):
    """h_t = tanh(x_t . wx + h_{t-1} . wh + b), h_{-1} = 0, in float64."""
    batch, steps, _ = x.shape
    h = np.zeros((batch, w["wh"].shape[0]))
    seq = np.zeros((batch, steps, h.shape[1]))
    for t in range(steps):
        h = np.tanh(x[:, t, :].astype(np.float32).astype(np.float64) @ w["wx"] + h @ w["wh"] + w["b"])
        seq[:, t, :] = h
    return seq, h


def printed(text):
    """(name, dtype, shape, values shown) for each output rnn-run printed."""
    parts = re.split(r"^output \d+ '([^']*)': (\w+) \[([^\]]*)\]\n", text, flags=re.M)
    outputs = []
    for i in range(1, len(parts), 4):
        shape = tuple(int(d) for d in parts[i + 2].split(",") if d.strip())
        values = [float(v) for v in re.findall(r"[-+]?(?:\d+\.?\d*(?:e[-+]?\d+)?|inf|nan)", parts[i + 3])]
        outputs.append((parts[i], parts[i + 1], shape, np.array(values)))
    return outputs


def shown(array):
    """What numpy's summary keeps: 3 items at each end of every dim longer than 6."""
    if array.size <= 1000:
        return array.ravel()
    index = [np.r_[0:3, n - 3:n] if n > 6 else np.arange(n) for n in array.shape]
    return array[np.ix_(*index)].ravel()


def main(mlir_path, out):
    w = weights(open(mlir_path).read())
    ok = True
    for tag, (spec, seed) in RUNS.items():
        x = inline_tensor(spec, seed)
        outputs = printed(open(os.path.join(out, tag + ".txt")).read())
        for (name, dtype, shape, values), want in zip(outputs, reference(x, w)):
            expected = shown(want)
            good = dtype == "float32" and shape == want.shape and values.shape == expected.shape
            err = np.abs(values - expected) if good else np.array([np.inf])
            good = good and bool(np.all(err <= 1e-5 + 1e-4 * np.abs(expected)))
            print(f"{tag} {name} {shape}: {values.size} values, max abs err "
                  f"{err.max():.3g} {'OK' if good else 'FAIL'}")
            ok &= good
    a, b = (inline_tensor(*RUNS[t]) for t in ("random", "random43"))
    print("seeds 42 and 43 give different inputs:", "yes" if np.all(a != b) else "no")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


sys.exit(main(sys.argv[1], sys.argv[2]))
