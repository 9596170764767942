#!/usr/bin/python3
"""How far a model compiled with --weight-precision=P strays from the same model in float32:
the numbers docs/precision.md reports, and the bounds its tests check.

    accuracy.py random --count N [--seed S] [--precision P] [--max-rel X]
    accuracy.py classifier MODEL --shape BxT --vocab V [--kind sigmoid|softmax]
                [--precision P] [--min-agreement F] [--max-abs X]

`random` draws the rnn-dialect models of the differential tester (test/differential/
gen_rnn.py: every cell, option and size it draws, weights scaled as the frameworks
initialise them) and compares the two builds on the tester's inputs. `classifier` runs a
classifier over B random token sequences of T ids in [1, V) (each padded with 0 at the
front to a random length, as the examples' programs do) and counts how often the two
builds pick the same class. Both print one line of results; with a bound given, they exit 1
when it is not met. P is bf16 (the default), int8, or on a host with AVX512_BF16 bf16-dot
and on one with AVX512_VNNI int8-dot (every int8 product's operand quantized per row too).
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "differential"))


def sh(cmd, cwd):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        sys.exit("%s failed:\n%s" % (" ".join(cmd), p.stdout.decode(errors="replace")))


def build_and_run(args, work, model, flags, inputs, outputs):
    """Compiles `model` with `flags` and runs it on the .npy `inputs`; returns the outputs."""
    so = os.path.join(work, "m%d.so" % abs(hash(tuple(flags))))
    sh([args.rnnc, model, "--emit=shared", "-o", so] + flags, work)
    cmd = [args.rnn_run, so]
    for i in inputs:
        cmd += ["--input", i]
    names = [os.path.join(work, "out%d.npy" % k) for k in range(outputs)]
    for n in names:
        cmd += ["--output", n]
    sh(cmd, work)
    return [np.load(n).astype(np.float64) for n in names]


def deviation(a, b):
    """Largest |a - b|, and that over the largest |a| (0 for empty outputs)."""
    d = max((float(np.max(np.abs(x - y), initial=0.0)) for x, y in zip(a, b)), default=0.0)
    scale = max((float(np.max(np.abs(x), initial=0.0)) for x in a), default=0.0)
    return d, d / scale if scale > 0 else 0.0


def cmd_random(args):
    import gen_rnn
    worst_abs, worst_rel, rels, done = 0.0, 0.0, [], 0
    with tempfile.TemporaryDirectory() as work:
        for seed in range(args.seed, args.seed + args.count):
            case = gen_rnn.make(seed, work)
            runs = [r for r in case.runs if hasattr(r, "inputs")]
            if "--stateful" in case.compile_args or len(runs) != 1:
                continue  # a stream of calls or a C program: the one-call cases suffice
            run = runs[0]
            names = []
            for k, x in enumerate(run.inputs):
                names.append(os.path.join(work, "in%d.npy" % k))
                np.save(names[-1], x)
            keep = [f for f in case.compile_args[4:] if f.startswith(("--batch", "--timesteps"))]
            model = os.path.join(work, "model.mlir")
            base = build_and_run(args, work, model, keep, names, len(run.expected))
            narrow = build_and_run(args, work, model,
                                   keep + ["--weight-precision=" + args.precision], names,
                                   len(run.expected))
            a, r = deviation(base, narrow)
            worst_abs, worst_rel = max(worst_abs, a), max(worst_rel, r)
            rels.append(r)
            done += 1
    print("random models: %d, %s vs f32: max |dy| %.3g, max |dy| / max |y| %.3g (median %.3g)"
          % (done, args.precision, worst_abs, worst_rel, float(np.median(rels)) if rels else 0))
    return 0 if args.max_rel is None or worst_rel <= args.max_rel else 1


def cmd_classifier(args):
    rng = np.random.default_rng(args.seed)
    b, t = (int(v) for v in args.shape.split("x"))
    ids = rng.integers(1, args.vocab, (b, t)).astype(np.int32)
    lengths = rng.integers(1, t + 1, b)
    for row, n in enumerate(lengths):
        ids[row, :t - n] = 0
    with tempfile.TemporaryDirectory() as work:
        x = os.path.join(work, "ids.npy")
        np.save(x, ids)
        model = os.path.abspath(args.model)
        (base,) = build_and_run(args, work, model, [], [x], 1)
        (narrow,) = build_and_run(args, work, model, ["--weight-precision=" + args.precision],
                                  [x], 1)
    if args.kind == "sigmoid":
        same = (base > 0.5) == (narrow > 0.5)
    else:
        same = np.argmax(base, -1) == np.argmax(narrow, -1)
    agreement = float(np.mean(same))
    worst = float(np.max(np.abs(base - narrow), initial=0.0))
    print("%s: %d inputs, %s vs f32: the same class for %.2f%%, max |dp| %.3g"
          % (os.path.basename(args.model), b, args.precision, 100 * agreement, worst))
    ok = (args.min_agreement is None or agreement >= args.min_agreement) and \
        (args.max_abs is None or worst <= args.max_abs)
    return 0 if ok else 1


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rnnc", default="rnnc")
    p.add_argument("--rnn-run", default="rnn-run")
    p.add_argument("--precision", default="bf16")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--seed", type=int, default=0)
    common.add_argument("--max-abs", type=float, help="bound on max |dp| (classifier)")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("random", parents=[common])
    r.add_argument("--count", type=int, default=100)
    r.add_argument("--max-rel", type=float, help="bound on max |dy| / max |y| per model")
    c = sub.add_parser("classifier", parents=[common])
    c.add_argument("model")
    c.add_argument("--shape", required=True)
    c.add_argument("--vocab", type=int, required=True)
    c.add_argument("--kind", choices=["sigmoid", "softmax"], default="sigmoid")
    c.add_argument("--min-agreement", type=float)
    args = p.parse_args()
    return cmd_random(args) if args.command == "random" else cmd_classifier(args)


if __name__ == "__main__":
    sys.exit(main())
