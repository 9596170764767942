"""Random models written in the rnn dialect, compiled with random driver options, against a
float64 reference written from the ops' documented semantics (docs/RNNDialect.md,
dialect/RNNOps.td).

Drawn per case: one to three layers, each rnn.simple_rnn, rnn.bidirectional, rnn.lstm,
rnn.gru, or two gated layers (forward and reverse) joined by rnn.merge; per layer units
(1, odd and wide), every activation kind of the dialect with drawn parameters for each of
its activations (SimpleRNN's, backward_activation, the LSTM's recurrent_activation /
activation / output_activation, the GRU's two), direction (forward, reverse, go_backwards),
clip, bias, peepholes, input_forget, the GRU's recurrent_bias and reset_after, initial
state and cell as function arguments, and which results (sequence, last, last_cell) it
returns (the extra ones become model outputs); per model lengths (an i32 or i64 argument)
or a mask (rnn.mask over padding steps of x) on some of the layers, an optional rnn.dense
head; static or dynamic batch and T (T = 0 and 1 included); and rnnc's options: --unroll,
--batch / --timesteps, --stateful (two calls, the second from the first's states: h, and
c for an LSTM, in layer order), --weights=external (the run reads the weights file) and
--parallel (run on 1 to 3 threads of librnnrt's pool), --weight-precision=bf16 or int8
(against the reference on the rounded weights) and, on a host with AVX512_BF16, bf16-dot
(the reference also rounds the state each recurrent product reads), on a host with
AVX512_VNNI, int8-dot (the reference also quantizes each row of every int8 product's
operand: the layers' inputs, the states, the head's input).

A draw the float32 arithmetic cannot follow within the tolerance (the reference rerun in
float32 strays past a quarter of it, or its outputs grow past 1e6: recurrences that
amplify rounding, e.g. an unbounded forget gate) or that puts a thresholded_relu input
within 1e-4 of its threshold is redrawn from a stream of its own: the tolerance is never
widened. So is an int8-dot draw whose reference quantizes a value too close to a rounding
boundary for the float32 kernel to be sure to round it the same way (QUANT_MARGIN,
QUANT_SAFETY).
"""
import os

import numpy as np

from cases import (Case, CRun, RnnRun, narrow, quantize_rows, round_bf16, rounding_margin,
                   tolerance_ratio, uniform)


def host_flags():
    """The CPU flags of this host (/proc/cpuinfo), or none."""
    try:
        with open("/proc/cpuinfo") as f:
            return set(f.read().split())
    except OSError:
        return set()


# Whether this host runs --weight-precision=bf16-dot (AVX-512 with AVX512_BF16) and
# int8-dot (AVX-512 with AVX512_VNNI).
HOST_BF16_DOT = {"avx512f", "avx512_bf16"} <= host_flags()
HOST_INT8_DOT = {"avx512f", "avx512_vnni"} <= host_flags()


def side_stream(rng):
    """A generator of its own from rng's seed: drawing from it leaves rng's draws as they
    were, so a host-dependent choice does not change the rest of the model."""
    bg = rng.bit_generator
    seq = getattr(bg, "seed_seq", None) or bg._seed_seq
    return np.random.default_rng(seq.spawn(1)[0])

SELU_SCALE, SELU_ALPHA = 1.0507009873554804934193349852946, 1.6732632423543772848170429916717
# kind -> (alpha range, beta range); None: the kind takes no such parameter.
PARAMS = {
    "tanh": (None, None), "sigmoid": (None, None), "relu": (None, None),
    "linear": (None, None), "softsign": (None, None), "softplus": (None, None),
    "selu": (None, None), "affine": ((0.3, 1.0), (-0.5, 0.5)),
    "leaky_relu": ((0.01, 0.4), None), "thresholded_relu": ((0.0, 0.5), None),
    "scaled_tanh": ((0.5, 1.5), (0.5, 1.5)), "hard_sigmoid": ((0.1, 0.5), (0.3, 0.7)),
    "elu": ((0.5, 1.5), None),
}
KINDS = list(PARAMS)
MERGES = {"concat": lambda a, b: np.concatenate([a, b], -1), "sum": lambda a, b: a + b,
          "mul": lambda a, b: a * b, "ave": lambda a, b: (a + b) / 2}
UNITS = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33, 64]
STEPS = [0, 1, 1, 2, 3, 5, 8, 13, 20]
# A discontinuous activation flips on rounding when its input lands this close to the
# threshold; such draws are redrawn.
THRESHOLD_MARGIN = 1e-4
# How far the reference rerun in float32 may stray, as a fraction of the tolerance.
CONDITIONING = 0.25
# Outputs past this have grown without bound (an unbounded candidate, a runaway state): a
# saturated gate's last bit then moves them by more than the tolerance, which a float32
# rerun of the reference, rounding the same way, cannot show.
MAGNITUDE = 1e6
# Unrolled SimpleRNN steps a case may compile (a gated step counts four).
UNROLL_BUDGET = 28
# int8-dot rounds a * 127 / m to an integer: where the float64 reference puts that close to
# a half-integer, the float32 kernel may round the other way and move an output by a whole
# step of m / 127. Such draws are redrawn: those where the reference comes within
# QUANT_MARGIN of a boundary (float32's own rounding of 127 / m and a * (127 / m) moves the
# value by up to ~1.5e-5; a state a few ulps from float64's by 127 * 1e-6 relative), or
# within QUANT_SAFETY times the distance the float32 rerun strays from it (deep or unbounded
# recurrences carry rounding further: up to ~1e-3 in such draws).
QUANT_MARGIN = 2e-4
QUANT_SAFETY = 4
# int8-dot draws are those whose products quantize at most this many values per call (two
# thirds of the draws): the chance of a value near a boundary grows with their number, and
# within this 7% of int8-dot draws are redrawn (47 of 692 over seeds 0..15999).
QUANT_BUDGET = 1000


