#!/usr/bin/python3
"""Writes one ONNX LSTM or GRU test case: gated_cases.py CASE OUT_DIR (like rnn_cases.py);
`--list` prints the case names, `--check-onnx` runs onnx.checker over every case's model."""
# OUT_DIR/model.onnx (built with onnx.helper), in_<k>.npy for each graph input in order and
# expected_<k>.npy for each graph output, from the float64 reference in
# onnx_gated_reference.py. Cases with a dynamic shape also write set2_in_<k>.npy and
# set2_expected_<k>.npy for a second shape.
import os
import sys
import tempfile

import numpy as np
import onnx
from onnx import helper, shape_inference

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import onnx_gated_reference as ref  # noqa: E402
from rnn_cases import Case  # noqa: E402

T, N, I, H = 5, 3, 4, 6
# A full row, an empty row and one in between. With initial states, the empty row's Y_h
# (and Y_c) are its initial states (the convention of onnx_gated_reference.py).
LENS = np.array([5, 0, 3], np.int32)

GATES = {"LSTM": 4, "GRU": 3}
ROLES = {"LSTM": ["X", "W", "R", "B", "sequence_lens", "initial_h", "initial_c", "P"],
         "GRU": ["X", "W", "R", "B", "sequence_lens", "initial_h"]}
OUTPUTS = {"LSTM": ["Y", "Y_h", "Y_c"], "GRU": ["Y", "Y_h"]}
# Graph names of the node's inputs (as in rnn_cases.py).
NAMES = {"X": "X", "W": "W", "R": "R", "B": "B", "sequence_lens": "lens",
         "initial_h": "h0", "initial_c": "c0", "P": "P"}


def gated(op, seed, direction="forward", hidden=H, t=T, n=N, i=I, layout=0,
          optional=("B",), fed=(), lens=LENS, outputs=None, dims=None, set2=None,
          x_scale=1.0, w_scale=1.0, zero_states=False, weights=None, **attrs):
    """One LSTM or GRU node. optional: the optional inputs present (B, sequence_lens,
    initial_h, initial_c, P); fed: those of W, R and the optional inputs that are graph
    inputs rather than initializers (X always is). Weights are uniform in
    ±w_scale / sqrt(hidden), as the frameworks initialise them, unless `weights` gives them
    by role. dims: declared shapes (dim_params) by role; set2: (t, n, lens) of a second
    input shape."""
    c = Case(seed)
    dirs = 2 if direction == "bidirectional" else 1
    gates = GATES[op]
    k = w_scale / np.sqrt(hidden)
    present = {"X", "W", "R"} | set(optional)
    values = {
        "W": c.rand(dirs, gates * hidden, i, scale=k),
        "R": c.rand(dirs, gates * hidden, hidden, scale=k),
        "B": c.rand(dirs, 2 * gates * hidden, scale=k),
        "P": c.rand(dirs, 3 * hidden, scale=k),
    }
    values.update(weights or {})

    def batch_inputs(t, n, lens):
        """The inputs with a batch or time dim: X, sequence_lens, initial states."""
        x_shape = (t, n, i) if layout == 0 else (n, t, i)
        state = (dirs, n, hidden) if layout == 0 else (n, dirs, hidden)
        out = {"X": c.rand(*x_shape, scale=x_scale),
               "sequence_lens": None if lens is None else np.asarray(lens, np.int32)}
        for role, scale in (("initial_h", 0.9), ("initial_c", 1.0)):
            out[role] = (np.zeros(state, np.float32) if zero_states
                         else c.rand(*state, scale=scale))
        return out
    values.update(batch_inputs(t, n, lens))

    roles = [role for role in ROLES[op] if role in present]
    fed_roles = [role for role in roles if role == "X" or role in fed]
    names = []
    for role in ROLES[op]:
        if role not in present:
            names.append("")
        elif role in fed_roles:
            names.append(c.feed(NAMES[role], values[role], (dims or {}).get(role)))
        else:
            names.append(c.constant(NAMES[role], values[role]))
    while not names[-1]:
        names.pop()
    if layout:
        attrs["layout"] = layout
    outputs = OUTPUTS[op] if outputs is None else outputs
    c.nodes.append(helper.make_node(op, names, outputs, hidden_size=hidden,
                                    direction=direction, **attrs))

    def expected(values):
        args = {role: values[role] for role in roles}
        common = dict(direction=direction, names=attrs.get("activations"),
                      alphas=attrs.get("activation_alpha"),
                      betas=attrs.get("activation_beta"), clip=attrs.get("clip"),
                      layout=layout, hidden_size=hidden)
        if op == "LSTM":
            results = ref.lstm(**args, input_forget=attrs.get("input_forget", 0), **common)
        else:
            results = ref.gru(**args, **common,
                              linear_before_reset=attrs.get("linear_before_reset", 0))
        return [value for name, value in zip(outputs, results) if name]

    for name, value in zip([name for name in outputs if name], expected(values)):
        c.output(name, value)
    if set2:
        values2 = dict(values, **batch_inputs(*set2))
        c.set2 = ([values2[role] for role in fed_roles], expected(values2))
    return c


