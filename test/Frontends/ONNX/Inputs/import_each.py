#!/usr/bin/python3
"""Imports every case of a case generator whose name starts with PREFIX and checks that
rnnc accepts it: import_each.py RNNC GENERATOR PREFIX OUT_DIR (rnnc --emit=rnn, which
verifies the IR; a crash or an error fails with the case's name)."""
import os
import subprocess
import sys


def main(argv):
    if len(argv) != 5:
        print("usage: import_each.py RNNC GENERATOR PREFIX OUT_DIR", file=sys.stderr)
        return 2
    rnnc, generator, prefix, out = argv[1:]
    names = subprocess.run([sys.executable, generator, "--list"], check=True,
                           capture_output=True, text=True).stdout.split()
    cases = [name for name in names if name.startswith(prefix)]
    for name in cases:
        d = os.path.join(out, name)
        subprocess.run([sys.executable, generator, name, d], check=True)
        result = subprocess.run([rnnc, os.path.join(d, "model.onnx"), "--emit=rnn",
                                 "-o", os.path.join(d, "model.mlir")],
                                capture_output=True, text=True)
        if result.returncode != 0:
            print("FAIL %s: rnnc exited with %d\n%s" % (name, result.returncode,
                                                          result.stderr), end="")
            return 1
    print("%d cases imported" % len(cases))
    return 0 if cases else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
