# RUN: %python %s %S/Inputs/weights.h %S/Inputs/enc.mlir %S/Inputs/tagger.mlir %S/Inputs/dyn.mlir %examples/seed/seed.mlir | FileCheck %s
# RUN: %python %s %S/shared_rnn_run.py %S/Inputs/dyn.mlir | FileCheck %s --check-prefix=PY
#
# The float64 references read their weights from copies of the models' constants: the C
# tests from Inputs/weights.h (arrays <MODEL>_WX, _WH, _B), shared_rnn_run.py from its
# WX, WH, B. This proves each copy equals the .mlir file (kernel, recurrent, bias).
# CHECK: enc: 3 constants agree
# CHECK: tagger: 3 constants agree
# CHECK: dyn: 3 constants agree
# CHECK: seed: 3 constants agree
# PY: dyn: 3 constants agree
import os
import re
import sys


def numbers(text):
    return [float(v) for v in re.findall(r"[-+]?\d+\.\d*(?:[eE][-+]?\d+)?|[-+]?\d+", text)]


def main():
    copy = open(sys.argv[1]).read()
    if sys.argv[1].endswith(".py"):
        found = re.findall(r"^(\w+) = np\.array\((.*?)\)$", copy, re.S | re.M)
        model = os.path.splitext(os.path.basename(sys.argv[2]))[0].upper()
        arrays = {model + "_" + name: numbers(body.rsplit(",", 1)[0]) for name, body in found}
    else:
        found = re.findall(r"static const float (\w+)\[\d+\] = \{(.*?)\};", copy, re.S)
        arrays = {name: numbers(body) for name, body in found}
    ok = True
    for path in sys.argv[2:]:
        model = os.path.splitext(os.path.basename(path))[0]
        text = open(path).read()
        constants = [
            numbers(body)
            for body in re.findall(r"arith\.constant dense<(.*?)>\s*:", text, re.S)
        ]
        expected = [arrays.get(model.upper() + s) for s in ("_WX", "_WH", "_B")]
        if constants == expected:
            print(f"{model}: {len(constants)} constants agree")
        else:
            print(f"{model}: MISMATCH between {path} and {sys.argv[1]}")
            ok = False
    return 0 if ok else 1


sys.exit(main())
