#!/usr/bin/python3
"""Writes the golden end-to-end cases: PyTorch's float64 answers for rnn-dialect models.

For each case: `<case>.mlir`, a float32 model in the `rnn` dialect (weights as dense constants
in Keras layout) that is also a lit test running rnnc, rnn-run and ../compare.py;
`Inputs/<case>.x.npy`, its float32 input; `Inputs/<case>.expected<k>.npy`, output k as torch
computes it in float64 from the float32-rounded weights and input. Cases with a dynamic dim
have a second input shape, `Inputs/<case>.shape2.*`.

Every expected output is also recomputed by an independent float64 numpy loop here and must
agree with torch to 1e-12; sigmoid and linear, which torch.nn.RNN lacks, use that loop alone.
Deterministic: rerunning rewrites identical files. Run with /usr/bin/python3 (numpy, torch):

    /usr/bin/python3 test/e2e/golden/generate.py [--check-with build/bin/rnn-opt]

`--check-with RNN_OPT` also checks that every model verifies and that its constants parse back
to exactly the float32 values the expectations were computed from.
"""
import argparse
import os
import re
import subprocess
import sys

import numpy as np
import torch

torch.set_default_dtype(torch.float64)

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = os.path.join(HERE, "Inputs")
AGREEMENT = 1e-12  # torch vs the numpy loop, both float64


def f32(a):
    """Rounds to float32 and returns float64 holding exactly those values."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


class Layer:
    """One direction's weights in PyTorch layout, already rounded to float32."""

    def __init__(self, rng, input_dim, units):
        k = 1.0 / np.sqrt(input_dim)
        self.w_ih = f32(rng.uniform(-k, k, (units, input_dim)))
        self.w_hh = f32(rng.uniform(-0.5, 0.5, (units, units)) / np.sqrt(units))
        self.b_ih = f32(rng.uniform(-0.1, 0.1, units))
        self.b_hh = f32(rng.uniform(-0.1, 0.1, units))

    # Keras layout, as the model holds it.
    def kernel(self):
        return self.w_ih.T

    def recurrent(self):
        return self.w_hh.T

    def bias(self):
        return f32(self.b_ih + self.b_hh)


# ----------------------------------------------------------------------------------------------
# The two references
# ----------------------------------------------------------------------------------------------

ACTIVATIONS = {
    "tanh": np.tanh,
    "relu": lambda v: np.maximum(v, 0.0),
    "sigmoid": lambda v: 1.0 / (1.0 + np.exp(-v)),
    "linear": lambda v: v,
}


def numpy_rnn(x, layer, activation, reverse=False, h0=None):
    """A plain float64 loop: h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh).

    Returns (states in processing order, final state), each step's state indexed by the step
    at which it was computed: with reverse=True, states[i] has read x[T-1]..x[T-1-i]."""
    batch, steps, _ = x.shape
    act = ACTIVATIONS[activation]
    h = np.zeros((batch, layer.w_hh.shape[0])) if h0 is None else h0.copy()
    states = []
    for i in range(steps):
        t = steps - 1 - i if reverse else i
        h = act(x[:, t, :] @ layer.w_ih.T + layer.b_ih + h @ layer.w_hh.T + layer.b_hh)
        states.append(h)
    return np.stack(states, axis=1), h


def torch_rnn(x, layers, activation, bidirectional=False, h0=None):
    """torch.nn.RNN (batch_first) with the given weights: layers is a list of Layer, or of
    (forward, backward) pairs when bidirectional. Returns (output, h_n) as numpy."""
    first = layers[0][0] if bidirectional else layers[0]
    units, input_dim = first.w_ih.shape
    rnn = torch.nn.RNN(input_dim, units, num_layers=len(layers), nonlinearity=activation,
                       batch_first=True, bidirectional=bidirectional)
    with torch.no_grad():
        for l, entry in enumerate(layers):
            halves = entry if bidirectional else (entry,)
            for suffix, layer in zip(["", "_reverse"], halves):
                for name in ["w_ih", "w_hh", "b_ih", "b_hh"]:
                    param = getattr(rnn, "%s_l%d%s" % (name.replace("w_", "weight_").replace(
                        "b_", "bias_"), l, suffix))
                    param.copy_(torch.from_numpy(getattr(layer, name)))
        args = (torch.from_numpy(x),) if h0 is None else (torch.from_numpy(x), torch.from_numpy(h0))
        out, h_n = rnn(*args)
    return out.numpy(), h_n.numpy()


