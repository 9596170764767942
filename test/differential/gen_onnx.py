"""Random ONNX RNN models over every attribute and optional input of the op, with the
float64 reference of test/Frontends/ONNX/Inputs/onnx_rnn_reference.py.

Drawn per case: direction, layout, hidden_size (odd sizes, 1), input size, batch and T
(0 and 1 included), activations with alpha / beta, clip; B, sequence_lens (0 and full
lengths), initial_h present or not; W / R / B / initial_h / sequence_lens initializers or
graph inputs; Y / Y_h requested; batch and T static or dynamic, sometimes fixed again by
--batch / --timesteps; and after the RNN a Gather or Slice over the time dim of Y, whose
out-of-range positions must be refused (at compile time for a static T, at run time for a
dynamic one), pooling over time (ReduceMean / ReduceMax / ReduceSum, keepdims or not), and
LogSoftmax / ArgMax over the hidden units of Y_h.

Beside RNN (half of the cases, the same draws as before), ONNX LSTM and GRU nodes with
the float64 references of onnx_gated_reference.py: three (LSTM: f, g, h) or two (GRU: f,
g) activations per direction, each any of ONNX's with alpha / beta or their defaults,
clip, hidden_size written or left to W, input_forget, peepholes P, linear_before_reset,
every optional input (B, sequence_lens, initial_h, initial_c, P) present or not and an
initializer or a graph input, and each output (Y, Y_h, Y_c) requested or not.

--weight-precision=bf16 or int8 (one case in five, from a stream of its own): W and R,
when they are initializers, are rounded as rnnc stores them (per output unit for int8)
and the reference runs on the rounded values; weights fed at run time stay float32.

A draw the float32 arithmetic cannot follow within the tolerance (outputs past 1e6, or
inputs moved by 1e-6 of their size moving the reference past a quarter of it:
recurrences that grow or amplify rounding, e.g. an unbounded gate) is redrawn from a
stream of its own: the tolerance is never widened.
"""
import os
import sys
import threading

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from cases import Case, RnnRun, narrow, tolerance_ratio, uniform

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Frontends", "ONNX", "Inputs"))
import onnx_gated_reference as gated_ref  # noqa: E402
import onnx_rnn_reference as ref  # noqa: E402

PLAIN_ACTIVATION = ref.activation

SIZES_H = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 24, 33]
SIZES_I = [1, 2, 3, 5, 8, 13]
STEPS = [0, 1, 1, 2, 3, 4, 5, 6, 7, 9, 12, 17, 31, 43, 65]
# name -> (alpha range, beta range); None: takes no parameter
ACTIVATIONS = {
    "Tanh": (None, None), "Sigmoid": (None, None), "Relu": (None, None),
    "Softsign": (None, None), "Softplus": (None, None),
    "Affine": ((0.3, 1.0), (-0.5, 0.5)), "LeakyRelu": ((0.01, 0.4), None),
    "ThresholdedRelu": ((0.0, 0.5), None), "ScaledTanh": ((0.5, 1.5), (0.5, 1.5)),
    "HardSigmoid": ((0.1, 0.5), (0.3, 0.7)), "Elu": ((0.5, 1.5), None),
}
# A discontinuous activation flips on rounding when its input lands this close to the
# threshold; such draws are redrawn rather than compared.
THRESHOLD_MARGIN = 1e-4
# reference() swaps the reference module's activation function while it runs; cases are
# generated on several threads (difftest --jobs), so one at a time.
REFERENCE_LOCK = threading.Lock()


# The node kinds beside RNN: the activations of each direction (their defaults) and the
# gates of W, R and B.
GATED = {
    "LSTM": dict(defaults=["Sigmoid", "Tanh", "Tanh"], gates=4),
    "GRU": dict(defaults=["Sigmoid", "Tanh"], gates=3),
}
# Inputs are moved by this fraction of their size to see how far the reference follows.
PERTURBATION = 1e-6
CONDITIONING = 0.25
# Outputs past this size mean a recurrence that grows without bound (e.g. a linear
# update gate): float32 overflows where float64 does not.
MAGNITUDE = 1e6


def draw_activations(rng, dirs, defaults=("Tanh",), p_other=0.6):
    names, alphas, betas = [], [], []
    for _ in range(dirs):
        for default in defaults:
            name = rng.choice(list(ACTIVATIONS)) if rng.random() < p_other else default
            names.append(str(name))
            a, b = ACTIVATIONS[name]
            # Parameters are given for all activations or omitted (the defaults apply).
            if a is not None:
                alphas.append(float(np.float32(rng.uniform(*a))))
            if b is not None:
                betas.append(float(np.float32(rng.uniform(*b))))
    explicit = rng.random() < 0.7
    return names, (alphas if explicit else None), (betas if explicit else None)