# ---------------------------------------------------------------------------------------
# LSTM

def case_lstm_forward():
    return gated("LSTM", 101)


def case_lstm_reverse():
    return gated("LSTM", 102, "reverse")


def case_lstm_bidirectional():
    return gated("LSTM", 103, "bidirectional")


def case_lstm_bidirectional_activations():
    # (f, g, h) per direction. Alphas go in order to HardSigmoid, ScaledTanh, and Elu
    # keeps its default (the list ran out); betas to HardSigmoid and ScaledTanh.
    return gated("LSTM", 104, "bidirectional",
                 activations=["HardSigmoid", "Tanh", "ScaledTanh",
                              "Sigmoid", "Softsign", "Elu"],
                 activation_alpha=[0.25, 1.2], activation_beta=[0.45, 0.8])


def case_lstm_clip():
    # Scaled up so that the clip binds on most gate pre-activations.
    return gated("LSTM", 105, "bidirectional", x_scale=2.0, w_scale=3.0, clip=0.7)


def case_lstm_layout1():
    """layout = 1: X [N, T, I], initial_h / initial_c [N, D, H], Y [N, T, D, H],
    Y_h / Y_c [N, D, H]."""
    return gated("LSTM", 106, layout=1, optional=("B", "initial_h", "initial_c"))


def case_lstm_layout1_bidirectional():
    """layout = 1, bidirectional, sequence_lens and the initial states fed at run time."""
    return gated("LSTM", 107, "bidirectional", layout=1,
                 optional=("B", "sequence_lens", "initial_h", "initial_c"),
                 fed=("sequence_lens", "initial_h", "initial_c"))


def case_lstm_lens_forward():
    return gated("LSTM", 108, optional=("B", "sequence_lens"))


def case_lstm_lens_reverse():
    return gated("LSTM", 109, "reverse", optional=("B", "sequence_lens"))


def case_lstm_lens_bidirectional():
    return gated("LSTM", 110, "bidirectional", optional=("B", "sequence_lens"))


def case_lstm_lens_runtime_forward():
    return gated("LSTM", 111, optional=("B", "sequence_lens"), fed=("sequence_lens",))


def case_lstm_lens_runtime_reverse():
    return gated("LSTM", 112, "reverse", optional=("B", "sequence_lens"),
                 fed=("sequence_lens",))


def case_lstm_lens_runtime_bidirectional():
    return gated("LSTM", 113, "bidirectional", optional=("B", "sequence_lens"),
                 fed=("sequence_lens",))


def case_lstm_initial_constant():
    return gated("LSTM", 114, optional=("B", "initial_h", "initial_c"))


