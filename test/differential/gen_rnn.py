"""Random models written in the rnn dialect, compiled with random driver options, against a
float64 reference written from the ops' documented semantics (docs/RNNDialect.md).

Drawn per case: one to three rnn.simple_rnn / rnn.bidirectional layers (units, activation,
direction, clip, bias, initial state as an argument, merge mode, sequence or last state),
an optional rnn.dense head; static or dynamic batch and T; and rnnc's options: --unroll,
--batch / --timesteps, --stateful (two calls, the second from the first's state),
--weights=external (the run reads the weights file) and --parallel (run on 1 to 3 threads
of librnnrt's pool).
"""
import os

import numpy as np

from cases import Case, CRun, RnnRun, uniform

ACTIVATIONS = {
    "tanh": np.tanh,
    "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
    "relu": lambda x: np.maximum(x, 0.0),
    "linear": lambda x: x,
    "hard_sigmoid": lambda x: np.clip(0.2 * x + 0.5, 0.0, 1.0),
    "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0.0))),
    "softsign": lambda x: x / (1.0 + np.abs(x)),
    "softplus": lambda x: np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0.0),
}
MERGES = {"concat": lambda a, b: np.concatenate([a, b], -1), "sum": lambda a, b: a + b,
          "mul": lambda a, b: a * b, "ave": lambda a, b: (a + b) / 2}
UNITS = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33, 64]


def fmt_tensor(a):
    """An MLIR dense literal of a float32 array."""
    def rec(x):
        if x.ndim == 1:
            return "[" + ", ".join("%.9e" % v for v in x) + "]"
        return "[" + ", ".join(rec(r) for r in x) + "]"
    return "dense<%s>" % rec(a)


def ttype(shape):
    return "tensor<%sxf32>" % "x".join("?" if d is None else str(d) for d in shape)


def act_attr(rng, name):
    """The activation's attribute text and float64 function; elu and hard_sigmoid get
    drawn parameters."""
    if name == "elu":
        a = float(np.float32(rng.uniform(0.5, 1.5)))
        return ("elu, alpha = %.9e" % a,
                lambda x: np.where(x > 0, x, a * np.expm1(np.minimum(x, 0.0))))
    if name == "hard_sigmoid":
        a = float(np.float32(rng.uniform(0.1, 0.5)))
        b = float(np.float32(rng.uniform(0.3, 0.7)))
        return ("hard_sigmoid, alpha = %.9e, beta = %.9e" % (a, b),
                lambda x: np.clip(a * x + b, 0.0, 1.0))
    return name, ACTIVATIONS[name]


class Layer:
    """One direction's weights and options."""

    def __init__(self, rng, features, units, activation, direction, clip, has_bias):
        limit = 1.0 / np.sqrt(units)
        self.kernel = uniform(rng, (features, units), limit)
        self.recurrent = uniform(rng, (units, units), limit)
        self.bias = uniform(rng, (units,), limit) if has_bias else None
        self.units, self.activation = units, activation
        self.direction, self.clip = direction, clip

    def run(self, x, h0):
        """(sequence, last) in float64 for x (N, T, F)."""
        N, T, _ = x.shape
        h = np.zeros((N, self.units)) if h0 is None else h0.astype(np.float64)
        k, r = self.kernel.astype(np.float64), self.recurrent.astype(np.float64)
        b = 0.0 if self.bias is None else self.bias.astype(np.float64)
        act = self.activation
        seq = np.zeros((N, T, self.units))
        order = range(T) if self.direction == "forward" else range(T - 1, -1, -1)
        for i, t in enumerate(order):
            pre = x[:, t] @ k + h @ r + b
            if self.clip is not None:
                pre = np.clip(pre, -self.clip, self.clip)
            h = act(pre)
            seq[:, i if self.direction == "go_backwards" else t] = h
        return seq, h


