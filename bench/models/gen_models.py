#!/usr/bin/python3
"""Writes the benchmark models: one rnn-dialect .mlir per shape, the same weights (and a fixed
input) as a raw float32 file the oneDNN and torch benchmarks load, and a manifest header.

  gen_models.py --list                 print the shape names, one a line (CMake reads this)
  gen_models.py --out-dir DIR [NAME..] write DIR/NAME.mlir and DIR/NAME.bin (all shapes if no
                                       NAME), and DIR/bench_models.h when writing all shapes

Every model is a stack of SimpleRNN, LSTM or GRU layers (tanh, with bias, zero initial state;
LSTM gates i, f, c, o with one bias; GRU gates z, r, h with reset_after and an input and a
recurrent bias, PyTorch's and oneDNN's lbr_gru semantics) that returns the full sequence of
its last layer: the output oneDNN's dst_layer gives. Bidirectional layers
concatenate forward then backward on the feature axis; a stacked bidirectional layer reads the
concatenated 2H-wide output of the layer below (Keras / PyTorch stacking).

Weights: uniform(-1/sqrt(H), 1/sqrt(H)) (PyTorch's nn.RNN initialisation), input uniform(-1, 1),
from numpy's PCG64 seeded per shape. They are written into the .mlir as hex `dense<"0x...">`
constants, bit-exact with the .bin file.

.bin layout (little-endian float32, no header, C order), for layer l = 0..L-1, for direction
d = forward, backward (if bi): kernel (I_l, G*H) [Keras layout: x_t . kernel], recurrent
(H, G*H) [h . recurrent], bias (G*H), and for a GRU the recurrent bias (G*H); then the input
x (B, T, I). G = 1, 4, 3 gates (SimpleRNN, LSTM, GRU), I_0 = I, I_l = H * dirs for l > 0.
This is also oneDNN's ldigo / ldgo layout for one layer and one direction.
"""
import argparse
import os
import sys
import zlib

import numpy as np

# (batch, timesteps, input, hidden, layers, direction[, cell]): cell "lstm" or "gru", else
# SimpleRNN.
GATED = [
    (1, 10, 4, 8, 1, "uni"),
    (1, 50, 32, 64, 1, "uni"),
    (1, 100, 128, 256, 1, "uni"),
    (1, 100, 256, 256, 1, "uni"),
    (1, 100, 256, 512, 1, "uni"),
    (32, 50, 256, 256, 1, "uni"),
    (64, 50, 512, 512, 1, "uni"),
    (1, 50, 64, 128, 2, "bi"),
    (1, 100, 128, 200, 1, "uni"),
]
SHAPES = [
    (1, 10, 4, 8, 1, "uni"),
    (1, 50, 32, 64, 1, "uni"),
    (1, 50, 64, 128, 3, "uni"),
    (1, 50, 64, 128, 1, "bi"),
    (1, 100, 128, 256, 1, "uni"),
    (1, 100, 256, 512, 1, "uni"),
    (32, 50, 256, 256, 1, "uni"),
    (64, 50, 512, 512, 1, "uni"),
    (8, 50, 64, 128, 2, "bi"),
    (1, 100, 37, 100, 1, "uni"),
    (1, 100, 128, 200, 1, "uni"),
] + [s + (cell,) for cell in ("lstm", "gru") for s in GATED]


def cell_of(s):
    return s[6] if len(s) > 6 else "rnn"


def gates(s):
    return {"rnn": 1, "lstm": 4, "gru": 3}[cell_of(s)]


def shape_name(s):
    b, t, i, h, l, d = s[:6]
    prefix = "" if cell_of(s) == "rnn" else cell_of(s) + "_"
    return f"{prefix}b{b}_t{t}_i{i}_h{h}_l{l}_{d}"


def layer_inputs(s):
    _, _, i, h, l, d = s[:6]
    dirs = 2 if d == "bi" else 1
    return [i] + [h * dirs] * (l - 1)