def case_lstm_initial_runtime():
    return gated("LSTM", 115, "bidirectional", optional=("B", "initial_h", "initial_c"),
                 fed=("initial_h", "initial_c"))


def case_lstm_initial_h_only():
    """initial_h without initial_c: the cell starts at zero."""
    return gated("LSTM", 116, "reverse", optional=("B", "initial_h"))


def case_lstm_initial_c_only():
    """initial_c fed at run time without initial_h (inputs ..., '', '', c0)."""
    return gated("LSTM", 117, optional=("B", "initial_c"), fed=("initial_c",))


def case_lstm_initial_zero():
    """All-zero constant initial states: the same as none."""
    return gated("LSTM", 118, "reverse", optional=("B", "initial_h", "initial_c"),
                 zero_states=True)


def case_lstm_no_bias():
    return gated("LSTM", 119, "bidirectional", optional=())


def case_lstm_y_only():
    return gated("LSTM", 120, "bidirectional", outputs=["Y"])


def case_lstm_y_h_only():
    return gated("LSTM", 121, "reverse", outputs=["", "Y_h"])


def case_lstm_y_c_only():
    return gated("LSTM", 122, outputs=["", "", "Y_c"])


def case_lstm_y_h_y_c():
    return gated("LSTM", 123, "bidirectional", outputs=["", "Y_h", "Y_c"])


def case_lstm_all_outputs():
    return gated("LSTM", 124, "bidirectional", outputs=["Y", "Y_h", "Y_c"])


def case_lstm_runtime_weights():
    """Every input fed at run time (as the backend node tests do), bidirectional."""
    return gated("LSTM", 125, "bidirectional",
                 optional=("B", "sequence_lens", "initial_h", "initial_c", "P"),
                 fed=("W", "R", "B", "sequence_lens", "initial_h", "initial_c", "P"))


def case_lstm_dynamic():
    """X [time, batch, I], sequence_lens [batch], initial states [2, batch, H] with
    dim_params; the second shape has T = 1."""
    return gated("LSTM", 126, "bidirectional", lens=[5, 2, 3],
                 optional=("B", "sequence_lens", "initial_h", "initial_c"),
                 fed=("sequence_lens", "initial_h", "initial_c"),
                 dims={"X": ["time", "batch", I], "sequence_lens": ["batch"],
                       "initial_h": [2, "batch", H], "initial_c": [2, "batch", H]},
                 set2=(1, 4, [1, 1, 1, 1]))


def case_lstm_dynamic_layout1():
    """X [batch, time, I] with dim_params, layout 1, final states only; the second shape
    has N = 1 and T = 9."""
    return gated("LSTM", 127, layout=1, outputs=["", "Y_h", "Y_c"],
                 dims={"X": ["batch", "time", I]}, set2=(9, 1, None))


def case_lstm_hidden1():
    return gated("LSTM", 128, hidden=1, t=7, n=2, i=3)


def case_lstm_hidden3():
    return gated("LSTM", 129, "reverse", hidden=3, t=6, n=3, i=5)


def case_lstm_hidden17():
    return gated("LSTM", 130, "bidirectional", hidden=17, t=9, n=4, i=10,
                 optional=("B", "sequence_lens"), lens=[9, 4, 0, 7])


def case_lstm_hidden33():
    return gated("LSTM", 131, "bidirectional", hidden=33, t=16, n=5, i=40)


def case_lstm_peepholes():
    """P [2, 3H] (i, o, f) with non-zero initial states, so the peepholes on the
    previous cell act from the first step."""
    return gated("LSTM", 132, "bidirectional", w_scale=2.0,
                 optional=("B", "initial_h", "initial_c", "P"))


def case_lstm_input_forget():
    return gated("LSTM", 133, input_forget=1)