def function(kind, a, b):
    """The activation on float64 or float32 arrays (the type is kept)."""
    return {
        "tanh": np.tanh,
        "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
        "relu": lambda x: np.maximum(x, 0),
        "linear": lambda x: x,
        "softsign": lambda x: x / (1 + np.abs(x)),
        "softplus": lambda x: np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0),
        "selu": lambda x: SELU_SCALE * np.where(
            x > 0, x, SELU_ALPHA * np.expm1(np.minimum(x, 0))),
        "affine": lambda x: a * x + b,
        "leaky_relu": lambda x: np.where(x >= 0, x, a * x),
        "thresholded_relu": lambda x: np.where(x > a, x, 0 * x),
        "scaled_tanh": lambda x: a * np.tanh(b * x),
        "hard_sigmoid": lambda x: np.clip(a * x + b, 0, 1),
        "elu": lambda x: np.where(x >= 0, x, a * np.expm1(np.minimum(x, 0))),
    }[kind]


class Act:
    """An activation attribute: its text, and the function, which records how close a
    thresholded_relu input comes to the threshold in `margins`."""

    def __init__(self, rng, kind, margins):
        ranges = PARAMS[kind]
        a, b = (float(np.float32(rng.uniform(*r))) if r else None for r in ranges)
        self.kind, self.a, self.b = kind, a, b
        self.fn, self.margins = function(kind, a, b), margins
        self.text = kind + "".join(", %s = %.9e" % (n, v) for n, v in (("alpha", a), ("beta", b))
                                   if v is not None)

    def attr(self):
        return "#rnn.activation<%s>" % self.text

    def __call__(self, x):
        if self.kind == "thresholded_relu" and x.dtype == np.float64 and x.size:
            self.margins.append(float(np.min(np.abs(x - self.a))))
        return self.fn(x)


def draw_act(rng, default, margins, p_default=0.5):
    """(Act, whether the attribute is written): the default kind half the time, written
    out or left to the op's default."""
    if rng.random() < p_default:
        return Act(rng, default, margins), bool(rng.random() < 0.5)
    return Act(rng, str(rng.choice(KINDS)), margins), True


def fmt_tensor(a):
    """An MLIR dense literal of a float32 array."""
    def rec(x):
        if x.ndim == 1:
            return "[" + ", ".join("%.9e" % v for v in x) + "]"
        return "[" + ", ".join(rec(r) for r in x) + "]"
    return "dense<%s>" % rec(a)


def ttype(shape, elem="f32"):
    return "tensor<%s>" % "x".join(["?" if d is None else str(d) for d in shape] + [elem])


def clipper(clip):
    return (lambda v: v) if clip is None else (lambda v: np.clip(v, -clip, clip))