def reference(run, *args, **kwargs):
    """run(*args, **kwargs) (a function of the reference modules) and the smallest
    distance of a ThresholdedRelu input to its threshold."""
    margin = [np.inf]
    plain = PLAIN_ACTIVATION

    def watched(name, a, b):
        f = plain(name, a, b)
        if name.lower() != "thresholdedrelu":
            return f

        def g(x):
            margin[0] = min(margin[0], float(np.min(np.abs(x - a), initial=np.inf)))
            return f(x)
        return g
    with REFERENCE_LOCK:
        ref.activation = watched
        try:
            outs = run(*args, **kwargs)
        finally:
            ref.activation = plain
    return outs, margin[0]


def conditioned(run, inputs, kwargs, expected, rng):
    """Whether `expected` stays within MAGNITUDE and the reference, rerun on the float
    inputs each moved by PERTURBATION of their size, within CONDITIONING of the
    tolerance of `expected`."""
    if any(np.max(np.abs(e), initial=0) > MAGNITUDE for e in expected):
        return False
    moved = [None if a is None or a.dtype != np.float32 else
             a * (1 + PERTURBATION * rng.uniform(-1, 1, a.shape)) for a in inputs]
    moved = [m if m is not None else a for m, a in zip(moved, inputs)]
    got, _ = reference(run, *moved, **kwargs)
    return all(tolerance_ratio(g, e) <= CONDITIONING for g, e in zip(got, expected))


def make(seed, work):
    for attempt in range(20):
        # Redraws come from streams of their own: the first draw of every seed stays.
        with np.errstate(all="ignore"):  # ill-conditioned draws overflow
            case = draw(seed, attempt, work)
        if case is not None:
            return case
    raise RuntimeError("no well-conditioned draw in 20 attempts")