def case_lstm_peepholes_input_forget_clip():
    """input_forget (f = 1 - i, Pf unused), peepholes and clip together, reverse, with
    sequence_lens and initial states."""
    return gated("LSTM", 134, "reverse", x_scale=2.0, w_scale=3.0,
                 optional=("B", "sequence_lens", "initial_h", "initial_c", "P"),
                 input_forget=1, clip=0.9)


def gate_codes(dirs, gates):
    """[dirs, gates]: gate g of direction d is gates * d + g + 1, a value that names it."""
    return np.arange(1, dirs * gates + 1, dtype=np.float32).reshape(dirs, gates)


def case_lstm_gate_order():
    """H = 1, I = 2 and weights that name their gate (codes in ONNX's order i, o, f, c:
    W = code / 8 with its second column negated, R = code / 16, Wb = code / 4,
    Rb = code / 16, P = code / 8), so that the imported constants show the blocks in the
    dialect's order i, f, c, o, the peepholes in i, f, o and Wb + Rb."""
    v = gate_codes(2, 4)
    return gated("LSTM", 135, "bidirectional", hidden=1, t=3, n=2, i=2, optional=("B", "P"),
                 weights={"W": v[:, :, None] / 8 * np.array([1, -1], np.float32),
                          "R": v[:, :, None] / 16,
                          "B": np.concatenate([v / 4, v / 16], 1),
                          "P": gate_codes(2, 3) / 8})


# ---------------------------------------------------------------------------------------
# GRU (linear_before_reset 0: reset before the recurrent product; 1: after it, as
# PyTorch and cuDNN compute it)

def case_gru_forward():
    return gated("GRU", 201)


def case_gru_reverse():
    # linear_before_reset written out as 0 (the other cases at 0 leave it to its default).
    return gated("GRU", 202, "reverse", linear_before_reset=0)


def case_gru_bidirectional():
    return gated("GRU", 203, "bidirectional")


def case_gru_lbr_forward():
    # Larger biases, so that keeping Rbh inside r * (...) shows well above the tolerance.
    return gated("GRU", 204, w_scale=2.0, linear_before_reset=1)


def case_gru_lbr_reverse():
    return gated("GRU", 205, "reverse", w_scale=2.0, linear_before_reset=1)


def case_gru_lbr_bidirectional():
    return gated("GRU", 206, "bidirectional", w_scale=2.0, linear_before_reset=1)


def case_gru_bidirectional_activations():
    # (f, g) per direction. Alphas go to HardSigmoid, LeakyRelu and Affine in order;
    # the one beta to HardSigmoid, Affine keeps its default beta 0.
    return gated("GRU", 207, "bidirectional", linear_before_reset=1,
                 activations=["HardSigmoid", "LeakyRelu", "Sigmoid", "Affine"],
                 activation_alpha=[0.3, 0.05, 0.9], activation_beta=[0.55])


def case_gru_clip():
    return gated("GRU", 208, "bidirectional", x_scale=2.0, w_scale=3.0, clip=0.7)


def case_gru_clip_lbr():
    return gated("GRU", 209, "reverse", x_scale=2.0, w_scale=3.0, clip=0.7,
                 linear_before_reset=1)


def case_gru_layout1():
    """layout = 1: X [N, T, I], initial_h [N, D, H], Y [N, T, D, H], Y_h [N, D, H]."""
    return gated("GRU", 210, layout=1, optional=("B", "initial_h"),
                 linear_before_reset=1)


def case_gru_layout1_bidirectional():
    """layout = 1, bidirectional, sequence_lens and initial_h fed at run time."""
    return gated("GRU", 211, "bidirectional", layout=1,
                 optional=("B", "sequence_lens", "initial_h"),
                 fed=("sequence_lens", "initial_h"))


def case_gru_lens_forward():
    return gated("GRU", 212, optional=("B", "sequence_lens"))


def case_gru_lens_reverse():
    return gated("GRU", 213, "reverse", optional=("B", "sequence_lens"))