def agree(a, b, what):
    assert a.shape == b.shape, "%s: shapes %s and %s" % (what, a.shape, b.shape)
    err = np.max(np.abs(a - b)) if a.size else 0.0
    assert err <= AGREEMENT, "%s: torch and the numpy loop differ by %g" % (what, err)


def merge(mode, a, b):
    if mode == "concat":
        return [np.concatenate([a, b], axis=-1)]
    if mode == "sum":
        return [a + b]
    if mode == "mul":
        return [a * b]
    if mode == "ave":
        return [(a + b) / 2.0]
    assert mode == "none"
    return [a, b]


# ----------------------------------------------------------------------------------------------
# Writing models
# ----------------------------------------------------------------------------------------------


def float_literal(v):
    """The shortest decimal that reads back as the same float32."""
    return np.format_float_positional(np.float32(v), unique=True, trim="0")


def dense(a):
    def rec(x):
        if x.ndim == 1:
            return "[" + ", ".join(float_literal(v) for v in x) + "]"
        sep = ",\n    " if x.ndim == 2 else ", "
        return "[" + sep.join(rec(r) for r in x) + "]"

    return "dense<%s>" % rec(np.asarray(a))


def ttype(shape):
    return "tensor<%sxf32>" % "x".join("?" if d is None else str(d) for d in shape)


class Func:
    """A func.func with one input %x; collects constants and ops."""

    def __init__(self, name, x_shape):
        self.name = name
        self.x_shape = list(x_shape)  # None = dynamic
        self.lines = []
        self.counter = 0
        self.results = []  # (ssa, shape)

    def fresh(self, stem):
        self.counter += 1
        return "%%%s%d" % (stem, self.counter)

    def constant(self, stem, a):
        v = self.fresh(stem)
        self.lines.append("  %s = arith.constant %s : %s" % (v, dense(a), ttype(a.shape)))
        return v

    def weights(self, layer, h0=None):
        wx = self.constant("wx", layer.kernel())
        wh = self.constant("wh", layer.recurrent())
        b = self.constant("b", layer.bias())
        units = layer.w_hh.shape[0]
        text = "kernel(%s : %s) recurrent(%s : %s) bias(%s : %s)" % (
            wx, ttype(layer.kernel().shape), wh, ttype((units, units)), b, ttype((units,)))
        if h0 is not None:
            h = self.constant("h0_", h0)
            text += " initial_state(%s : %s)" % (h, ttype(h0.shape))
        return text

    def simple_rnn(self, x, x_shape, layer, attrs, sequence=True, last=False, h0=None):
        units = layer.w_hh.shape[0]
        w = self.weights(layer, h0)
        seq_shape = [x_shape[0], x_shape[1], units]
        last_shape = [x_shape[0], units]
        names, types, shapes = [], [], []
        if sequence:
            names.append(self.fresh("seq"))
            types.append("sequence " + ttype(seq_shape))
            shapes.append(seq_shape)
        if last:
            names.append(self.fresh("last"))
            types.append("last " + ttype(last_shape))
            shapes.append(last_shape)
        attr_text = (" {%s}" % ", ".join(attrs)) if attrs else ""
        self.lines.append("  %s = rnn.simple_rnn %s : %s\n      %s%s\n      -> %s" % (
            ", ".join(names), x, ttype(x_shape), w, attr_text, " ".join(types)))
        return list(zip(names, shapes))

    def bidirectional(self, x, x_shape, fw, bw, mode, sequence):
        units = fw.w_hh.shape[0]
        wf, wb = self.weights(fw), self.weights(bw)
        lead = [x_shape[0], x_shape[1]] if sequence else [x_shape[0]]
        shapes = ([lead + [units], lead + [units]] if mode == "none"
                  else [lead + [2 * units if mode == "concat" else units]])
        names = [self.fresh("seq" if sequence else "last") for _ in shapes]
        self.lines.append(
            "  %s = rnn.bidirectional %s : %s\n      forward %s\n      backward %s\n"
            "      {merge_mode = #rnn.merge_mode<%s>}\n      -> %s %s" % (
                ", ".join(names), x, ttype(x_shape), wf, wb, mode,
                "sequence" if sequence else "last", ", ".join(ttype(s) for s in shapes)))
        return list(zip(names, shapes))

    def text(self, outputs):
        out_types = [ttype(s) for _, s in outputs]
        ret = "(%s)" % ", ".join(out_types) if len(out_types) > 1 else out_types[0]
        return "func.func @%s(%%x: %s) -> %s {\n%s\n  return %s : %s\n}\n" % (
            self.name, ttype(self.x_shape), ret, "\n".join(self.lines),
            ", ".join(n for n, _ in outputs), ", ".join(out_types))


