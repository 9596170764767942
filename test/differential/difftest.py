#!/usr/bin/python3
"""Differential tester: random models of one frontend, compiled by rnnc, run, and compared
with a float64 reference.

    difftest.py --frontend onnx|keras|rnn [--seed S] [--count N] [--jobs J] --work DIR
                --rnnc PATH --rnn-run PATH [--cc CC --rnnrt-link FLAGS] [--grep TEXT]

Case i uses seed S + i; the same seed always makes the same model, options and inputs
(--grep TEXT: only the cases whose description contains TEXT, e.g. `int8-dot`). A
failing case prints its seed, what failed and the command that reproduces it alone; its
directory under DIR (model, inputs, expected outputs, the commands run) is kept. Passing
cases' directories are removed. Exits 1 if any case failed.
"""
import argparse
import concurrent.futures
import os
import shlex
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import Failure, run  # noqa: E402

class Tools:
    def __init__(self, args):
        self.rnnc = os.path.abspath(args.rnnc)
        self.rnn_run = os.path.abspath(args.rnn_run)
        self.cc = args.cc
        self.rnnrt_link = shlex.split(args.rnnrt_link or "")


def check_case(case, work, tools):
    """Compiles and runs one generated case; raises Failure on any disagreement."""
    log = os.path.join(work, "commands.txt")
    rc, out = run([tools.rnnc] + case.compile_args, log, work,
                  expect_ok=case.compile_error is None)
    if case.compile_error is not None:
        if rc == 0:
            raise Failure("rnnc accepted a model it must refuse (%s)" % case.compile_error)
        if case.compile_error not in out:
            raise Failure("rnnc's error does not say %r:\n%s" % (case.compile_error, out))
        return
    for step in case.runs:
        step.execute(work, tools, log)


SKIPPED = "skipped"


def one(frontend, seed, root, tools, grep=None):
    """Returns None when case `seed` passes, SKIPPED when its description does not contain
    `grep`, else the failure text. Keeps failing cases."""
    gen = __import__("gen_" + frontend)
    work = os.path.join(root, "%s-%d" % (frontend, seed))
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    try:
        case = gen.make(seed, work)
        if grep is not None and grep not in case.describe:
            shutil.rmtree(work, ignore_errors=True)
            return SKIPPED
        with open(os.path.join(work, "case.txt"), "w") as f:
            f.write(case.describe + "\n")
        check_case(case, work, tools)
    except Failure as e:
        return "%s\n  case: %s" % (e, getattr(locals().get("case"), "describe", "?"))
    except Exception as e:  # a generator or reference bug is a failure too
        import traceback
        return "tester error: %s\n%s" % (e, traceback.format_exc())
    shutil.rmtree(work, ignore_errors=True)
    return None


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--frontend", required=True, choices=["onnx", "keras", "rnn"])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--max-count", type=int, default=None,
                   help="run at most this many cases (a slower build's slice)")
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--work", required=True)
    p.add_argument("--rnnc", required=True)
    p.add_argument("--rnn-run", required=True)
    p.add_argument("--cc", default="cc")
    p.add_argument("--rnnrt-link", default="")
    p.add_argument("--grep", default=None,
                   help="run only the cases whose description contains this text")
    args = p.parse_args()
    if args.max_count is not None:
        args.count = min(args.count, args.max_count)
    tools = Tools(args)
    os.makedirs(args.work, exist_ok=True)
    start = time.time()
    seeds = range(args.seed, args.seed + args.count)
    failures = skipped = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for seed, result in zip(seeds, pool.map(
                lambda s: one(args.frontend, s, args.work, tools, args.grep), seeds)):
            if result == SKIPPED:
                skipped += 1
            elif result is not None:
                failures += 1
                print("FAIL %s seed %d: %s" % (args.frontend, seed, result))
                print("  kept: %s" % os.path.join(args.work, "%s-%d" % (args.frontend, seed)))
                print("  reproduce: %s --frontend %s --seed %d --count 1 --work %s "
                      "--rnnc %s --rnn-run %s --cc %s --rnnrt-link %s" % (
                          os.path.abspath(__file__), args.frontend, seed, args.work,
                          args.rnnc, args.rnn_run, args.cc, shlex.quote(args.rnnrt_link)))
                sys.stdout.flush()
    print("%s: %d cases (seeds %d..%d%s), %d failed, %.1f s" % (
        args.frontend, args.count - skipped, args.seed, args.seed + args.count - 1,
        "" if args.grep is None else ", %d without %r skipped" % (skipped, args.grep),
        failures, time.time() - start))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
