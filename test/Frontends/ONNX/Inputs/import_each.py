#!/usr/bin/python3
"""Imports every case of a case generator whose name starts with PREFIX and checks that
rnnc accepts it: import_each.py [--every K] RNNC GENERATOR PREFIX OUT_DIR [RNN_RUN]
(rnnc --emit=rnn, which verifies the IR; a crash or an error fails with the case's name).
Given RNN_RUN, each case is also compiled to a shared library and run on every input set
the generator wrote, against its float64 reference (run_sets.py). --every K takes only
every K-th case (the sanitizer build's slice)."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv):
    every = 1
    if len(argv) > 2 and argv[1] == "--every":
        every = int(argv[2])
        argv = argv[:1] + argv[3:]
    if len(argv) not in (5, 6) or every < 1:
        print("usage: import_each.py [--every K] RNNC GENERATOR PREFIX OUT_DIR [RNN_RUN]",
              file=sys.stderr)
        return 2
    rnnc, generator, prefix, out = argv[1:5]
    rnn_run = argv[5] if len(argv) == 6 else None
    names = subprocess.run([sys.executable, generator, "--list"], check=True,
                           capture_output=True, text=True).stdout.split()
    cases = [name for name in names if name.startswith(prefix)]
    taken = cases[::every]
    for name in taken:
        d = os.path.join(out, name)
        subprocess.run([sys.executable, generator, name, d], check=True)
        model = os.path.join(d, "model.onnx")
        steps = [[rnnc, model, "--emit=rnn", "-o", os.path.join(d, "model.mlir")]]
        if rnn_run:
            library = os.path.join(d, "model.so")
            steps += [[rnnc, model, "--emit=shared", "-o", library],
                      [sys.executable, os.path.join(HERE, "run_sets.py"), rnn_run, library, d]]
        for cmd in steps:
            result = subprocess.run(cmd, capture_output=True, text=True)
            if result.returncode != 0:
                print("FAIL %s: %s exited with %d\n%s%s" % (
                    name, os.path.basename(cmd[1] if cmd[0] == sys.executable else cmd[0]),
                    result.returncode, result.stdout, result.stderr), end="")
                return 1
    what = "compiled and run" if rnn_run else "imported"
    if every == 1:
        print("%d cases %s" % (len(cases), what))
    else:
        print("%d cases, %d of them (one in %d) %s" % (len(cases), len(taken), every, what))
    return 0 if cases else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
