#!/usr/bin/python3
"""Compares a model's output with its expected values: compare.py GOT.npy EXPECTED.npy

Passes when the shapes are equal and, element-wise, |got - expected| <= 1e-5 + 1e-4 |expected|
(the float32-vs-float64 bound of the RNN semantics notes, "Numerics"; fixed, never widened).
Prints the max abs error on success; on failure prints the worst element and exits 1.
"""
import sys

import numpy as np

ABS_TOL = 1e-5
REL_TOL = 1e-4


def main(argv):
    if len(argv) != 3:
        print("usage: compare.py GOT.npy EXPECTED.npy", file=sys.stderr)
        return 2
    try:
        got = np.load(argv[1])
        expected = np.load(argv[2])
    except (OSError, ValueError) as e:
        print("compare.py: %s" % e, file=sys.stderr)
        return 1
    if got.shape != expected.shape:
        print("FAIL %s: shape %s, expected %s" % (argv[1], got.shape, expected.shape))
        return 1
    g = got.astype(np.float64)
    e = expected.astype(np.float64)
    err = np.abs(g - e)
    tol = ABS_TOL + REL_TOL * np.abs(e)
    ratio = np.where(np.isnan(err), np.inf, err / tol)
    bad = int(np.count_nonzero(~(err <= tol)))
    if bad:
        worst = np.unravel_index(int(np.argmax(ratio)), ratio.shape) if ratio.size else ()
        print("FAIL %s: %d of %d elements out of tolerance; worst at index %s: got %.9g, "
              "expected %.9g, error %.3g > tolerance %.3g"
              % (argv[1], bad, e.size, tuple(int(i) for i in worst), g[worst], e[worst],
                 err[worst], tol[worst]))
        return 1
    max_err = float(err.max()) if err.size else 0.0
    print("OK %s: %s, %d elements, max abs error %.3g" % (argv[1], got.shape, e.size, max_err))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