def case_gru_lens_bidirectional():
    return gated("GRU", 214, "bidirectional", optional=("B", "sequence_lens"))


def case_gru_lens_runtime_forward():
    return gated("GRU", 215, optional=("B", "sequence_lens"), fed=("sequence_lens",),
                 linear_before_reset=1)


def case_gru_lens_runtime_reverse():
    return gated("GRU", 216, "reverse", optional=("B", "sequence_lens"),
                 fed=("sequence_lens",), linear_before_reset=1)


def case_gru_lens_runtime_bidirectional():
    return gated("GRU", 217, "bidirectional", optional=("B", "sequence_lens"),
                 fed=("sequence_lens",), linear_before_reset=1)


def case_gru_initial_h_constant():
    return gated("GRU", 218, optional=("B", "initial_h"))


def case_gru_initial_h_runtime():
    return gated("GRU", 219, "bidirectional", optional=("B", "initial_h"),
                 fed=("initial_h",), linear_before_reset=1)


def case_gru_initial_h_zero():
    """An all-zero constant initial_h: the same as none."""
    return gated("GRU", 220, "reverse", optional=("B", "initial_h"), zero_states=True)


def case_gru_no_bias():
    return gated("GRU", 221, "bidirectional", optional=(), linear_before_reset=1)


def case_gru_y_only():
    return gated("GRU", 222, "bidirectional", outputs=["Y"])


def case_gru_y_h_only():
    return gated("GRU", 223, "reverse", outputs=["", "Y_h"], linear_before_reset=1)


def case_gru_all_outputs():
    return gated("GRU", 224, "bidirectional", outputs=["Y", "Y_h"])


def case_gru_runtime_weights():
    """Every input fed at run time, bidirectional, reset after."""
    return gated("GRU", 225, "bidirectional", w_scale=2.0, linear_before_reset=1,
                 optional=("B", "sequence_lens", "initial_h"),
                 fed=("W", "R", "B", "sequence_lens", "initial_h"))


def case_gru_dynamic():
    """X [time, batch, I] and sequence_lens [batch] with dim_params, reverse; the
    second shape has T = 1, N = 1."""
    return gated("GRU", 226, "reverse", lens=[5, 2, 3], linear_before_reset=1,
                 optional=("B", "sequence_lens"), fed=("sequence_lens",),
                 dims={"X": ["time", "batch", I], "sequence_lens": ["batch"]},
                 set2=(1, 1, [1]))


def case_gru_dynamic_layout1():
    """X [batch, time, I] and initial_h [batch, 1, H] with dim_params, layout 1; the
    second shape has T = 11, N = 2."""
    return gated("GRU", 227, layout=1, optional=("B", "initial_h"), fed=("initial_h",),
                 dims={"X": ["batch", "time", I], "initial_h": ["batch", 1, H]},
                 set2=(11, 2, None))


def case_gru_hidden1():
    return gated("GRU", 228, hidden=1, t=7, n=2, i=3)


def case_gru_hidden3():
    return gated("GRU", 229, "reverse", hidden=3, t=6, n=3, i=5, linear_before_reset=1)


def case_gru_hidden17():
    return gated("GRU", 230, "bidirectional", hidden=17, t=9, n=4, i=10,
                 optional=("B", "sequence_lens"), lens=[9, 4, 0, 7])


def case_gru_hidden33():
    return gated("GRU", 231, "bidirectional", hidden=33, t=16, n=5, i=40,
                 linear_before_reset=1)


def case_gru_gate_order():
    """H = 1, I = 2 and weights that name their gate (z, r, h; scaled as in
    lstm_gate_order), Rb zero in the reverse direction: bias and recurrent_bias stay
    apart, and a zero one is left out."""
    v = gate_codes(2, 3)
    rb = np.stack([v[0] / 16, np.zeros(3, np.float32)])
    return gated("GRU", 232, "bidirectional", hidden=1, t=3, n=2, i=2, linear_before_reset=1,
                 weights={"W": v[:, :, None] / 8 * np.array([1, -1], np.float32),
                          "R": v[:, :, None] / 16,
                          "B": np.concatenate([v / 4, rb], 1)})