def draw(seed, attempt, work):
    rng = np.random.default_rng(seed if attempt == 0 else [seed, 10 + attempt])
    # The node kind and what only LSTM and GRU draw come from streams of their own (the
    # draws of an RNN case stay as they were).
    node_op = str(np.random.default_rng([seed, 2]).choice(["RNN", "RNN", "LSTM", "GRU"]))
    rng3 = np.random.default_rng([seed, 3, attempt])
    gated = GATED.get(node_op)
    G = gated["gates"] if gated else 1
    direction = str(rng.choice(["forward", "reverse", "bidirectional"]))
    D = 2 if direction == "bidirectional" else 1
    H, I = int(rng.choice(SIZES_H)), int(rng.choice(SIZES_I))
    N, T = int(rng.integers(1, 6)), int(rng.choice(STEPS))
    layout = int(rng.integers(0, 2))
    defaults = gated["defaults"] if gated else ["Tanh"]
    names, alphas, betas = draw_activations(rng, D, defaults, 0.4 if gated else 0.6)
    write_activations = names != defaults * D or rng.random() < 0.3
    if not write_activations:
        alphas = betas = None
    clip = float(np.float32(rng.uniform(0.2, 3.0))) if rng.random() < 0.3 else None
    has_b, has_lens, has_h0 = (bool(rng.random() < p) for p in (0.7, 0.4, 0.4))
    as_input = {k: bool(rng.random() < 0.3) for k in ("W", "R", "B", "h0", "lens")}
    want_y, want_yh = [(True, True), (True, False), (False, True)][rng.integers(0, 3)]
    dyn_batch, dyn_time = bool(rng.random() < 0.4), bool(rng.random() < 0.4)
    # LSTM and GRU only.
    has_c0, has_p = (node_op == "LSTM" and bool(rng3.random() < 0.4) for _ in range(2))
    as_input.update({k: bool(rng3.random() < 0.3) for k in ("c0", "P")})
    want_yc = node_op == "LSTM" and bool(rng3.random() < 0.5)
    if gated:
        want_y, want_yh = bool(rng3.random() < 0.6), bool(rng3.random() < 0.6)
        if not (want_y or want_yh or want_yc):
            want_y = True
    write_hidden = not gated or bool(rng3.random() < 0.8)
    extra_attrs = {}
    if node_op == "LSTM" and rng3.random() < 0.4:
        extra_attrs["input_forget"] = int(rng3.random() < 0.7)
    if node_op == "GRU" and rng3.random() < 0.8:
        extra_attrs["linear_before_reset"] = int(rng3.random() < 0.6)

    limit = 1.0 / np.sqrt(H)  # PyTorch's and ONNX exporters' initialisation
    W = uniform(rng, (D, G * H, I), limit)
    R = uniform(rng, (D, G * H, H), limit)
    B = uniform(rng, (D, 2 * G * H), limit) if has_b else None
    # Constant weight matrices as --weight-precision stores them: each direction's W / R
    # rows are the kernel's columns (one per output unit), narrowed as the (K, N) kernel.
    rng4 = np.random.default_rng([seed, 4, attempt])
    precision = str(rng4.choice(["f32"] * 8 + ["bf16", "int8"]))
    for key, a in (("W", W), ("R", R)):
        if precision != "f32" and not as_input[key]:
            for d in range(D):
                narrow(a[d].T, precision)
    state_shape = (D, N, H) if layout == 0 else (N, D, H)
    h0 = uniform(rng, state_shape, 1.0) if has_h0 else None
    lens = None
    if has_lens:
        lens = rng.integers(0, T + 1, N).astype(np.int32)
        lens[rng.integers(0, N)] = T  # a full-length row, and often a zero-length one
        if N > 1 and rng.random() < 0.5:
            lens[rng.integers(0, N)] = 0
    c0 = uniform(rng3, state_shape, 1.0) if has_c0 else None
    P = uniform(rng3, (D, 3 * H), limit) if has_p else None
    xshape = (T, N, I) if layout == 0 else (N, T, I)
    if node_op == "RNN":
        run = ref.rnn
        kwargs = dict(direction=direction, names=names, alphas=alphas, betas=betas,
                      clip=clip, layout=layout)
    elif node_op == "LSTM":
        run = gated_ref.lstm
        kwargs = dict(direction=direction, names=names if write_activations else None,
                      alphas=alphas, betas=betas, clip=clip, layout=layout,
                      input_forget=extra_attrs.get("input_forget", 0))
    else:
        run = gated_ref.gru
        kwargs = dict(direction=direction, names=names if write_activations else None,
                      alphas=alphas, betas=betas, clip=clip, layout=layout,
                      linear_before_reset=extra_attrs.get("linear_before_reset", 0))
    for _ in range(20):
        X = uniform(rng, xshape, 1.0)
        args = [X, W, R, B, lens, h0] + ([c0, P] if node_op == "LSTM" else [])
        outs, margin = reference(run, *args, **kwargs)
        if margin > THRESHOLD_MARGIN:
            break
    else:
        return None
    if not conditioned(run, args, kwargs, outs, rng3):
        return None
    Y, Y_h = outs[0], outs[1]
    Y_c = outs[2] if node_op == "LSTM" else None

    # The graph.
    t_axis, n_axis = (0, 1) if layout == 0 else (1, 0)
    x_dims = list(xshape)
    if dyn_time:
        x_dims[t_axis] = "T"
    if dyn_batch:
        x_dims[n_axis] = "N"
    inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT, x_dims)]
    feeds, inits = [X], []

    def operand(key, name, array, dims=None):
        if as_input[key]:
            dtype = TensorProto.INT32 if array.dtype == np.int32 else TensorProto.FLOAT
            inputs.append(helper.make_tensor_value_info(name, dtype, dims or array.shape))
            feeds.append(array)
        else:
            inits.append(numpy_helper.from_array(array, name))
        return name

    node_inputs = ["X", operand("W", "W", W), operand("R", "R", R)]
    node_inputs.append(operand("B", "B", B) if has_b else "")
    lens_dims = ["N"] if dyn_batch else None
    node_inputs.append(operand("lens", "lens", lens, lens_dims) if has_lens else "")
    state_dims = [D, "N" if dyn_batch else N, H] if layout == 0 else \
        ["N" if dyn_batch else N, D, H]
    if gated:
        node_inputs.append(operand("h0", "h0", h0, state_dims) if has_h0 else "")
        if node_op == "LSTM":
            node_inputs.append(operand("c0", "c0", c0, state_dims) if has_c0 else "")
            node_inputs.append(operand("P", "P", P) if has_p else "")
        # Absent trailing inputs: written as "" or left out.
        while node_inputs[-1] == "" and rng3.random() < 0.7:
            node_inputs.pop()
    elif has_h0:
        node_inputs.append(operand("h0", "h0", h0, state_dims))
    attrs = dict(direction=direction, layout=layout, **extra_attrs)
    if write_hidden:
        attrs["hidden_size"] = H
    if write_activations:
        attrs["activations"] = names
        if alphas:
            attrs["activation_alpha"] = alphas
        if betas:
            attrs["activation_beta"] = betas
    if clip is not None:
        attrs["clip"] = clip
    outputs, expected = [], []
    node_outputs = ["Y" if want_y else "", "Y_h" if want_yh else ""] + \
        (["Y_c" if want_yc else ""] if node_op == "LSTM" else [])
    while gated and node_outputs[-1] == "" and rng3.random() < 0.7:
        node_outputs.pop()
    nodes = [helper.make_node(node_op, node_inputs, node_outputs, **attrs)]
    if want_yc:
        outputs.append(helper.make_tensor_value_info("Y_c", TensorProto.FLOAT, [None] * 3))
        expected.append(Y_c)

    # A position or window over the time dim of Y.
    post = None
    if want_y and rng.random() < 0.35:
        post = str(rng.choice(["gather", "slice"]))
    y_dims = lambda: [None] * 4  # noqa: E731
    if want_y and post is None:
        outputs.append(helper.make_tensor_value_info("Y", TensorProto.FLOAT, y_dims()))
        expected.append(Y)
    # What the importer promises for a window over a run-time T: a static size (end -
    # start, when both have one sign) inside the dim, checked at run time, or no model at
    # all when the size itself is only known at run time (the C API sizes outputs from
    # input dims). Over a static T it clamps as ONNX says.
    refusal = None  # None, "compile" or "run"
    compile_refusal = "no run of this model can succeed"
    if post == "gather":
        k = int(rng.integers(-T - 2, T + 2)) if T > 0 else int(rng.integers(-2, 3))
        inits.append(numpy_helper.from_array(np.array(k, np.int64), "k"))
        nodes.append(helper.make_node("Gather", ["Y", "k"], ["Yk"], axis=t_axis))
        outputs.append(helper.make_tensor_value_info("Yk", TensorProto.FLOAT, [None] * 3))
        if -T <= k < T:
            expected.append(np.take(Y, k, axis=t_axis))
        else:
            refusal = "run" if dyn_time else "compile"
            if not dyn_time:
                compile_refusal = "out of range"
    elif post == "slice":
        start = int(rng.integers(-T - 1, T + 2))
        end = int(rng.integers(-T - 1, T + 3))
        inits += [numpy_helper.from_array(np.array([start], np.int64), "starts"),
                  numpy_helper.from_array(np.array([end], np.int64), "ends"),
                  numpy_helper.from_array(np.array([t_axis], np.int64), "axes")]
        nodes.append(helper.make_node("Slice", ["Y", "starts", "ends", "axes"], ["Ys"]))
        outputs.append(helper.make_tensor_value_info("Ys", TensorProto.FLOAT, [None] * 4))
        sl = [slice(None)] * 4
        sl[t_axis] = slice(start, end)
        expected.append(Y[tuple(sl)])
        if dyn_time:
            if (start >= 0) != (end >= 0):
                refusal, compile_refusal = "compile", "cannot tell dimension"
            else:
                first = start if start >= 0 else T + start
                if not (first >= 0 and first + max(end - start, 0) <= T):
                    refusal = "run"
    if want_yh and rng.random() < 0.3:
        # PyTorch's h_n.transpose(0, 1).reshape(batch, -1): the directions side by side.
        perm = [1, 0, 2] if layout == 0 else [0, 1, 2]
        inits.append(numpy_helper.from_array(np.array([0, -1], np.int64), "flat"))
        nodes += [helper.make_node("Transpose", ["Y_h"], ["Y_hT"], perm=perm),
                  helper.make_node("Reshape", ["Y_hT", "flat"], ["Y_hflat"])]
        outputs.append(helper.make_tensor_value_info("Y_hflat", TensorProto.FLOAT,
                                                     [None] * 2))
        expected.append(Y_h.transpose(perm).reshape(N, -1))
        post = (post or "") + "+flatten"
    elif want_yh:
        outputs.append(helper.make_tensor_value_info("Y_h", TensorProto.FLOAT, [None] * 3))
        expected.append(Y_h)

    # What real exports put after the recurrence, drawn from a stream of their own (the
    # draws above, and with them every earlier seed's model, stay as they were).
    rng2 = np.random.default_rng([seed, 1])
    post_ops = []
    if want_y and T > 0 and rng2.random() < 0.3:
        # Pooling over time, e.g. torch.mean(out, dim=1).
        op = str(rng2.choice(["ReduceMean", "ReduceMax", "ReduceSum"]))
        keep = int(rng2.integers(0, 2))
        if op == "ReduceSum":  # axes an input from opset 13, an attribute for the others
            inits.append(numpy_helper.from_array(np.array([t_axis], np.int64), "t_axes"))
            nodes.append(helper.make_node(op, ["Y", "t_axes"], ["Ypool"], keepdims=keep))
        else:
            nodes.append(helper.make_node(op, ["Y"], ["Ypool"], axes=[t_axis], keepdims=keep))
        pool = {"ReduceMean": np.mean, "ReduceMax": np.max, "ReduceSum": np.sum}[op]
        outputs.append(helper.make_tensor_value_info("Ypool", TensorProto.FLOAT,
                                                     [None] * (4 if keep else 3)))
        expected.append(pool(Y, axis=t_axis, keepdims=bool(keep)))
        post_ops.append("%s(keepdims=%d)" % (op, keep))
    if want_yh and rng2.random() < 0.3:
        nodes.append(helper.make_node("LogSoftmax", ["Y_h"], ["Y_hlog"], axis=-1))
        outputs.append(helper.make_tensor_value_info("Y_hlog", TensorProto.FLOAT, [None] * 3))
        shifted = Y_h - Y_h.max(axis=-1, keepdims=True)
        expected.append(shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True)))
        post_ops.append("LogSoftmax")
    if want_yh and H > 1 and rng2.random() < 0.3:
        # The class a classifier picks; only where float32 rounding cannot change it.
        top2 = np.sort(Y_h, axis=-1)[..., -2:]
        if (top2[..., 1] - top2[..., 0]).min() > 1e-3:
            keep = int(rng2.integers(0, 2))
            nodes.append(helper.make_node("ArgMax", ["Y_h"], ["Y_hclass"], axis=-1,
                                          keepdims=keep))
            outputs.append(helper.make_tensor_value_info("Y_hclass", TensorProto.INT64,
                                                         [None] * (3 if keep else 2)))
            expected.append(np.argmax(Y_h, axis=-1).reshape(
                Y_h.shape[:-1] + ((1,) if keep else ())).astype(np.float64))
            post_ops.append("ArgMax(keepdims=%d)" % keep)
    if post_ops:
        post = "+".join([post or ""] + post_ops).lstrip("+")

    graph = helper.make_graph(nodes, "difftest", inputs, outputs, initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(work, "model.onnx"))

    flags = []
    if dyn_batch and rng.random() < 0.3:
        flags.append("--batch=%d" % N)
    if precision != "f32":
        flags.append("--weight-precision=" + precision)
    if dyn_time and T > 0 and rng.random() < 0.3:
        flags.append("--timesteps=%d" % T)
    if gated:
        extra_attrs.update(c0=has_c0, P=has_p, Y_c=want_yc, hidden_size=write_hidden)
    describe = ("onnx %s %s layout=%d H=%d I=%d N=%d T=%d act=%s alpha=%s beta=%s clip=%s "
                "B=%s lens=%s h0=%s %sinputs=%s Y=%s Y_h=%s dynamic(N=%s,T=%s) post=%s %s%s" % (
                    node_op, direction, layout, H, I, N, T, names, alphas, betas, clip, has_b,
                    None if lens is None else lens.tolist(), has_h0,
                    "".join("%s=%s " % kv for kv in sorted(extra_attrs.items())),
                    [k for k, v in as_input.items()
                     if v and (node_op == "LSTM" or k not in ("c0", "P"))],
                    want_y, want_yh, dyn_batch, dyn_time, post, " ".join(flags),
                    " (draw %d)" % attempt if attempt else ""))
    compile_args = ["model.onnx", "--emit=shared", "-o", "model.so"] + flags
    time_fixed = any(f.startswith("--timesteps") for f in flags)
    if refusal == "run" and time_fixed:
        refusal = "compile"
    if refusal == "compile":
        return Case(describe, compile_args, compile_error=compile_refusal)
    if refusal == "run":
        return Case(describe, compile_args, [RnnRun("model.so", feeds,
                                                    error=post.split("+")[0].capitalize(),
                                                    n_outputs=len(outputs))])
    return Case(describe, compile_args, [RnnRun("model.so", feeds, expected)])