# ----------------------------------------------------------------------------------------------
# The cases
# ----------------------------------------------------------------------------------------------


class Case:
    def __init__(self, name, summary, func_text, runs):
        self.name = name
        self.summary = summary
        self.func_text = func_text
        self.runs = runs  # [(suffix, x, [expected...])]


def seed_of(name):
    return sum((i + 1) * ord(c) for i, c in enumerate(name))


def random_x(rng, shape):
    return f32(rng.uniform(-1.0, 1.0, shape))


def single_layer_case(name, summary, batch=1, steps=10, input_dim=4, units=8,
                      activation="tanh", sequence=True, last=False, direction="forward",
                      initial_state=False, x_shape=None, extra_shapes=()):
    """One rnn.simple_rnn; x_shape (with None for dynamic dims) defaults to static."""
    rng = np.random.default_rng(seed_of(name))
    layer = Layer(rng, input_dim, units)
    h0 = f32(rng.uniform(-0.8, 0.8, (batch, units))) if initial_state else None
    x_shape = x_shape or [batch, steps, input_dim]
    func = Func(name, x_shape)
    attrs = []
    if activation != "tanh":
        attrs.append("activation = #rnn.activation<%s>" % activation)
    if direction != "forward":
        attrs.append("direction = #rnn.direction<%s>" % direction)
    outputs = func.simple_rnn("%x", x_shape, layer, attrs, sequence, last, h0)

    runs = []
    for suffix, shape in [("", (batch, steps, input_dim))] + list(extra_shapes):
        x = random_x(rng, shape)
        backwards = direction == "go_backwards"
        seq_np, last_np = numpy_rnn(x, layer, activation, reverse=backwards, h0=h0)
        if activation in ("tanh", "relu"):
            # go_backwards = a forward pass over the flipped input, not flipped back.
            x_in = x[:, ::-1, :].copy() if backwards else x
            out, h_n = torch_rnn(x_in, [layer], activation,
                                 h0=None if h0 is None else h0[None])
            seq, last_state = out, h_n[0]
            agree(seq, seq_np, name + " sequence")
            agree(last_state, last_np, name + " last")
        else:
            seq, last_state = seq_np, last_np
        expected = ([seq] if sequence else []) + ([last_state] if last else [])
        runs.append((suffix, x, expected))
    return Case(name, summary, func.text(outputs), runs)


