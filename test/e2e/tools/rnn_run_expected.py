# rnn-run --expected: the outputs of a run on a .npy input are checked against a numpy
# float64 reference written here; the default tolerance (1e-5 + 1e-4 * |expected|) passes,
# a reference moved by 1e-3 at one element fails with that element reported, exit code 1,
# and an explicit --tolerance wide enough for the move passes again.
#
# RUN: rm -rf %t.dir && mkdir -p %t.dir
# RUN: rnnc %e2e_inputs/dyn.mlir --emit=shared -o %t.dir/dyn.so
# RUN: %python %s %e2e_inputs/dyn.mlir %t.dir
# RUN: rnn-run %t.dir/dyn.so --input %t.dir/x.npy --expected %t.dir/seq.npy --expected %t.dir/last.npy --output %t.dir/a.npy --output %t.dir/b.npy | FileCheck %s --check-prefix=PASS
# RUN: not rnn-run %t.dir/dyn.so --input %t.dir/x.npy --expected %t.dir/seq.npy --expected %t.dir/moved.npy 2> %t.dir/err.txt
# RUN: FileCheck %s --check-prefix=FAIL < %t.dir/err.txt
# RUN: rnn-run %t.dir/dyn.so --input %t.dir/x.npy --expected %t.dir/seq.npy --expected %t.dir/moved.npy --tolerance=2e-3,0 | FileCheck %s --check-prefix=WIDE
# An inline tensor can be the reference too: every state of a zero input is tanh(b).
# RUN: rnn-run %t.dir/dyn.so --input 1x1x4xf32=0 --expected 1x1x5xf32=$(cat %t.dir/tanh_b.txt) --expected 1x5xf32=$(cat %t.dir/tanh_b.txt) | FileCheck %s --check-prefix=INLINE

# PASS:      output 0 'output0': float32 [3, 6, 5]
# PASS-NEXT: output 1 'output1': float32 [3, 5]
# PASS-NEXT: output 0 'output0' matches '{{.*}}seq.npy' (max |diff| {{.*}})
# PASS-NEXT: output 1 'output1' matches '{{.*}}last.npy' (max |diff| {{.*}})

# FAIL: rnn-run: output 1 'output1' differs from '{{.*}}moved.npy': 1 of 15 elements exceed |got - expected| <= 1e-05 + 0.0001 * |expected|; worst at [2, 3]: got {{.*}}, expected {{.*}} (|diff| 0.001{{[0-9]*}})

# WIDE: output 1 'output1' matches '{{.*}}moved.npy' (max |diff| 0.001)

# INLINE: output 0 'output0' matches '1x1x5xf32=
# INLINE: output 1 'output1' matches '1x5xf32=
import os
import re
import sys

import numpy as np


def weights(mlir):
    """The dense constants of dyn.mlir by SSA name, as float64."""
    return {name: np.array(eval(body), np.float32).astype(np.float64)
            for name, body in re.findall(r"%(\w+) = arith.constant dense<(.*?)> :", mlir, re.S)}


def main(mlir_path, out):
    w = weights(open(mlir_path).read())
    k = np.arange(3 * 6 * 4, dtype=np.float64)
    x = (0.8 * np.cos(0.41 * k)).astype(np.float32).reshape(3, 6, 4)
    h = np.zeros((3, 5))
    seq = np.zeros((3, 6, 5))
    for t in range(6):
        h = np.tanh(x[:, t, :].astype(np.float64) @ w["wx"] + h @ w["wh"] + w["b"])
        seq[:, t, :] = h
    np.save(os.path.join(out, "x.npy"), x)
    np.save(os.path.join(out, "seq.npy"), seq)
    np.save(os.path.join(out, "last.npy"), h)
    moved = h.copy()
    moved[2, 3] += 1e-3
    np.save(os.path.join(out, "moved.npy"), moved)
    with open(os.path.join(out, "tanh_b.txt"), "w") as f:
        f.write(",".join(repr(float(v)) for v in np.tanh(w["b"])))
    return 0


sys.exit(main(sys.argv[1], sys.argv[2]))