def make_data(s):
    """Returns ([(layer, dir, kernel, recurrent, bias, recurrent bias or None)], x),
    deterministic for the shape."""
    b, t, i, h, l, d = s[:6]
    dirs = 2 if d == "bi" else 1
    g = gates(s)
    rng = np.random.Generator(np.random.PCG64(zlib.crc32(shape_name(s).encode())))
    k = 1.0 / np.sqrt(h)
    params = []
    for li, il in enumerate(layer_inputs(s)):
        for di in range(dirs):
            wx = rng.uniform(-k, k, size=(il, g * h)).astype(np.float32)
            wh = rng.uniform(-k, k, size=(h, g * h)).astype(np.float32)
            bias = rng.uniform(-k, k, size=(g * h,)).astype(np.float32)
            rb = rng.uniform(-k, k, size=(g * h,)).astype(np.float32) \
                if cell_of(s) == "gru" else None
            params.append((li, di, wx, wh, bias, rb))
    x = rng.uniform(-1.0, 1.0, size=(b, t, i)).astype(np.float32)
    return params, x


def hexconst(a):
    return 'dense<"0x' + np.ascontiguousarray(a, dtype="<f4").tobytes().hex().upper() + '">'


def ttype(shape):
    return "tensor<" + "x".join(str(v) for v in shape) + "xf32>"


def gated_layer(cell, result, src, src_t, sfx, shapes, res_t, direction):
    """One rnn.lstm / rnn.gru layer `result` reading `src`; returns its lines."""
    ks, rs, bs = shapes
    operands = (f"kernel(%k{sfx} : {ttype(ks)}) recurrent(%r{sfx} : {ttype(rs)})"
                f" bias(%b{sfx} : {ttype(bs)})")
    attrs = []
    if cell == "gru":
        operands += f" recurrent_bias(%rb{sfx} : {ttype(bs)})"
        attrs.append("reset_after")
    if direction == "reverse":
        attrs.append("direction = #rnn.direction<reverse>")
    attr_text = " {" + ", ".join(attrs) + "}" if attrs else ""
    return [f"  {result} = rnn.{cell} {src} : {src_t}",
            f"      {operands}{attr_text}",
            f"      -> sequence {res_t}"]


def write_mlir(s, params, path):
    b, t, i, h, l, d = s[:6]
    cell = cell_of(s)
    dirs = 2 if d == "bi" else 1
    name = shape_name(s)
    kind = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU (reset_after)"}[cell]
    out = [f"// Benchmark model {name}: {l} {kind} layer(s), {d}, tanh, with bias,",
           f"// full sequence output. Generated by bench/models/gen_models.py; do not edit.",
           f"func.func @{name}(%x: {ttype((b, t, i))}) -> {ttype((b, t, h * dirs))} {{"]
    byl = {}
    for (li, di, wx, wh, bias, rb) in params:
        byl.setdefault(li, []).append((di, wx, wh, bias, rb))
    cur, cur_t = "%x", ttype((b, t, i))
    for li in range(l):
        names = []
        for (di, wx, wh, bias, rb) in byl[li]:
            sfx = f"{li}_{di}"
            out.append(f"  %k{sfx} = arith.constant {hexconst(wx)} : {ttype(wx.shape)}")
            out.append(f"  %r{sfx} = arith.constant {hexconst(wh)} : {ttype(wh.shape)}")
            out.append(f"  %b{sfx} = arith.constant {hexconst(bias)} : {ttype(bias.shape)}")
            if rb is not None:
                out.append(f"  %rb{sfx} = arith.constant {hexconst(rb)} : {ttype(rb.shape)}")
            names.append((sfx, wx.shape, wh.shape, bias.shape))
        res_t = ttype((b, t, h * dirs))
        if cell != "rnn":
            half_t = ttype((b, t, h))
            for (sfx, ks, rs, bs), direction in zip(names, ("forward", "reverse")):
                result = f"%h{sfx}" if dirs == 2 else f"%h{li}"
                out += gated_layer(cell, result, cur, cur_t, sfx, (ks, rs, bs),
                                   half_t if dirs == 2 else res_t, direction)
            if dirs == 2:
                out.append(f"  %h{li} = rnn.merge concat %h{names[0][0]}, %h{names[1][0]}"
                           f" : {half_t}, {half_t} -> {res_t}")
        elif dirs == 1:
            sfx, ks, rs, bs = names[0]
            out.append(f"  %h{li} = rnn.simple_rnn {cur} : {cur_t}")
            out.append(f"      kernel(%k{sfx} : {ttype(ks)}) recurrent(%r{sfx} : {ttype(rs)})"
                       f" bias(%b{sfx} : {ttype(bs)})")
            out.append(f"      -> sequence {res_t}")
        else:
            (fs, ks, rs, bs), (bsf, _, _, _) = names
            out.append(f"  %h{li} = rnn.bidirectional {cur} : {cur_t}")
            out.append(f"      forward kernel(%k{fs} : {ttype(ks)}) recurrent(%r{fs} : {ttype(rs)})"
                       f" bias(%b{fs} : {ttype(bs)})")
            out.append(f"      backward kernel(%k{bsf} : {ttype(ks)}) recurrent(%r{bsf} : {ttype(rs)})"
                       f" bias(%b{bsf} : {ttype(bs)})")
            out.append(f"      {{merge_mode = #rnn.merge_mode<concat>}}")
            out.append(f"      -> sequence {res_t}")
        cur, cur_t = f"%h{li}", res_t
    out.append(f"  return {cur} : {cur_t}")
    out.append("}")
    write_if_changed(path, "\n".join(out) + "\n")