def stacked_case(name, summary, layers=3, batch=2, steps=10, input_dim=4, units=8):
    rng = np.random.default_rng(seed_of(name))
    stack = [Layer(rng, input_dim if l == 0 else units, units) for l in range(layers)]
    func = Func(name, [batch, steps, input_dim])
    value, shape = "%x", [batch, steps, input_dim]
    for layer in stack:
        (value, shape), = func.simple_rnn(value, shape, layer, [])
    x = random_x(rng, (batch, steps, input_dim))
    out, _ = torch_rnn(x, stack, "tanh")
    h = x
    for layer in stack:
        h, _ = numpy_rnn(h, layer, "tanh")
    agree(out, h, name)
    return Case(name, summary, func.text([(value, shape)]), [("", x, [out])])


def bidirectional_case(name, summary, mode, sequence, batch=2, steps=10, input_dim=4, units=8):
    rng = np.random.default_rng(seed_of(name))
    fw, bw = Layer(rng, input_dim, units), Layer(rng, input_dim, units)
    func = Func(name, [batch, steps, input_dim])
    outputs = func.bidirectional("%x", [batch, steps, input_dim], fw, bw, mode, sequence)
    x = random_x(rng, (batch, steps, input_dim))
    out, h_n = torch_rnn(x, [(fw, bw)], "tanh", bidirectional=True)
    # torch: out[..., :H] forward, out[..., H:] backward flipped back to input time;
    # h_n[1] is the backward state after reading the whole sequence backwards.
    fw_seq_np, fw_last_np = numpy_rnn(x, fw, "tanh")
    bw_seq_np, bw_last_np = numpy_rnn(x, bw, "tanh", reverse=True)
    bw_seq_np = bw_seq_np[:, ::-1, :]
    agree(out[..., :units], fw_seq_np, name + " forward sequence")
    agree(out[..., units:], bw_seq_np, name + " backward sequence")
    agree(h_n[0], fw_last_np, name + " forward last")
    agree(h_n[1], bw_last_np, name + " backward last")
    a, b = (out[..., :units], out[..., units:]) if sequence else (h_n[0], h_n[1])
    return Case(name, summary, func.text(outputs), [("", x, merge(mode, a, b))])


def all_cases():
    cases = [
        single_layer_case("tutorial", "The tutorial shape: batch 1, 10 steps of 4 features, "
                          "8 units, every state."),
        single_layer_case("single_step", "One timestep (T = 1): the recurrence never runs.",
                          steps=1, last=True),
        single_layer_case("batch3", "Batch 3: rows must not mix.", batch=3),
        single_layer_case("last_state", "Only the last state (return_sequences=False).",
                          batch=2, sequence=False, last=True),
        stacked_case("stacked3", "Three stacked layers; each consumes the previous one's "
                     "full sequence."),
    ]
    for sequence in (True, False):
        for mode in ("concat", "sum", "mul", "ave", "none"):
            kind = "sequence" if sequence else "last"
            cases.append(bidirectional_case(
                "bidirectional_%s_%s" % (mode, kind),
                "Bidirectional, merge_mode %s, %s: the backward half %s." % (
                    mode, "every step" if sequence else "final states",
                    "flipped back to input time" if sequence
                    else "is its state after reading the whole sequence backwards"),
                mode, sequence))
    cases += [
        single_layer_case("go_backwards", "Keras go_backwards: reads last to first and emits "
                          "states in processing order (not flipped back).", batch=2,
                          direction="go_backwards", last=True),
        single_layer_case("relu", "ReLU activation (torch nonlinearity='relu').", batch=2,
                          activation="relu"),
        single_layer_case("sigmoid", "Sigmoid activation (numpy loop reference).", batch=2,
                          activation="sigmoid"),
        single_layer_case("linear", "Linear activation (numpy loop reference).", batch=2,
                          activation="linear"),
        single_layer_case("units7", "7 units: not a multiple of any vector width.", units=7),
        single_layer_case("units33", "33 units: one past a power of two.", units=33),
        single_layer_case("units100", "100 units.", units=100, last=True),
        single_layer_case("input_dim3", "3 input features.", input_dim=3),
        single_layer_case("dynamic_batch", "Dynamic batch (tensor<?x10x4xf32>), run with "
                          "batch 1 and batch 4.", x_shape=[None, 10, 4], last=True,
                          extra_shapes=[(".shape2", (4, 10, 4))]),
        single_layer_case("dynamic_time", "Dynamic time (tensor<1x?x4xf32>), run with 10 and "
                          "with 3 steps.", x_shape=[1, None, 4], last=True,
                          extra_shapes=[(".shape2", (1, 3, 4))]),
        single_layer_case("long_sequence", "1000 timesteps: errors must not accumulate.",
                          steps=1000, units=16, last=True),
        single_layer_case("initial_state", "An initial state given as a dense constant.",
                          batch=2, last=True, initial_state=True),
    ]
    return cases