def make(seed, work):
    rng = np.random.default_rng(seed)
    N, T, F = int(rng.integers(1, 6)), int(rng.choice([1, 2, 3, 5, 8, 13, 20])), \
        int(rng.integers(1, 10))
    dyn_n, dyn_t = bool(rng.random() < 0.4), bool(rng.random() < 0.4)
    mode = str(rng.choice(["plain", "plain", "stateful", "external", "parallel"]))
    stateful = mode == "stateful"
    depth = int(rng.integers(1, 4))
    xshape = [None if dyn_n else N, None if dyn_t else T, F]

    args = ["%%x: %s {rnn.name = \"x\"}" % ttype(xshape)]
    feeds = []
    body, notes = [], []
    consts = [0]

    def const(a):
        consts[0] += 1
        name = "%%c%d" % consts[0]
        body.append("  %s = arith.constant %s : %s" % (name, fmt_tensor(a), ttype(a.shape)))
        return name

    def state_arg(units):
        h0 = uniform(rng, (N, units), 1.0)
        name = "%%h%d" % len(feeds)
        args.append("%s: %s" % (name, ttype([None if dyn_n else N, units])))
        feeds.append(h0)
        return name, h0

    x_val = rng.uniform(-1, 1, (N, 2 * T if stateful else T, F))
    value, cur_shape, cur = x_val, list(xshape), "%x"
    features = F
    results = []
    for i in range(depth):
        last = i == depth - 1
        units = int(rng.choice(UNITS))
        act = str(rng.choice(list(ACTIVATIONS))) if rng.random() < 0.6 else "tanh"
        act_text, act_fn = act_attr(rng, act)
        clip = float(np.float32(rng.uniform(0.3, 3.0))) if rng.random() < 0.2 else None
        has_bias = bool(rng.random() < 0.8)
        want_seq = not last or bool(rng.random() < 0.5)
        attrs = ["activation = #rnn.activation<%s>" % act_text]
        if clip is not None:
            attrs.append("clip = %.9e : f32" % clip)
        bidi = not stateful and rng.random() < 0.35
        seq_shape = [cur_shape[0], cur_shape[1], None]
        last_shape = [cur_shape[0], None]
        name = "%%l%d" % i
        if bidi:
            merge = str(rng.choice(list(MERGES)))
            fw = Layer(rng, features, units, act_fn, "forward", clip, has_bias)
            bw = Layer(rng, features, units, act_fn, "reverse", clip, has_bias)
            h0s = [state_arg(units) if rng.random() < 0.25 else (None, None)
                   for _ in range(2)]
            attrs.append("merge_mode = #rnn.merge_mode<%s>" % merge)
            out_units = 2 * units if merge == "concat" else units
            halves = []
            for tag, layer, (h0_name, _) in (("forward", fw, h0s[0]), ("backward", bw, h0s[1])):
                halves.append("%s kernel(%s : %s) recurrent(%s : %s)%s%s" % (
                    tag, const(layer.kernel), ttype(layer.kernel.shape),
                    const(layer.recurrent), ttype(layer.recurrent.shape),
                    "" if layer.bias is None else " bias(%s : %s)" % (
                        const(layer.bias), ttype(layer.bias.shape)),
                    "" if h0_name is None else " initial_state(%s : %s)" % (
                        h0_name, ttype([xshape[0], units]))))
            fseq, flast = fw.run(value, h0s[0][1])
            bseq, blast = bw.run(value, h0s[1][1])
            seq_shape[2], last_shape[1] = out_units, out_units
            if want_seq:
                body.append("  %s = rnn.bidirectional %s : %s %s %s {%s} -> sequence %s" % (
                    name, cur, ttype(cur_shape), halves[0], halves[1], ", ".join(attrs),
                    ttype(seq_shape)))
                value, cur_shape = MERGES[merge](fseq, bseq), seq_shape
            else:
                body.append("  %s = rnn.bidirectional %s : %s %s %s {%s} -> last %s" % (
                    name, cur, ttype(cur_shape), halves[0], halves[1], ", ".join(attrs),
                    ttype(last_shape)))
                value, cur_shape = MERGES[merge](flast, blast), last_shape
            notes.append("bidi(%d, %s, %s, clip=%s, bias=%s, seq=%s)" % (
                units, act, merge, clip, has_bias, want_seq))
        else:
            direction = "forward" if stateful else \
                str(rng.choice(["forward", "reverse", "go_backwards"]))
            layer = Layer(rng, features, units, act_fn, direction, clip, has_bias)
            h0_name, h0 = state_arg(units) if not stateful and rng.random() < 0.25 \
                else (None, None)
            if direction != "forward":
                attrs.append("direction = #rnn.direction<%s>" % direction)
            seq, hlast = layer.run(value, h0)
            seq_shape[2], last_shape[1] = units, units
            body.append("  %s = rnn.simple_rnn %s : %s kernel(%s : %s) recurrent(%s : %s)%s%s"
                        " {%s} -> %s" % (
                            name, cur, ttype(cur_shape), const(layer.kernel),
                            ttype(layer.kernel.shape), const(layer.recurrent),
                            ttype(layer.recurrent.shape),
                            "" if layer.bias is None else " bias(%s : %s)" % (
                                const(layer.bias), ttype(layer.bias.shape)),
                            "" if h0_name is None else " initial_state(%s : %s)" % (
                                h0_name, ttype([xshape[0], units])),
                            ", ".join(attrs),
                            "sequence " + ttype(seq_shape) if want_seq else
                            "last " + ttype(last_shape)))
            value, cur_shape = (seq, seq_shape) if want_seq else (hlast, last_shape)
            results.append((layer, seq, hlast))
            notes.append("rnn(%d, %s, %s, clip=%s, bias=%s, h0=%s, seq=%s)" % (
                units, act, direction, clip, has_bias, h0 is not None, want_seq))
        cur = name
        features = cur_shape[-1]
    head = lambda v: v  # noqa: E731
    if rng.random() < 0.4:
        out = int(rng.integers(1, 6))
        act = str(rng.choice(["linear", "relu", "sigmoid", "tanh"]))
        kernel = uniform(rng, (features, out), 1.0 / np.sqrt(features))
        b = uniform(rng, (out,), 0.1) if rng.random() < 0.7 else None
        operands = "%s, %s%s" % (cur, const(kernel), "" if b is None else " bias " + const(b))
        types = ", ".join([ttype(cur_shape), ttype(kernel.shape)] +
                          ([] if b is None else [ttype(b.shape)]))
        out_shape = cur_shape[:-1] + [out]
        body.append("  %%head = rnn.dense %s {activation = #rnn.activation<%s>} : (%s) -> %s"
                    % (operands, act, types, ttype(out_shape)))
        bias64 = 0.0 if b is None else b.astype(np.float64)
        head = lambda v: ACTIVATIONS[act](v @ kernel.astype(np.float64) + bias64)  # noqa: E731
        value, cur, cur_shape = head(value), "%head", out_shape
        notes.append("dense(%d, %s)" % (out, act))

    text = "func.func @model(%s) -> (%s {rnn.name = \"y\"}) {\n%s\n  return %s : %s\n}\n" % (
        ", ".join(args), ttype(cur_shape), "\n".join(body), cur, ttype(cur_shape))
    with open(os.path.join(work, "model.mlir"), "w") as f:
        f.write(text)

    flags = []
    unroll = str(rng.choice(["auto", "auto", "none", "full", "1", "2", "3", "4", "7"]))
    if unroll != "auto":
        flags.append("--unroll=" + unroll)
    if dyn_n and rng.random() < 0.3:
        flags.append("--batch=%d" % N)
    if dyn_t and (rng.random() < 0.3 or unroll == "full"):
        flags.append("--timesteps=%d" % T)
    if stateful:
        flags.append("--stateful")
    if mode == "external":
        flags.append("--weights=external")
    if mode == "parallel":
        flags.append("--parallel")
    describe = "rnn N=%d%s T=%d%s F=%d %s %s" % (
        N, "?" if dyn_n else "", T, "?" if dyn_t else "", F, " ".join(notes), " ".join(flags))

    x32 = x_val.astype(np.float32)
    if stateful:
        # Two calls of T steps each over forward layers; the second starts from the states
        # the first returned (fed the reference's, so each call is checked on its own).
        last_seq = results[-1][1]
        if want_seq:
            y = head(last_seq)
            y1, y2 = y[:, :T], y[:, T:]
        else:
            y1, y2 = head(last_seq[:, T - 1]), head(results[-1][2])
        s1 = [seq[:, T - 1] for _, seq, _ in results]
        s2 = [h for _, _, h in results]
        zeros = [np.zeros((N, l.units), np.float32) for l, _, _ in results]
        runs = [RnnRun("model.so", [x32[:, :T]] + zeros, [y1] + s1, tag="first"),
                RnnRun("model.so", [x32[:, T:]] + [h.astype(np.float32) for h in s1],
                       [y2] + s2, tag="second")]
        return Case(describe, ["model.mlir", "--emit=shared", "-o", "model.so"] + flags,
                    runs)
    inputs = [x32] + [f.astype(np.float32) for f in feeds]
    if mode == "plain":
        return Case(describe, ["model.mlir", "--emit=shared", "-o", "model.so"] + flags,
                    [RnnRun("model.so", inputs, [value])])
    # A C program calls the object's own entry point.
    fixed_n, fixed_t = any(f.startswith("--batch") for f in flags), \
        any(f.startswith("--timesteps") for f in flags)
    n_dim = N if fixed_n else xshape[0]
    shapes = [[n_dim, T if fixed_t else xshape[1], F]] + [[n_dim, f.shape[1]] for f in feeds]
    threads = int(rng.integers(1, 4))
    source = c_program(inputs, shapes, value, mode, threads)
    describe += " threads=%d" % threads if mode == "parallel" else ""
    return Case(describe, ["model.mlir", "--name=model", "-o", "model.o"] + flags,
                [CRun(source, ["model.o"], [value])])