def write_bin(params, x, path):
    blob = b"".join(np.ascontiguousarray(a, dtype="<f4").tobytes()
                    for (_, _, wx, wh, bias, rb) in params for a in (wx, wh, bias, rb)
                    if a is not None)
    blob += np.ascontiguousarray(x, dtype="<f4").tobytes()
    write_if_changed(path, blob)


def write_manifest(out_dir):
    lines = ["// Generated by bench/models/gen_models.py; do not edit.",
             "#pragma once", "#include <stdint.h>", ""]
    for s in SHAPES:
        lines.append(f'#include "{shape_name(s)}.h"')
        lines.append(f'#include "{shape_name(s)}_mt.h"')
    lines += ["", "struct BenchModel {",
              "  const char *name;",
              "  int64_t batch, timesteps, input, hidden, layers, dirs;",
              "  int cell; // 0 SimpleRNN, 1 LSTM, 2 GRU (reset_after)",
              "  int32_t (*run)(const float *x, float *y);",
              "  // The same model compiled with --parallel (<name>_mt).",
              "  int32_t (*run_parallel)(const rnnc_threads *threads, const float *x, float *y);",
              "};", "", "static const BenchModel kBenchModels[] = {"]
    for s in SHAPES:
        b, t, i, h, l, d = s[:6]
        n = shape_name(s)
        cell = ["rnn", "lstm", "gru"].index(cell_of(s))
        lines.append(f'    {{"{n}", {b}, {t}, {i}, {h}, {l}, {2 if d == "bi" else 1}, {cell}, '
                     f'&{n}_run, &{n}_mt_run_parallel}},')
    lines += ["};", ""]
    write_if_changed(os.path.join(out_dir, "bench_models.h"), "\n".join(lines))


def write_if_changed(path, data):
    """Keeps timestamps (and so the rnnc / link steps) untouched when nothing changed."""
    mode = "b" if isinstance(data, bytes) else ""
    if os.path.exists(path):
        with open(path, "r" + mode) as f:
            if f.read() == data:
                return
    with open(path, "w" + mode) as f:
        f.write(data)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--out-dir")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    if a.list:
        print("\n".join(shape_name(s) for s in SHAPES))
        return 0
    if not a.out_dir:
        ap.error("--out-dir is required")
    os.makedirs(a.out_dir, exist_ok=True)
    by_name = {shape_name(s): s for s in SHAPES}
    unknown = [n for n in a.names if n not in by_name]
    if unknown:
        ap.error("unknown shape(s): " + ", ".join(unknown))
    for n in a.names or by_name:
        s = by_name[n]
        params, x = make_data(s)
        write_mlir(s, params, os.path.join(a.out_dir, n + ".mlir"))
        write_bin(params, x, os.path.join(a.out_dir, n + ".bin"))
    if not a.names:
        write_manifest(a.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
