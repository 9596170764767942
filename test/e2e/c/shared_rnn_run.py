# A shared library from `rnnc --emit=shared`, run by rnn-run: `--info` describes the model,
# and the outputs rnn-run writes for three input shapes agree with a numpy float64 reference
# computed here from the model's weights (repeated from Inputs/dyn.mlir).
#
# RUN: rm -rf %t.dir && mkdir -p %t.dir
# RUN: rnnc %S/Inputs/dyn.mlir --emit=shared -o %t.dir/dyn.so
# RUN: rnn-run %t.dir/dyn.so --info | FileCheck %s --check-prefix=INFO
# RUN: %llvm-nm --dynamic --defined-only %t.dir/dyn.so | FileCheck %s --check-prefix=SYMS
# RUN: %python %s inputs %t.dir
# RUN: rnn-run %t.dir/dyn.so --input %t.dir/x_3x7.npy --output %t.dir/seq_3x7.npy --output %t.dir/last_3x7.npy | FileCheck %s --check-prefix=RUN37
# RUN: rnn-run %t.dir/dyn.so --input %t.dir/x_1x1.npy --output %t.dir/seq_1x1.npy --output %t.dir/last_1x1.npy
# RUN: rnn-run %t.dir/dyn.so --input %t.dir/x_2x0.npy --output %t.dir/seq_2x0.npy --output %t.dir/last_2x0.npy
# RUN: %python %s check %t.dir | FileCheck %s

# --info prints the name, and each tensor with its dtype and shape (? for a dynamic dim).
# INFO:      model 'dyn'
# INFO-NEXT: input 0 'x': float32 [?, ?, 4]
# INFO-NEXT: output 0 'output0': float32 [?, ?, 5]
# INFO-NEXT: output 1 'output1': float32 [?, 5]
# INFO-NOT:  {{.}}

# The library exports the descriptor under its fixed name, beside the prefixed symbols.
# SYMS-DAG: dyn_model
# SYMS-DAG: dyn_run
# SYMS-DAG: dyn_status_message
# SYMS-DAG: rnnc_model_descriptor

# A run reports the shapes it wrote, the dynamic dims taken from the input's shape.
# RUN37:      output 0 'output0': float32 [3, 7, 5]
# RUN37-NEXT: output 1 'output1': float32 [3, 5]

# CHECK:      3x7 sequence (3, 7, 5) float32: max abs err {{.*}} OK
# CHECK-NEXT: 3x7 last (3, 5) float32: max abs err {{.*}} OK
# CHECK-NEXT: 1x1 sequence (1, 1, 5) float32: max abs err {{.*}} OK
# CHECK-NEXT: 1x1 last (1, 5) float32: max abs err {{.*}} OK
# CHECK-NEXT: 2x0 sequence (2, 0, 5) float32: max abs err {{.*}} OK
# CHECK-NEXT: 2x0 last (2, 5) float32: max abs err {{.*}} OK
# CHECK-NEXT: PASS
import os
import sys

import numpy as np

WX = np.array([
    [0.118, 0.337, 0.397, 0.270, 0.017],
    [0.379, 0.206, -0.063, -0.303, -0.400],
    [-0.140, -0.349, -0.393, -0.253, 0.007],
    [-0.370, -0.186, 0.086, 0.317, 0.400]], np.float32)
WH = np.array([
    [0.074, 0.186, -0.229, 0.004, 0.226],
    [0.233, -0.015, -0.221, 0.198, 0.056],
    [0.216, -0.205, -0.046, 0.242, -0.156],
    [0.035, -0.240, 0.164, 0.103, -0.250],
    [-0.172, -0.093, 0.250, -0.114, -0.155]], np.float32)
B = np.array([0.048, 0.008, -0.040, -0.045, -0.001], np.float32)

SHAPES = [(3, 7), (1, 1), (2, 0)]


def reference(x):
    """h_t = tanh(x_t . WX + h_{t-1} . WH + B), h_{-1} = 0, in float64."""
    wx, wh, b = (w.astype(np.float64) for w in (WX, WH, B))
    batch, steps, _ = x.shape
    h = np.zeros((batch, wh.shape[0]))
    seq = np.zeros((batch, steps, wh.shape[0]))
    for t in range(steps):
        h = np.tanh(x[:, t, :].astype(np.float64) @ wx + h @ wh + b)
        seq[:, t, :] = h
    return seq, h


def compare(what, got, want):
    err = np.abs(got.astype(np.float64) - want)
    ok = got.shape == want.shape and got.dtype == np.float32 and bool(
        np.all(err <= 1e-5 + 1e-4 * np.abs(want)))
    worst = float(err.max()) if err.size else 0.0
    print(f"{what} {got.shape} {got.dtype}: max abs err {worst:.3g} {'OK' if ok else 'FAIL'}")
    return ok


def main(mode, out):
    ok = True
    for batch, steps in SHAPES:
        tag = f"{batch}x{steps}"
        if mode == "inputs":
            k = np.arange(batch * steps * 4, dtype=np.float64)
            x = (0.9 * np.sin(0.37 * k + batch + steps)).astype(np.float32)
            np.save(os.path.join(out, f"x_{tag}.npy"), x.reshape(batch, steps, 4))
            continue
        x = np.load(os.path.join(out, f"x_{tag}.npy"))
        seq, last = reference(x)
        ok &= compare(f"{tag} sequence", np.load(os.path.join(out, f"seq_{tag}.npy")), seq)
        ok &= compare(f"{tag} last", np.load(os.path.join(out, f"last_{tag}.npy")), last)
    if mode == "check":
        print("PASS" if ok else "FAIL")
    return 0 if ok else 1


sys.exit(main(sys.argv[1], sys.argv[2]))