def c_program(inputs, shapes, expected, mode, threads):
    """C source running model_run (weights from model.weights) or model_run_parallel on
    `inputs` and writing the output as raw float32 to c.out.bin."""
    lines = ["#include <stdio.h>", "#include <stdlib.h>", "#include <string.h>",
             "#include \"model.h\""]
    if mode == "parallel":
        lines.append("#include <rnnc/rnnrt.h>")
    lines.append("static const float in_data[] = {%s};" % ", ".join(
        "%.9e" % v for a in inputs for v in a.ravel()) if sum(a.size for a in inputs)
        else "static const float in_data[1] = {0};")
    lines += ["int main(void) {", "  float *out = calloc(%d + 1, sizeof(float));"
              % expected.size]
    dims, ptrs, offset = [], [], 0
    for a, shape in zip(inputs, shapes):
        for d, s in enumerate(shape):
            if s is None:
                dims.append("(int64_t)%d" % a.shape[d])
        ptrs.append("in_data + %d" % offset)
        offset += a.size
    call_args = dims + ptrs + ["out"]
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
              "  if (!f || fwrite(out, sizeof(float), %d, f) != %d) return 3;"
              % (expected.size, expected.size),
              "  fclose(f);", "  free(out);", "  return 0;", "}"]
    return "\n".join(lines) + "\n"
