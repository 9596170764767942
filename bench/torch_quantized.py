#!/usr/bin/python3
"""PyTorch's int8 peer of rnnc --weight-precision=int8: torch.ao.quantization.quantize_dynamic
of the same nn.LSTM / nn.GRU / nn.RNN torch_bench.py builds (int8 weights, float32 state), 1
thread, inference_mode, on every quantized engine this torch has (the fastest is reported).

  torch_quantized.py --data-dir DIR NAME...

DIR holds gen_models.py's <name>.bin files. Prints one line per model: `<name> <µs>
<engine>`, the median over 5 repetitions of back-to-back calls (each >= 0.1 s). nn.RNN has no
dynamic quantization in torch, so SimpleRNN models print `-`.
"""
import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "models"))
import gen_models  # noqa: E402
import torch_bench  # noqa: E402  (load, build)


def median_us(fn, x, reps=5, min_time=0.1):
    fn(x)
    times = []
    for _ in range(reps):
        n, t0 = 0, time.perf_counter()
        while True:
            fn(x)
            n += 1
            dt = time.perf_counter() - t0
            if dt >= min_time:
                break
        times.append(dt / n * 1e6)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("names", nargs="+")
    a = ap.parse_args()
    torch.set_num_threads(1)
    engines = [e for e in torch.backends.quantized.supported_engines if e != "none"]
    shapes = {gen_models.shape_name(s): s for s in gen_models.SHAPES}
    for name in a.names:
        s = shapes[name]
        if gen_models.cell_of(s) == "rnn":
            print(name, "-", "-")
            continue
        params, x = torch_bench.load(a.data_dir, s)
        xt = torch.from_numpy(x.copy())
        best = None
        for engine in engines:
            torch.backends.quantized.engine = engine
            rnn = torch_bench.build(s, params, torch.float32)
            q = torch.ao.quantization.quantize_dynamic(rnn, {torch.nn.LSTM, torch.nn.GRU},
                                                       dtype=torch.qint8)
            with torch.inference_mode():
                us = median_us(lambda v: q(v), xt)
            if best is None or us < best[0]:
                best = (us, engine)
        print(name, "%.1f" % best[0], best[1])


if __name__ == "__main__":
    main()
