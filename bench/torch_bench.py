#!/usr/bin/python3
"""PyTorch peer of rnn_bench: torch.nn.RNN (tanh), LSTM or GRU (bias, batch_first) on the same
shapes, weights and input (the <shape>.bin files of bench/models/gen_models.py), 1 thread, inference_mode.

  torch_bench.py --data-dir build-bench/bench/models [--json out.json] [--rnnc-outputs DIR]
                 [--repetitions 5] [--min-time 0.2] [NAME...]

Each repetition times back-to-back calls for at least --min-time seconds and keeps the mean
per call (wall clock, and process CPU time); the median over repetitions is reported (as Google
Benchmark's median aggregate).
The output is checked once against a float64 run of the same module, and against rnnc's output
when rnn_bench wrote it (RNNC_BENCH_DUMP_DIR=DIR): |a - b| <= 1e-5 + 1e-4 * |b|.

Run it in its own process with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (torch's OpenBLAS
then picks its best kernel for this CPU; see /work/shared/toolchain.md); bench/run.sh does.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "models"))
import gen_models  # noqa: E402  (shapes and .bin layout)


def load(data_dir, s):
    b, t, i, h, l, d = s[:6]
    dirs = 2 if d == "bi" else 1
    g = gen_models.gates(s)
    raw = np.fromfile(os.path.join(data_dir, gen_models.shape_name(s) + ".bin"), dtype="<f4")
    off = 0

    def take(*shape):
        nonlocal off
        n = int(np.prod(shape))
        a = raw[off:off + n].reshape(shape)
        off += n
        return a

    params = []
    for li, il in enumerate(gen_models.layer_inputs(s)):
        for di in range(dirs):
            params.append((li, di, take(il, g * h), take(h, g * h), take(g * h),
                           take(g * h) if gen_models.cell_of(s) == "gru" else None))
    x = take(b, t, i)
    assert off == raw.size, "unexpected .bin size"
    return params, x


def build(s, params, dtype):
    b, t, i, h, l, d = s[:6]
    cell = gen_models.cell_of(s)
    kind = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
    extra = {"nonlinearity": "tanh"} if cell == "rnn" else {}
    rnn = kind(input_size=i, hidden_size=h, num_layers=l, bias=True, batch_first=True,
               bidirectional=(d == "bi"), **extra)
    # PyTorch's GRU gates are r, z, n; the models' z, r, h (its LSTM's i, f, g, o match).
    order = [1, 0, 2] if cell == "gru" else list(range(gen_models.gates(s)))

    def gate_rows(a):
        blocks = np.split(a, len(order), axis=0)
        return np.ascontiguousarray(np.concatenate([blocks[k] for k in order], axis=0))

    with torch.no_grad():
        for (li, di, wx, wh, bias, rb) in params:
            sfx = f"l{li}" + ("_reverse" if di == 1 else "")
            getattr(rnn, "weight_ih_" + sfx).copy_(torch.from_numpy(gate_rows(wx.T)))
            getattr(rnn, "weight_hh_" + sfx).copy_(torch.from_numpy(gate_rows(wh.T)))
            getattr(rnn, "bias_ih_" + sfx).copy_(torch.from_numpy(gate_rows(bias)))
            if rb is None:
                getattr(rnn, "bias_hh_" + sfx).zero_()
            else:
                getattr(rnn, "bias_hh_" + sfx).copy_(torch.from_numpy(gate_rows(rb)))
    return rnn.to(dtype).eval()


def loaded_blas():
    """The BLAS library file torch's libblas.so.3 resolved to in this process."""
    try:
        with open("/proc/self/maps") as f:
            libs = {os.path.realpath(line.split()[-1]) for line in f
                    if "blas" in line.split()[-1] and ".so" in line}
    except OSError:
        return "?"
    return ", ".join(sorted(libs)) or "?"


def close(a, b):
    return bool(np.all(np.abs(a - b) <= 1e-5 + 1e-4 * np.abs(b)))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--json")
    ap.add_argument("--rnnc-outputs")
    ap.add_argument("--repetitions", type=int, default=5)
    ap.add_argument("--min-time", type=float, default=0.2)
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()

    torch.set_num_threads(1)
    torch.ones(2, 2) @ torch.ones(2, 2)  # loads the BLAS
    blas = loaded_blas()
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, BLAS {blas}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, "
          f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE', '(unset)')}", file=sys.stderr)
    results = []
    for s in gen_models.SHAPES:
        name = gen_models.shape_name(s)
        if a.names and name not in a.names:
            continue
        params, x = load(a.data_dir, s)
        rnn = build(s, params, torch.float32)
        xt = torch.from_numpy(x.copy())
        with torch.inference_mode():
            y = rnn(xt)[0].numpy()
            ref = build(s, params, torch.float64)(xt.double())[0].numpy()
            ok64 = close(y, ref)
            msg = f"CHECK {name}: torch vs float64 {'ok' if ok64 else 'MISMATCH'} " \
                  f"(max {np.max(np.abs(y - ref)):.3g})"
            ok_rnnc = None
            if a.rnnc_outputs:
                p = os.path.join(a.rnnc_outputs, name + ".rnnc.f32")
                if os.path.exists(p):
                    yr = np.fromfile(p, dtype="<f4").reshape(y.shape)
                    ok_rnnc = close(yr, y)
                    msg += f", rnnc vs torch {'ok' if ok_rnnc else 'MISMATCH'} " \
                           f"(max {np.max(np.abs(yr - y)):.3g})"
            print(msg, file=sys.stderr)

            # warm up, then size a repetition to about --min-time
            n, t0 = 0, time.perf_counter()
            while time.perf_counter() - t0 < 0.05 or n < 3:
                rnn(xt)
                n += 1
            per = (time.perf_counter() - t0) / n
            iters = max(1, int(a.min_time / per))
            reps, cpu_reps = [], []
            for _ in range(a.repetitions):
                t0, c0 = time.perf_counter(), time.process_time()
                for _ in range(iters):
                    rnn(xt)
                reps.append((time.perf_counter() - t0) / iters)
                cpu_reps.append((time.process_time() - c0) / iters)
        us = statistics.median(reps) * 1e6
        results.append({"name": name, "median_us": us,
                        "median_cpu_us": statistics.median(cpu_reps) * 1e6,
                        "iterations": iters, "reps_us": [r * 1e6 for r in reps],
                        "check_f64": ok64, "check_rnnc": ok_rnnc})
        print(f"{name:28s} {us:12.2f} us  ({iters} iters x {a.repetitions})", file=sys.stderr)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"torch": torch.__version__, "blas": blas, "results": results}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