CASES = {name[len("case_"):]: f for name, f in globals().items()
         if name.startswith("case_")}


def check_onnx():
    """onnx.checker (with shape inference) on every case's model, and the files each case
    writes held against the model: one in_<k> per graph input of its declared type and
    shape, one expected_<k> per graph output of the shape ONNX infers."""
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in CASES.items():
            out = os.path.join(tmp, name)
            problems = []
            try:
                make().write(out)
                model = onnx.load(os.path.join(out, "model.onnx"))
                onnx.checker.check_model(model, full_check=True)
                inferred = shape_inference.infer_shapes(model, strict_mode=True)
                problems += check_files(out, "", model, inferred)
                if os.path.exists(os.path.join(out, "set2_in_0.npy")):
                    problems += check_files(out, "set2_", model, inferred)
            except Exception as e:  # reported with its case; the other cases still run
                problems.append("%s: %s" % (type(e).__name__, e))
            print("%-40s %s" % (name, "; ".join(problems) or "ok"))
            failures += bool(problems)
    print("%d cases, %d failed" % (len(CASES), failures))
    return 1 if failures else 0


def check_files(out, prefix, model, inferred):
    def dims(value_info):
        return [d.dim_value if d.HasField("dim_value") else None
                for d in value_info.type.tensor_type.shape.dim]

    def fits(shape, declared):
        return len(shape) == len(declared) and all(
            d is None or d == s for s, d in zip(shape, declared))

    problems = []
    bound = {}   # dim_param -> size, to hold both sets to one meaning of each name
    for k, vi in enumerate(model.graph.input):
        array = np.load(os.path.join(out, "%sin_%d.npy" % (prefix, k)))
        elem = onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[array.dtype]
        if elem != vi.type.tensor_type.elem_type or not fits(array.shape, dims(vi)):
            problems.append("%sin_%d %s %s does not fit %s" % (prefix, k, array.dtype,
                                                               array.shape, vi.name))
        for d, s in zip(vi.type.tensor_type.shape.dim, array.shape):
            if d.dim_param and bound.setdefault(d.dim_param, s) != s:
                problems.append("%sin_%d: %s = %d and %d" % (prefix, k, d.dim_param,
                                                             bound[d.dim_param], s))
    if os.path.exists(os.path.join(out, "%sin_%d.npy" % (prefix, len(model.graph.input)))):
        problems.append("more %sin files than graph inputs" % prefix)
    inferred_outputs = {vi.name: vi for vi in inferred.graph.value_info}
    inferred_outputs.update({vi.name: vi for vi in inferred.graph.output})
    for k, vi in enumerate(model.graph.output):
        array = np.load(os.path.join(out, "%sexpected_%d.npy" % (prefix, k)))
        shape = inferred_outputs[vi.name].type.tensor_type.shape.dim
        want = [d.dim_value if d.HasField("dim_value")
                else bound.get(d.dim_param) for d in shape]
        if not fits(array.shape, want):
            problems.append("%sexpected_%d %s, ONNX infers %s" % (
                prefix, k, array.shape, [d.dim_value or d.dim_param or "?"
                                         for d in shape]))
        if not np.all(np.isfinite(array)):
            problems.append("%sexpected_%d not finite" % (prefix, k))
    return problems


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(CASES))
        return 0
    if len(argv) == 2 and argv[1] == "--check-onnx":
        return check_onnx()
    if len(argv) != 3 or argv[1] not in CASES:
        print("usage: gated_cases.py CASE OUT_DIR | --list | --check-onnx", file=sys.stderr)
        return 2
    CASES[argv[1]]().write(argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