# ----------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------


def lit_header(case):
    lines = ["// RUN: rnnc %s --emit=shared -o %t.so"]
    for suffix, _, expected in case.runs:
        stem = "%%S/Inputs/%s%s" % (case.name, suffix)
        outs = " ".join("--output %%t%s.y%d.npy" % (suffix, k) for k in range(len(expected)))
        lines.append("// RUN: rnn-run %%t.so --input %s.x.npy %s" % (stem, outs))
        for k in range(len(expected)):
            lines.append("// RUN: %%python %%S/../compare.py %%t%s.y%d.npy %s.expected%d.npy"
                         % (suffix, k, stem, k))
    return "\n".join(lines)


def write(case):
    with open(os.path.join(HERE, case.name + ".mlir"), "w") as f:
        f.write(lit_header(case) + "\n\n")
        f.write("// %s\n// Generated by generate.py from torch.nn.RNN (float64); do not edit.\n"
                % case.summary)
        f.write(case.func_text)
    for suffix, x, expected in case.runs:
        stem = os.path.join(INPUTS, case.name + suffix)
        np.save(stem + ".x.npy", x.astype(np.float32))
        for k, e in enumerate(expected):
            np.save("%s.expected%d.npy" % (stem, k), np.ascontiguousarray(e, dtype=np.float64))


def check_with(rnn_opt, case):
    """The model verifies, and every constant parses back to the float32 we computed from."""
    path = os.path.join(HERE, case.name + ".mlir")
    printed = subprocess.run(
        [rnn_opt, path, "--mlir-print-elementsattrs-with-hex-if-larger=0"],
        check=True, capture_output=True, text=True).stdout
    parsed = [np.frombuffer(bytes.fromhex(h), dtype="<f4")
              for h in re.findall(r'dense<"0x([0-9A-F]+)">', printed)]
    written = [np.array(re.findall(r"-?[0-9]+\.[0-9]*(?:e[-+]?[0-9]+)?", body), dtype=np.float32)
               for body in re.findall(r"arith.constant dense<(.*?)> :", case.func_text, re.S)]
    assert len(parsed) == len(written), "%s: %d constants printed, %d written" % (
        case.name, len(parsed), len(written))
    for p, w in zip(parsed, written):
        assert p.size == w.size and np.array_equal(p.view(np.uint32), w.view(np.uint32)), \
            "%s: a constant does not read back exactly" % case.name


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check-with", metavar="RNN_OPT",
                        help="verify each model with rnn-opt and check its constants")
    args = parser.parse_args()
    os.makedirs(INPUTS, exist_ok=True)
    total = 0
    for case in all_cases():
        write(case)
        if args.check_with:
            check_with(args.check_with, case)
        total += sum(os.path.getsize(os.path.join(HERE, p)) for p in [case.name + ".mlir"])
        for suffix, _, expected in case.runs:
            stem = os.path.join(INPUTS, case.name + suffix)
            total += os.path.getsize(stem + ".x.npy")
            total += sum(os.path.getsize("%s.expected%d.npy" % (stem, k))
                         for k in range(len(expected)))
        print("%-32s %s" % (case.name, "; ".join(
            "x%s -> %s" % (x.shape, ", ".join(str(e.shape) for e in ex))
            for _, x, ex in case.runs)))
    print("total %.1f KiB" % (total / 1024.0))


if __name__ == "__main__":
    main()