class Cell:
    """One direction's weights (uniform +-1/sqrt(units), as the frameworks initialise
    them) and its step on float64 or float32 arrays."""
    gates, states = 1, 1
    # --weight-precision=bf16-dot: the recurrent products read the state rounded to bf16;
    # int8-dot: the input and recurrent products read their operands quantized per row
    # (logged in `quant_log`).
    dot = None
    quant_log = None

    def rs(self, h):
        """The state as the recurrent product reads it."""
        if self.dot == "bf16-dot":
            return round_bf16(h).astype(h.dtype)
        if self.dot == "int8-dot":
            return quantize_rows(h, self.quant_log)
        return h

    def rx(self, x):
        """The layer's input as the input projection reads it."""
        return quantize_rows(x, self.quant_log) if self.dot == "int8-dot" else x

    def __init__(self, rng, features, units, clip):
        limit = 1.0 / np.sqrt(units)
        self.units, self.clip = units, clip
        self.kernel = uniform(rng, (features, self.gates * units), limit)
        self.recurrent = uniform(rng, (units, self.gates * units), limit)
        self.limit = limit

    def optional(self, rng, p, size):
        return uniform(rng, (size,), self.limit) if rng.random() < p else None

    def weights(self, dt):
        """The arrays of the step in type dt, absent ones as zeros."""
        sizes = {"kernel": None, "recurrent": None, "bias": self.gates * self.units,
                 "peepholes": 3 * self.units, "recurrent_bias": 3 * self.units}
        return {k: np.zeros(sizes[k], dt) if getattr(self, k) is None
                else getattr(self, k).astype(dt) for k in self.arrays}

    def operands(self):
        """The optional operands: (keyword, array or None)."""
        return [(k, getattr(self, k)) for k in self.arrays[2:]]

    def split(self, v):
        u = self.units
        return [v[..., k * u:(k + 1) * u] for k in range(v.shape[-1] // u)]


class SimpleCell(Cell):
    arrays = ("kernel", "recurrent", "bias")
    op = "rnn.simple_rnn"

    def __init__(self, rng, features, units, clip, act):
        super().__init__(rng, features, units, clip)
        self.bias = self.optional(rng, 0.8, units)
        self.act = act

    def step(self, w, x, state):
        (h,) = state
        return (self.act(clipper(self.clip)(self.rx(x) @ w["kernel"] +
                                            self.rs(h) @ w["recurrent"] + w["bias"])),)

    def attrs(self):
        return {"activation": self.act.attr()}

    def describe(self):
        return "rnn(%d, %s, bias=%s" % (self.units, self.act.text, self.bias is not None)


class GatedCell(Cell):
    """What rnn.lstm and rnn.gru share: their optional operands and unit attributes
    (drawn by `draw_options`), then recurrent_activation and activation."""
    states = 1

    def __init__(self, rng, features, units, clip, margins):
        super().__init__(rng, features, units, clip)
        self.draw_options(rng)
        self.sigma, self.sigma_written = draw_act(rng, "sigmoid", margins)
        self.g, self.g_written = draw_act(rng, "tanh", margins)

    def attrs(self):
        out = {name: None for name in self.flags if getattr(self, name)}
        if self.sigma_written:
            out["recurrent_activation"] = self.sigma.attr()
        if self.g_written:
            out["activation"] = self.g.attr()
        return out

    def describe(self):
        return "%s(%d, %s, %s" % (self.op[4:], self.units, "/".join(self.activations()),
                                  ", ".join("%s=%s" % (k, getattr(self, k) is not None)
                                            for k in self.arrays[2:]) + "".join(
                                      ", %s=%s" % (k, getattr(self, k)) for k in self.flags))


class LSTMCell(GatedCell):
    gates, states = 4, 2
    arrays = ("kernel", "recurrent", "bias", "peepholes")
    flags = ("input_forget",)
    op = "rnn.lstm"

    def draw_options(self, rng):
        self.bias = self.optional(rng, 0.8, 4 * self.units)
        self.peepholes = self.optional(rng, 0.4, 3 * self.units)
        self.input_forget = bool(rng.random() < 0.25)

    def __init__(self, rng, features, units, clip, margins):
        super().__init__(rng, features, units, clip, margins)
        self.g_out = None if rng.random() < 0.5 else draw_act(rng, "tanh", margins)[0]

    def step(self, w, x, state):
        h, c = state
        bound = clipper(self.clip)
        zi, zf, zc, zo = self.split(self.rx(x) @ w["kernel"] + self.rs(h) @ w["recurrent"] +
                                    w["bias"])
        pi, pf, po = self.split(w["peepholes"])
        i = self.sigma(bound(zi + pi * c))
        f = 1 - i if self.input_forget else self.sigma(bound(zf + pf * c))
        c_new = f * c + i * self.g(bound(zc))
        o = self.sigma(bound(zo + po * c_new))
        return o * (self.g_out or self.g)(c_new), c_new

    def attrs(self):
        out = super().attrs()
        if self.g_out is not None:
            out["output_activation"] = self.g_out.attr()
        return out

    def activations(self):
        return [self.sigma.text, self.g.text, "-" if self.g_out is None else self.g_out.text]


class GRUCell(GatedCell):
    gates = 3
    arrays = ("kernel", "recurrent", "bias", "recurrent_bias")
    flags = ("reset_after",)
    op = "rnn.gru"

    def draw_options(self, rng):
        self.bias = self.optional(rng, 0.7, 3 * self.units)
        self.recurrent_bias = self.optional(rng, 0.6, 3 * self.units)
        self.reset_after = bool(rng.random() < 0.5)

    def step(self, w, x, state):
        (h,) = state
        bound = clipper(self.clip)
        xz, xr, xh = self.split(self.rx(x) @ w["kernel"] + w["bias"])
        uz, ur, uh = self.split(w["recurrent"])
        rbz, rbr, rbh = self.split(w["recurrent_bias"])
        hr = self.rs(h)
        z = self.sigma(bound(xz + hr @ uz + rbz))
        r = self.sigma(bound(xr + hr @ ur + rbr))
        if self.reset_after:
            cand = self.g(bound(xh + r * (hr @ uh + rbh)))
        else:
            cand = self.g(bound(xh + self.rs(r * h) @ uh + rbh))
        return (z * h + (1 - z) * cand,)

    def activations(self):
        return [self.sigma.text, self.g.text]


def recur(cell, x, direction, state, lengths, mask, dt):
    """Runs `cell` over x (N, T, F) from `state` (a tuple, h first); returns (sequence,
    final state). A step not taken (past a row's length, or masked) keeps the state; its
    output is zero past the length, and under a mask the previous step's output (Keras:
    zero before the first step, whatever the initial state)."""
    w = cell.weights(dt)
    N, T, _ = x.shape
    seq = np.zeros((N, T, cell.units), dt)
    out = np.zeros((N, cell.units), dt)
    order = range(T) if direction == "forward" else range(T - 1, -1, -1)
    for i, t in enumerate(order):
        new = cell.step(w, x[:, t], state)
        take = True
        if lengths is not None:
            take = (t < lengths)[:, None]
        elif mask is not None:
            take = mask[:, t][:, None]
        state = tuple(np.where(take, n, s) for n, s in zip(new, state))
        out = np.where(take, state[0], 0 if lengths is not None else out)
        seq[:, i if direction == "go_backwards" else t] = out
    return seq, state


class Env:
    """What one evaluation of the model reads: the float type, lengths and mask, the
    initial-state arguments by name, and in a stateful model the state slots (read and
    written in layer order)."""

    def __init__(self, dt, lengths, mask, feeds, slots):
        self.dt, self.lengths, self.mask, self.feeds = dt, lengths, mask, feeds
        self.slots, self.finals = list(slots) if slots is not None else None, []


class Layer:
    """One rnn.simple_rnn / rnn.lstm / rnn.gru op: its cell, direction, initial-state
    arguments, whether it reads lengths or the mask, and its results."""

    def __init__(self, cell, direction, inits, seqlen, results):
        self.cell, self.direction, self.inits = cell, direction, inits
        self.seqlen, self.results = seqlen, results

    def run(self, x, env):
        N = x.shape[0]
        state = []
        for k in range(self.cell.states):
            if env.slots is not None:
                state.append(env.slots.pop(0).astype(env.dt))
            elif self.inits[k] is not None:
                state.append(env.feeds[self.inits[k]].astype(env.dt))
            else:
                state.append(np.zeros((N, self.cell.units), env.dt))
        seq, final = recur(self.cell, x, self.direction, tuple(state),
                           env.lengths if self.seqlen == "lengths" else None,
                           env.mask if self.seqlen == "mask" else None, env.dt)
        env.finals += list(final)
        values = {"sequence": seq, "last": final[0]}
        if self.cell.states == 2:
            values["last_cell"] = final[1]
        return [values[r] for r in self.results]

    def describe(self):
        return "%s, %s, clip=%s, init=%s, %s, %s)" % (
            self.cell.describe(), self.direction, self.cell.clip,
            [a is not None for a in self.inits], self.seqlen or "-", "/".join(self.results))


class Builder:
    """The model's text, arguments and nodes as they are drawn."""

    def __init__(self, rng, xshape, N):
        self.rng, self.xshape, self.N = rng, xshape, N
        self.args = ["%%x: %s {rnn.name = \"x\"}" % ttype(xshape)]
        self.body, self.notes, self.nodes = [], [], []
        self.feeds = {}  # argument name -> array
        self.arg_order = []
        self.outputs = []  # (ssa value, type)
        self.consts = 0
        self.matrices = []  # the 2-D constants: the weight matrices rnnc may narrow
        self.cells = []  # every direction's cell
        self.margins = []
        self.dot = None  # "bf16-dot" / "int8-dot": what the products read (Cell.dot)
        self.quant_log = []  # int8-dot: every quantization's a * 127 / m, in order
        self.cost = 0  # the compile cost of one step of every recurrence

    def const(self, a):
        self.consts += 1
        if a.ndim == 2:
            self.matrices.append(a)
        name = "%%c%d" % self.consts
        self.body.append("  %s = arith.constant %s : %s" % (name, fmt_tensor(a), ttype(a.shape)))
        return name

    def argument(self, name, array, shape, elem="f32"):
        self.args.append("%s: %s" % (name, ttype(shape, elem)))
        self.feeds[name] = array
        self.arg_order.append(name)
        return name

    def state_arg(self, units):
        """An initial state (or cell) argument, (batch, units)."""
        name = "%%s%d" % len(self.feeds)
        return self.argument(name, uniform(self.rng, (self.N, units), 1.0),
                             [self.xshape[0], units])

    def layer_op(self, name, layer, cur, cur_shape, seqlen_operand):
        """The text of a one-direction op returning layer.results."""
        cell = layer.cell
        operands = "kernel(%s : %s) recurrent(%s : %s)" % (
            self.const(cell.kernel), ttype(cell.kernel.shape),
            self.const(cell.recurrent), ttype(cell.recurrent.shape))
        for key, value in cell.operands():
            if value is not None:
                operands += " %s(%s : %s)" % (key, self.const(value), ttype(value.shape))
        state_shape = [cur_shape[0], cell.units]
        for key, arg in zip(("initial_state", "initial_cell"), layer.inits):
            if arg is not None:
                operands += " %s(%s : %s)" % (key, arg, ttype(state_shape))
        if seqlen_operand:
            operands += " " + seqlen_operand
        attrs = cell.attrs()
        if layer.direction != "forward":
            attrs["direction"] = "#rnn.direction<%s>" % layer.direction
        if cell.clip is not None:
            attrs["clip"] = "%.9e : f32" % cell.clip
        attr_text = ""
        if attrs:
            attr_text = " {%s}" % ", ".join(k if v is None else "%s = %s" % (k, v)
                                            for k, v in sorted(attrs.items()))
        shapes = {"sequence": [cur_shape[0], cur_shape[1], cell.units], "last": state_shape,
                  "last_cell": state_shape}
        n = len(layer.results)
        self.cost += 1 if cell.op == "rnn.simple_rnn" else 4
        self.body.append("  %s%s = %s %s : %s %s%s -> %s" % (
            name, ":%d" % n if n > 1 else "", cell.op, cur, ttype(cur_shape), operands,
            attr_text, " ".join("%s %s" % (r, ttype(shapes[r])) for r in layer.results)))
        return [("%s#%d" % (name, k) if n > 1 else name, shapes[r])
                for k, r in enumerate(layer.results)]


def draw_cell(rng, kind, features, units, margins):
    clip = float(np.float32(rng.uniform(0.3, 3.0))) if rng.random() < 0.2 else None
    if kind == "lstm":
        return LSTMCell(rng, features, units, clip, margins)
    if kind == "gru":
        return GRUCell(rng, features, units, clip, margins)
    return SimpleCell(rng, features, units, clip, simple_act(rng, margins))


def simple_act(rng, margins):
    """A SimpleRNN activation: any kind 60% of the time, else tanh."""
    return Act(rng, str(rng.choice(KINDS)) if rng.random() < 0.6 else "tanh", margins)


def draw(rng):
    """One draw of a model, its options and inputs; None when it is ill-conditioned."""
    N, T, F = int(rng.integers(1, 6)), int(rng.choice(STEPS)), int(rng.integers(1, 10))
    dyn_n, dyn_t = bool(rng.random() < 0.4), bool(rng.random() < 0.4)
    mode = str(rng.choice(["plain", "plain", "stateful", "external", "parallel"]))
    stateful = mode == "stateful"
    depth = int(rng.integers(1, 4))
    xshape = [None if dyn_n else N, None if dyn_t else T, F]
    b = Builder(rng, xshape, N)
    x_val = rng.uniform(-1, 1, (N, 2 * T if stateful else T, F)).astype(np.float32)

    # Lengths or a mask, read by some of the layers.
    seqlen = str(rng.choice(["none", "none", "none", "lengths", "mask"]))
    if stateful and seqlen == "lengths":
        seqlen = "none"
    lengths_arg = mask_value = None
    if seqlen == "lengths":
        lens = rng.integers(0, T + 1, N)
        lens[rng.integers(0, N)] = T
        if N > 1 and rng.random() < 0.5:
            lens[rng.integers(0, N)] = 0
        elem = str(rng.choice(["i32", "i64"]))
        lens = lens.astype(np.int32 if elem == "i32" else np.int64)
        lengths_arg = b.argument("%len", lens, [xshape[0]], elem)
        seqlen_text = "lengths(%s : %s)" % (lengths_arg, ttype([xshape[0]], elem))
        b.notes.append("lengths=%s:%s" % (lens.tolist(), elem))
    elif seqlen == "mask":
        # Whole steps of padding (0.0): at the front, inside, at the end.
        x_val[rng.random(x_val.shape[:2]) < 0.25] = 0.0
        if N > 1 and rng.random() < 0.2:
            x_val[rng.integers(0, N)] = 0.0
        b.body.append("  %%m = rnn.mask %%x {padding = 0.0 : f32} : %s -> %s" % (
            ttype(xshape), ttype(xshape[:2], "i1")))
        seqlen_text = "mask(%m : " + ttype(xshape[:2], "i1") + ")"
        mask_value = True
        b.notes.append("mask")

    cur, cur_shape, features = "%x", list(xshape), F
    for i in range(depth):
        last = i == depth - 1
        units = int(rng.choice(UNITS))
        kinds = ["simple", "lstm", "lstm", "gru", "gru"] + \
            ([] if stateful else ["bidi", "gated_bidi", "gated_bidi"])
        kind = str(rng.choice(kinds))
        use_seqlen = seqlen != "none" and bool(rng.random() < 0.7)
        # What the layer returns: the sequence feeds the next layer; the last layer
        # returns a drawn subset; any layer may add its last states as model outputs.
        if kind == "bidi":
            results = ["sequence"] if not last or rng.random() < 0.5 else ["last"]
        else:
            extras = ["last"] + (["last_cell"] if kind in ("lstm", "gated_bidi") else [])
            if last:
                results = [r for r in ["sequence"] + extras if rng.random() < 0.5] or \
                    [str(rng.choice(["sequence"] + extras))]
            else:
                results = ["sequence"] + [r for r in extras if rng.random() < 0.15]
        name = "%%l%d" % i
        operand = seqlen_text if use_seqlen else ""
        if kind == "bidi":
            node, out_units = bidi_layer(b, rng, name, cur, cur_shape, features, units,
                                         results, operand, seqlen if use_seqlen else None)
        elif kind == "gated_bidi":
            node, out_units = gated_bidi_layer(b, rng, name, cur, cur_shape, features, units,
                                               results, operand,
                                               seqlen if use_seqlen else None)
        else:
            directions = ["forward"] if stateful else ["forward", "reverse", "go_backwards"]
            if use_seqlen and seqlen == "lengths":
                directions = directions[:2]
            direction = str(rng.choice(directions))
            cell = draw_cell(rng, kind, features, units, b.margins)
            inits = [b.state_arg(units) if not stateful and rng.random() < 0.3 else None
                     for _ in range(cell.states)]
            layer = Layer(cell, direction, inits, seqlen if use_seqlen else None, results)
            b.cells.append(cell)
            values = b.layer_op(name, layer, cur, cur_shape, operand)
            node = (layer.run, values)
            out_units = units
            b.notes.append(layer.describe())
        run, values = node
        b.nodes.append(run)
        # The first result carries on; the others are model outputs.
        (cur, shape), extra = values[0], values[1:]
        b.outputs += extra
        cur_shape, features = shape, out_units

    head, head_values = None, 0
    if rng.random() < 0.4:
        out = int(rng.integers(1, 6))
        act = str(rng.choice(["linear", "relu", "sigmoid", "tanh"]))
        kernel = uniform(rng, (features, out), 1.0 / np.sqrt(features))
        bias = uniform(rng, (out,), 0.1) if rng.random() < 0.7 else None
        operands = "%s, %s%s" % (cur, b.const(kernel),
                                 "" if bias is None else " bias " + b.const(bias))
        types = ", ".join([ttype(cur_shape), ttype(kernel.shape)] +
                          ([] if bias is None else [ttype(bias.shape)]))
        out_shape = cur_shape[:-1] + [out]
        b.body.append("  %%head = rnn.dense %s {activation = #rnn.activation<%s>} : (%s) -> %s"
                      % (operands, act, types, ttype(out_shape)))
        fn = function(act, None, None)

        def head(v, dt, kernel=kernel, bias=bias, fn=fn):
            if b.dot == "int8-dot":
                v = quantize_rows(v, b.quant_log)
            return fn(v @ kernel.astype(dt) + (0 if bias is None else bias.astype(dt)))
        cur, cur_shape = "%head", out_shape
        head_values = N * (T if len(out_shape) == 3 else 1) * features
        b.notes.append("dense(%d, %s)" % (out, act))
    b.outputs.insert(0, (cur, cur_shape))
    # --weight-precision=bf16 / int8 store the weight matrices rounded: the reference
    # computes with the rounded values (the text keeps float32), so the comparison stays
    # exact to float32 rounding and catches a wrong rounding or scale.
    precision = str(rng.choice(["f32", "f32", "f32", "f32", "f32", "f32", "bf16", "int8"]))
    if precision != "f32":
        for a in b.matrices:
            narrow(a, precision)
        # On a host with AVX512_BF16 half the bf16 draws also round the state (bf16-dot).
        if precision == "bf16" and HOST_BF16_DOT and side_stream(rng).random() < 0.5:
            precision = "bf16-dot"
        # On a host with AVX512_VNNI half the int8 draws within QUANT_BUDGET also quantize
        # the products' operands (int8-dot): the input and recurrent products of every
        # layer (a GRU without reset_after quantizes h and r * h) and the head's.
        quantized = head_values + N * T * sum(
            c.kernel.shape[0] + c.units * (2 if isinstance(c, GRUCell) and not c.reset_after
                                           else 1) for c in b.cells)
        if precision == "int8" and HOST_INT8_DOT and quantized <= QUANT_BUDGET and \
                side_stream(rng).random() < 0.5:
            precision = "int8-dot"
        if precision in ("bf16-dot", "int8-dot"):
            b.dot = precision
            for cell in b.cells:
                cell.dot, cell.quant_log = precision, b.quant_log
        b.notes.append(precision)

    def evaluate(x, dt, slots=None):
        """The model's outputs on x (the main one first, then the extra results in layer
        order), and the final states of its layers in slot order."""
        mask = np.any(x != 0, axis=-1) if mask_value else None
        lengths = b.feeds.get(lengths_arg)
        env = Env(dt, lengths, mask, b.feeds, slots)
        value, outs = x.astype(dt), []
        for run in b.nodes:
            results = run(value, env)
            value = results[0]
            outs += results[1:]
        if head is not None:
            value = head(value, dt)
        return [value] + outs, env.finals

    # Reference runs: one call, or two of a stream (the first from zero states, the
    # second from the float32 states the first returned), each with the states it feeds
    # and what it must return (then the states, in a stream).
    if stateful:
        x1, x2 = x_val[:, :T], x_val[:, T:]
        out1, s1 = evaluate(x1, np.float64)
        s1_32 = [s.astype(np.float32) for s in s1]
        out2, s2 = evaluate(x2, np.float64, s1_32)
        runs = [(x1, [np.zeros_like(s) for s in s1_32], out1 + s1), (x2, s1_32, out2 + s2)]
    else:
        runs = [(x_val, None, evaluate(x_val, np.float64)[0])]
    if b.margins and min(b.margins) < THRESHOLD_MARGIN:
        return None
    if any(np.max(np.abs(e), initial=0) > MAGNITUDE for _, _, want in runs for e in want):
        return None
    x64 = b.quant_log[:]
    del b.quant_log[:]
    # The same runs in float32.
    for x, slots, want in runs:
        outs, finals = evaluate(x, np.float32, slots)
        got = outs + (finals if stateful else [])
        if any(tolerance_ratio(g, e) > CONDITIONING for g, e in zip(got, want)):
            return None
    if x64:
        dist, dev = rounding_margin(x64, b.quant_log)
        if dist < max(QUANT_MARGIN, QUANT_SAFETY * dev):
            return None
    return dict(N=N, T=T, F=F, dyn_n=dyn_n, dyn_t=dyn_t, mode=mode, b=b, x=x_val,
                runs=runs, seqlen=seqlen, precision=precision)


def bidi_layer(b, rng, name, cur, cur_shape, features, units, results, operand, seqlen):
    """rnn.bidirectional: two SimpleRNN halves, merged."""
    merge = str(rng.choice(list(MERGES)))
    clip = float(np.float32(rng.uniform(0.3, 3.0))) if rng.random() < 0.2 else None
    act = simple_act(rng, b.margins)
    back_act = Act(rng, str(rng.choice(KINDS)), b.margins) if rng.random() < 0.2 else None
    has_bias = bool(rng.random() < 0.8)
    halves = []
    for direction, a in (("forward", act), ("reverse", back_act or act)):
        cell = SimpleCell(rng, features, units, clip, a)
        if not has_bias:
            cell.bias = None
        init = b.state_arg(units) if rng.random() < 0.25 else None
        halves.append(Layer(cell, direction, [init], seqlen, results))
        b.cells.append(cell)
    texts = []
    for tag, layer in (("forward", halves[0]), ("backward", halves[1])):
        cell = layer.cell
        texts.append("%s kernel(%s : %s) recurrent(%s : %s)%s%s" % (
            tag, b.const(cell.kernel), ttype(cell.kernel.shape), b.const(cell.recurrent),
            ttype(cell.recurrent.shape),
            "" if cell.bias is None else " bias(%s : %s)" % (b.const(cell.bias),
                                                            ttype(cell.bias.shape)),
            "" if layer.inits[0] is None else " initial_state(%s : %s)" % (
                layer.inits[0], ttype([cur_shape[0], units]))))
    attrs = ["activation = %s" % act.attr(), "merge_mode = #rnn.merge_mode<%s>" % merge]
    if back_act is not None:
        attrs.append("backward_activation = %s" % back_act.attr())
    if clip is not None:
        attrs.append("clip = %.9e : f32" % clip)
    out_units = 2 * units if merge == "concat" else units
    b.cost += 2
    (res,) = results
    shape = [cur_shape[0], cur_shape[1], out_units] if res == "sequence" else \
        [cur_shape[0], out_units]
    b.body.append("  %s = rnn.bidirectional %s : %s %s %s%s {%s} -> %s %s" % (
        name, cur, ttype(cur_shape), texts[0], texts[1],
        " " + operand if operand else "", ", ".join(attrs), res, ttype(shape)))
    b.notes.append("bidi(%d, %s/%s, %s, bias=%s, clip=%s, init=%s, %s, %s)" % (
        units, act.text, (back_act or act).text, merge, has_bias, clip,
        [h.inits[0] is not None for h in halves], seqlen or "-", res))
    return (merged_run(halves, merge), [(name, shape)]), out_units


def gated_bidi_layer(b, rng, name, cur, cur_shape, features, units, results, operand,
                     seqlen):
    """Two gated layers of one kind, forward and reverse, and rnn.merge of each result
    (what rnn-expand-bidirectional makes of an imported bidirectional layer)."""
    kind = str(rng.choice(["lstm", "gru"]))
    merge = str(rng.choice(list(MERGES)))
    results = [r for r in results if kind == "lstm" or r != "last_cell"] or ["last"]
    halves, parts = [], []
    for k, direction in enumerate(("forward", "reverse")):
        cell = draw_cell(rng, kind, features, units, b.margins)
        inits = [b.state_arg(units) if rng.random() < 0.25 else None
                 for _ in range(cell.states)]
        layer = Layer(cell, direction, inits, seqlen, results)
        b.cells.append(cell)
        halves.append(layer)
        parts.append(b.layer_op("%s_%s" % (name, "fw" if k == 0 else "bw"), layer, cur,
                                cur_shape, operand))
        b.notes.append(layer.describe())
    out_units = 2 * units if merge == "concat" else units
    values = []
    for k, ((fw, shape), (bw, _)) in enumerate(zip(*parts)):
        merged = shape[:-1] + [out_units]
        value = "%s_m%d" % (name, k)
        b.body.append("  %s = rnn.merge %s %s, %s : %s, %s -> %s" % (
            value, merge, fw, bw, ttype(shape), ttype(shape), ttype(merged)))
        values.append((value, merged))
    b.notes.append("merge(%s)" % merge)
    return (merged_run(halves, merge), values), out_units


def merged_run(halves, merge):
    def run(x, env):
        fw = halves[0].run(x, env)
        bw = halves[1].run(x, env)
        return [MERGES[merge](f, g) for f, g in zip(fw, bw)]
    return run


def make(seed, work):
    for attempt in range(20):
        # Redraws come from streams of their own: the first draw of every seed stays.
        rng = np.random.default_rng(seed if attempt == 0 else [seed, attempt])
        with np.errstate(all="ignore"):  # ill-conditioned draws overflow in float32
            d = draw(rng)
        if d is not None:
            break
    else:
        raise RuntimeError("no well-conditioned draw in 20 attempts")
    return write_case(d, rng, work, attempt)


def write_case(d, rng, work, attempt):
    b, N, T, F = d["b"], d["N"], d["T"], d["F"]
    dyn_n, dyn_t, mode = d["dyn_n"], d["dyn_t"], d["mode"]
    results = ", ".join("%s {rnn.name = \"y%d\"}" % (ttype(s), k) if k else
                        "%s {rnn.name = \"y\"}" % ttype(s)
                        for k, (_, s) in enumerate(b.outputs))
    text = "func.func @model(%s) -> (%s) {\n%s\n  return %s : %s\n}\n" % (
        ", ".join(b.args), results, "\n".join(b.body),
        ", ".join(v for v, _ in b.outputs), ", ".join(ttype(s) for _, s in b.outputs))
    with open(os.path.join(work, "model.mlir"), "w") as f:
        f.write(text)

    flags = []
    static_t = not dyn_t
    if dyn_t and T > 0 and rng.random() < 0.3:
        flags.append("--timesteps=%d" % T)
        static_t = True

    def steps(unroll):
        """How many steps of each time loop rnnc compiles with --unroll=unroll."""
        if unroll in ("none", "full"):
            return 1 if unroll == "none" else T
        if unroll == "auto":  # full over a static T of at most 16 steps
            return T if static_t and T <= 16 else 1
        return min(int(unroll), T) if static_t else int(unroll)
    # Unrolled steps cost compile time, a gated step about four times a SimpleRNN's: the
    # unroll options are those within a budget of them.
    unrolls = [u for u in ["auto", "auto", "none", "1", "2", "3", "4", "7", "full"]
               if max(steps(u), 1) * b.cost <= UNROLL_BUDGET or u == "none"]
    if T == 0 and dyn_t and "full" in unrolls:
        unrolls.remove("full")  # it needs --timesteps, which must be positive
    unroll = str(rng.choice(unrolls))
    if unroll != "auto":
        flags.append("--unroll=" + unroll)
    if unroll == "full" and not static_t:
        flags.append("--timesteps=%d" % T)
    if dyn_n and rng.random() < 0.3:
        flags.append("--batch=%d" % N)
    if mode == "stateful":
        flags.append("--stateful")
    if mode == "external":
        flags.append("--weights=external")
    if mode == "parallel":
        flags.append("--parallel")
    if d["precision"] != "f32":
        flags.append("--weight-precision=" + d["precision"])
    describe = "rnn N=%d%s T=%d%s F=%d %s %s%s" % (
        N, "?" if dyn_n else "", T, "?" if dyn_t else "", F, " ".join(b.notes),
        " ".join(flags), " (draw %d)" % attempt if attempt else "")

    feeds = [b.feeds[a] for a in b.arg_order]
    if mode == "stateful":
        runs = [RnnRun("model.so", [x] + slots, want, tag=tag)
                for (x, slots, want), tag in zip(d["runs"], ("first", "second"))]
        return Case(describe, ["model.mlir", "--emit=shared", "-o", "model.so"] + flags,
                    runs)
    ((x, _, expected),) = d["runs"]
    inputs = [x] + feeds
    if mode == "plain":
        return Case(describe, ["model.mlir", "--emit=shared", "-o", "model.so"] + flags,
                    [RnnRun("model.so", inputs, expected)])
    # A C program calls the object's own entry point.
    fixed_n, fixed_t = any(f.startswith("--batch") for f in flags), \
        any(f.startswith("--timesteps") for f in flags)
    n_dim = N if fixed_n else b.xshape[0]
    shapes = [[n_dim, T if fixed_t else b.xshape[1], F]] + \
        [[n_dim] + list(a.shape[1:]) for a in feeds]
    threads = int(rng.integers(1, 4))
    source = c_program(inputs, shapes, expected, mode, threads)
    describe += " threads=%d" % threads if mode == "parallel" else ""
    return Case(describe, ["model.mlir", "--name=model", "-o", "model.o"] + flags,
                [CRun(source, ["model.o"], expected)])


C_TYPES = {np.dtype(np.float32): ("float", "%.9e"), np.dtype(np.int32): ("int32_t", "%d"),
           np.dtype(np.int64): ("int64_t", "%d")}


def c_program(inputs, shapes, expected, mode, threads):
    """C source running model_run (weights from model.weights) or model_run_parallel on
    `inputs` and writing the outputs in order as raw float32 to c.out.bin."""
    lines = ["#include <stdio.h>", "#include <stdlib.h>", "#include <string.h>",
             "#include \"model.h\""]
    if mode == "parallel":
        lines.append("#include <rnnc/rnnrt.h>")
    for k, a in enumerate(inputs):
        ctype, fmt = C_TYPES[a.dtype]
        lines.append("static const %s in%d[%d] = {%s};" % (
            ctype, k, max(a.size, 1), ", ".join(fmt % v for v in a.ravel()) or "0"))
    lines.append("int main(void) {")
    for k, e in enumerate(expected):
        lines.append("  float *out%d = calloc(%d + 1, sizeof(float));" % (k, e.size))
    dims = ["(int64_t)%d" % a.shape[d] for a, shape in zip(inputs, shapes)
            for d, s in enumerate(shape) if s is None]
    call_args = dims + ["in%d" % k for k in range(len(inputs))] + \
        ["out%d" % k for k in range(len(expected))]
    if mode == "external":
        lines += ["  const char *error = NULL;",
                  "  void *weights = model_weights_load(\"model.weights\", &error);",
                  "  if (!weights) { fprintf(stderr, \"load: %s\\n\", error); return 2; }",
                  "  int32_t status = model_run(%s);" % ", ".join(["weights"] + call_args),
                  "  model_weights_free(weights);"]
    else:
        lines += ["  rnnrt_error err;", "  memset(&err, 0, sizeof err);",
                  "  rnnc_threads *pool = rnnrt_threads_create(%d, &err);" % threads,
                  "  if (!pool) { fprintf(stderr, \"pool\\n\"); return 2; }",
                  "  int32_t status = model_run_parallel(%s);" % ", ".join(
                      ["pool"] + call_args),
                  "  rnnrt_threads_destroy(pool);"]
    lines += ["  if (status != 0) {",
              "    fprintf(stderr, \"status %d: %s\\n\", status, model_status_message(status));",
              "    return 1;", "  }",
              "  FILE *f = fopen(\"c.out.bin\", \"wb\");",
              "  if (!f) return 3;"]
    for k, e in enumerate(expected):
        lines += ["  if (fwrite(out%d, sizeof(float), %d, f) != %d) return 3;"
                  % (k, e.size, e.size), "  free(out%d);" % k]
    lines += ["  fclose(f);", "  return 0;", "}"]
    return "\n".join(lines) + "\n"
