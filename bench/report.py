#!/usr/bin/python3
"""Builds the one table bench/run.sh prints from rnn_bench's JSON, torch_bench.py's JSON, the
rnnc compile times and the model objects. Medians everywhere; ratios are peer time / rnnc time
(> 1: rnnc is faster)."""
import argparse
import json
import math
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "models"))
import gen_models  # noqa: E402


def to_us(v, unit):
    return v * {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[unit]


def fmt(v, nd=1):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 100:
        return f"{v:.0f}"
    return f"{v:.{nd}f}"


def text_size(path):
    """(file bytes, text+data bytes) of an object."""
    if not os.path.exists(path):
        return None, None
    fsize = os.path.getsize(path)
    try:
        out = subprocess.run(["size", path], capture_output=True, text=True, check=True).stdout
        text, data = out.splitlines()[1].split()[:2]
        return fsize, int(text) + int(data)
    except (OSError, subprocess.CalledProcessError, ValueError, IndexError):
        return fsize, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench-json", required=True)
    ap.add_argument("--torch-json")
    ap.add_argument("--threads-json", help="rnn_bench's BM_rnnc_2threads run")
    ap.add_argument("--compile-tsv")
    ap.add_argument("--models-dir")
    ap.add_argument("--checks")
    ap.add_argument("--clock", choices=["real", "cpu"], default="real",
                    help="wall-clock time (default) or the process's CPU time (less disturbed "
                         "by other processes on a busy machine)")
    a = ap.parse_args()

    with open(a.bench_json) as f:
        bj = json.load(f)
    benchmarks = bj["benchmarks"]
    if a.threads_json and os.path.exists(a.threads_json):
        with open(a.threads_json) as f:
            benchmarks = benchmarks + json.load(f)["benchmarks"]
    med = {}
    for b in benchmarks:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = b.get("run_name", b["name"])
        if name.endswith("/real_time"):
            name = name[: -len("/real_time")]
        if b.get("error_occurred"):
            med[name] = {"error": b.get("error_message", "error")}
            continue
        us = to_us(b["cpu_time" if a.clock == "cpu" else "real_time"], b["time_unit"])
        gf = b.get("GFLOPS")
        if gf and a.clock == "cpu":  # the counter is per wall-clock second
            gf *= to_us(b["real_time"], b["time_unit"]) / us
        med[name] = {"us": us, "gflops": gf, "passes": b.get("passes")}

    torch = {}
    if a.torch_json and os.path.exists(a.torch_json):
        with open(a.torch_json) as f:
            tj = json.load(f)
        torch = {r["name"]: r for r in tj["results"]}

    compile_ms, compile_mb = {}, {}
    if a.compile_tsv and os.path.exists(a.compile_tsv):
        for line in open(a.compile_tsv):
            n, real_ms, cpu_ms, mb = line.split()
            compile_ms[n] = float(cpu_ms if a.clock == "cpu" else real_ms)
            compile_mb[n] = float(mb)

    checks = {}
    if a.checks and os.path.exists(a.checks):
        for line in open(a.checks):
            m = re.match(r"CHECK (\S+): (\S+?),? ", line)
            if m:
                checks[m.group(1)] = m.group(2).rstrip(",")

    peak = (med.get("BM_fma_peak/avx512") or med.get("BM_fma_peak/avx2") or {}).get("gflops")
    peak_isa = "AVX-512" if "BM_fma_peak/avx512" in med else "AVX2"

    def step_ns(h, n):
        """The hand-written batch-1 product over H x N weights: ns per step, the faster of
        the fixed and the alternating order."""
        got = [med[k]["us"] * 1e3 / med[k]["passes"] for k in
               (f"BM_step_floor/h{h}/n{n}/fixed", f"BM_step_floor/h{h}/n{n}/alternating")
               if med.get(k, {}).get("us") and med[k].get("passes")]
        return min(got) if got else None

    def bound_us(s):
        """Projections at the FMA peak; recurrences at the FMA peak (batch > 1) or, at
        batch 1, T x the hand-written step over the same H x G*H weights (one pass over
        all G gates' columns: where they live, L1, L2 or beyond, is what sets the time)."""
        b, t, i, h, layers, d = s[:6]
        dirs = 2 if d == "bi" else 1
        g = gen_models.gates(s)
        if not peak:
            return None
        us = 0.0
        for l in range(layers):
            il = i if l == 0 else h * dirs
            us += 2 * b * t * g * il * h * dirs / (peak * 1e3)
            if b == 1:
                ns = step_ns(h, g * h)
                if ns is None:
                    return None
                us += t * dirs * ns * 1e-3
            else:
                us += 2 * b * t * g * h * h * dirs / (peak * 1e3)
        return us

    head = ["cell", "shape (B,T,I,H,L,dir)", "rnnc us", "oneDNN us", "torch us",
            "rnnc vs oneDNN (x faster)", "rnnc vs torch (x faster)", "rnnc GFLOP/s",
            "% of FMA peak", "oneDNN GFLOP/s", "bound us", "rnnc / bound",
            "rnnc 2 threads us", "2 threads vs 1 (x faster)", "check",
            "rnnc .o KiB (text+data)", "rnnc compile ms", "rnnc compile MB"]
    rows = []
    for s in gen_models.SHAPES:
        n = gen_models.shape_name(s)
        r = med.get("BM_rnnc/" + n, {})
        o = med.get("BM_onednn/" + n, {})
        r2 = med.get("BM_rnnc_2threads/" + n, {})
        r2u = r2.get("us")
        t = torch.get(n, {})
        ru, ou = r.get("us"), o.get("us")
        tu = t.get("median_cpu_us" if a.clock == "cpu" else "median_us")
        chk = checks.get(n, "?")
        if t:
            if t.get("check_rnnc") is False:
                chk += "; torch MISMATCH"
            elif t.get("check_f64") is False:
                chk += "; torch vs f64 MISMATCH"
        if "error" in r:
            chk += "; rnnc: " + r["error"]
        if "error" in o:
            chk += "; oneDNN: " + o["error"]
        fsize, tsize = text_size(os.path.join(a.models_dir, n + ".o")) if a.models_dir \
            else (None, None)
        rows.append([
            {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}[gen_models.cell_of(s)],
            "(" + ",".join(str(v) for v in s[:6]) + ")",
            fmt(ru, 2), fmt(ou, 2), fmt(tu, 2),
            fmt(ou / ru, 2) if ru and ou else "-",
            fmt(tu / ru, 2) if ru and tu else "-",
            fmt(r.get("gflops")),
            fmt(100 * r["gflops"] / peak) if peak and r.get("gflops") else "-",
            fmt(o.get("gflops")),
            fmt(bound_us(s), 2),
            fmt(ru / bound_us(s), 2) if ru and bound_us(s) else "-",
            fmt(r2u, 2) if r2u else ("error" if "error" in r2 else "-"),
            fmt(ru / r2u, 2) if ru and r2u else "-",
            chk,
            fmt(tsize / 1024) if tsize is not None else "-",
            fmt(compile_ms.get(n), 0),
            fmt(compile_mb.get(n), 0),
        ])
    w = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    line = lambda cells: "| " + " | ".join(c.rjust(w[i]) if i else c.ljust(w[i])
                                            for i, c in enumerate(cells)) + " |"
    print(line(head))
    print("|" + "|".join("-" * (x + 2) for x in w) + "|")
    for row in rows:
        print(line(row))
    print()
    peaks = ", ".join(f"{isa} {fmt(med[k]['gflops'])} GFLOP/s" for isa, k in
                      (("AVX-512", "BM_fma_peak/avx512"), ("AVX2", "BM_fma_peak/avx2"))
                      if k in med and med[k].get("gflops"))
    print(f"FMA peak of this core (measured): {peaks or '-'}; '% of FMA peak' uses {peak_isa}.")
    floors = sorted({(s[3], gen_models.gates(s) * s[3]) for s in gen_models.SHAPES if s[0] == 1})
    steps = ", ".join(f"{h}x{n} {fmt(step_ns(h, n))} ns" for h, n in floors if step_ns(h, n))
    print("bound: the projections at the FMA peak, and each recurrence at the FMA peak "
          "(batch > 1) or, at batch 1, T x one pass of a hand-written AVX-512 loop over the "
          "same H x G*H weights (bench/step_floor.cpp: eight FMA chains, no activation, no state "
          "store, passes free to overlap; the faster of a fixed and an alternating order), "
          "by H x N: "
          f"{steps or '-'} per step. Where rnnc / bound < 1 rnnc's kernel beats that loop.")
    print(f"Times: median per call over the repetitions, 1 thread (rnnc 2 threads: the "
          f"--parallel build on librnnrt's pool, two cores), "
          f"{'process CPU time' if a.clock == 'cpu' else 'wall clock'}. x faster = peer time / "
          "rnnc time. FLOPs: 2*B*T*G*(I_l*H + H*H)*dirs summed over layers (G gates: 1, "
          "LSTM 4, GRU 3). oneDNN runs vanilla_rnn_forward, lstm_forward and lbr_gru_forward "
          "(the GRU with the reset after the recurrent product).")
    if torch:
        print(f"torch {tj.get('torch', '?')}, BLAS: {tj.get('blas', '?')}.")


if __name__ == "__main__":
    main()
