#!/usr/bin/python3
"""Runs a compiled test model on every input set a case generator wrote and compares each
output with its reference: run_sets.py RNN_RUN MODEL.so DIR

Sets: in_<i>.npy -> expected_<i>.npy, then set<k>_in_<i>.npy -> set<k>_expected_<i>.npy.
Each comparison is test/e2e/compare.py's (fixed tolerance; int64 outputs exact). Exits 1
on the first failure.
"""
import glob
import os
import subprocess
import sys

COMPARE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "e2e",
                       "compare.py")


def count(pattern):
    return len(glob.glob(pattern))


def main(argv):
    if len(argv) != 4:
        print("usage: run_sets.py RNN_RUN MODEL.so DIR", file=sys.stderr)
        return 2
    rnn_run, model, d = argv[1:]
    prefixes = [""] + sorted({os.path.basename(p).split("_")[0] + "_"
                              for p in glob.glob(os.path.join(d, "set*_in_0.npy"))})
    for prefix in prefixes:
        n_in = count(os.path.join(d, prefix + "in_*.npy"))
        n_out = count(os.path.join(d, prefix + "expected_*.npy"))
        cmd = [rnn_run, model]
        for i in range(n_in):
            cmd += ["--input", os.path.join(d, "%sin_%d.npy" % (prefix, i))]
        for i in range(n_out):
            cmd += ["--output", os.path.join(d, "%sgot_%d.npy" % (prefix, i))]
        if subprocess.call(cmd) != 0:
            print("FAIL %s: rnn-run failed on set '%s'" % (model, prefix or "1"))
            return 1
        for i in range(n_out):
            if subprocess.call([sys.executable, COMPARE,
                                os.path.join(d, "%sgot_%d.npy" % (prefix, i)),
                                os.path.join(d, "%sexpected_%d.npy" % (prefix, i))]) != 0:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
