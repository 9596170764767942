#!/usr/bin/python3
"""Writes one nn.LSTM / nn.GRU model as torch.onnx.export writes it: torch_gated.py CASE
OUT_DIR; `--list` prints the case names, `--self-test` checks the two references agree."""
# No torch is needed: each graph is built node for node as torch.onnx.export (opset 14-17,
# do_constant_folding=True) writes the module (symbolic_opset9's _generic_rnn: one node per
# layer, gate blocks reordered, Wb + Rb concatenated, Squeeze or Transpose + Reshape on Y,
# per-layer slices of h0 / c0, zero states built from the input's shape, a Transpose for
# batch_first, Y_h / Y_c concatenated across layers). The expected outputs come from a
# float64 reference of PyTorch's documented equations on the module's own parameters, in
# torch's layout and gate order, so a wrong reordering in the exporter model or the importer
# shows up as a numerical failure. Files: as gated_cases.py (model.onnx, in_<k>.npy,
# expected_<k>.npy, set2_* for a second shape of dynamic models).
import collections
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import onnx_gated_reference as onnx_ref  # noqa: E402

GATES = {"LSTM": 4, "GRU": 3}
# Torch's gate blocks, in the order ONNX wants them (symbolic_opset9's reform_permutation):
# LSTM torch (i, f, g, o) -> ONNX (i, o, f, c); GRU torch (r, z, n) -> ONNX (z, r, h).
ONNX_ORDER = {"LSTM": [0, 3, 1, 2], "GRU": [1, 0, 2]}


# ---------------------------------------------------------------------------------------
# Modules: parameters as torch creates them, float32.

class Init:
    """torch's default initialisers, from a seeded generator."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def uniform(self, bound, *shape):
        return self.rng.uniform(-bound, bound, shape).astype(np.float32)

    def normal(self, *shape):
        return self.rng.standard_normal(shape).astype(np.float32)


def rnn_params(init, kind, input_size, hidden, layers=1, bidirectional=False, bias=True):
    """nn.LSTM / nn.GRU's parameters by torch's names (weight_ih_l0, ..._reverse), each
    uniform in ±1/sqrt(hidden) as reset_parameters draws them."""
    k = 1.0 / np.sqrt(hidden)
    g = GATES[kind] * hidden
    params = collections.OrderedDict()
    for layer in range(layers):
        for suffix in ["", "_reverse"][:2 if bidirectional else 1]:
            width = input_size if layer == 0 else hidden * (2 if bidirectional else 1)
            name = "_l%d%s" % (layer, suffix)
            params["weight_ih" + name] = init.uniform(k, g, width)
            params["weight_hh" + name] = init.uniform(k, g, hidden)
            if bias:
                params["bias_ih" + name] = init.uniform(k, g)
                params["bias_hh" + name] = init.uniform(k, g)
    return params


class RNNModule:
    """An nn.LSTM / nn.GRU: its parameters and constructor arguments."""

    def __init__(self, kind, params, hidden, layers=1, bidirectional=False,
                 batch_first=False, bias=True):
        self.kind, self.params, self.hidden, self.layers = kind, params, hidden, layers
        self.bidirectional, self.batch_first, self.bias = bidirectional, batch_first, bias
        self.dirs = 2 if bidirectional else 1


def lstm(init, input_size, hidden, **kw):
    return RNNModule("LSTM", rnn_params(init, "LSTM", input_size, hidden,
                                        kw.get("layers", 1), kw.get("bidirectional", False),
                                        kw.get("bias", True)), hidden, **kw)


def gru(init, input_size, hidden, **kw):
    return RNNModule("GRU", rnn_params(init, "GRU", input_size, hidden,
                                       kw.get("layers", 1), kw.get("bidirectional", False),
                                       kw.get("bias", True)), hidden, **kw)


# ---------------------------------------------------------------------------------------
# The float64 reference, from PyTorch's documentation of nn.LSTM and nn.GRU.

def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def torch_cell(kind, H, w_ih, w_hh, b_ih, b_hh, x, h, c):
    """One step of one direction; weights in torch's layout ([G*H, in], gates in torch's
    order). Returns (h', c') (c' is None for GRU)."""
    gi = x @ w_ih.T + b_ih
    gh = h @ w_hh.T + b_hh
    if kind == "LSTM":
        # i, f, g, o
        i = sigmoid(gi[:, :H] + gh[:, :H])
        f = sigmoid(gi[:, H:2 * H] + gh[:, H:2 * H])
        g = np.tanh(gi[:, 2 * H:3 * H] + gh[:, 2 * H:3 * H])
        o = sigmoid(gi[:, 3 * H:] + gh[:, 3 * H:])
        c_new = f * c + i * g
        return o * np.tanh(c_new), c_new
    # r, z, n: n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) * n + z * h
    r = sigmoid(gi[:, :H] + gh[:, :H])
    z = sigmoid(gi[:, H:2 * H] + gh[:, H:2 * H])
    n = np.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])
    return (1.0 - z) * n + z * h, None


def torch_forward(module, x, h0=None, c0=None):
    """module(x, (h0, c0)) in float64: (output, h_n[, c_n]) as torch returns them."""
    m, H, D = module, module.hidden, module.dirs
    seq = np.asarray(x, np.float64)
    if m.batch_first:
        seq = seq.transpose(1, 0, 2)
    T, N = seq.shape[:2]
    zeros = np.zeros((m.layers * D, N, H))
    h0 = zeros if h0 is None else np.asarray(h0, np.float64)
    c0 = zeros if c0 is None else np.asarray(c0, np.float64)
    h_n, c_n = [], []
    for layer in range(m.layers):
        outs = []
        for d in range(D):
            name = "_l%d%s" % (layer, "_reverse" if d else "")
            p = {k: m.params[k + name].astype(np.float64) if k + name in m.params
                 else np.zeros(GATES[m.kind] * H)
                 for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
            h, c = h0[layer * D + d], c0[layer * D + d]
            ys = [None] * T
            for t in (reversed(range(T)) if d else range(T)):
                h, c = torch_cell(m.kind, H, p["weight_ih"], p["weight_hh"], p["bias_ih"],
                                  p["bias_hh"], seq[t], h, c)
                ys[t] = h
            outs.append(np.stack(ys))
            h_n.append(h)
            c_n.append(c)
        seq = np.concatenate(outs, axis=2)
    out = seq.transpose(1, 0, 2) if m.batch_first else seq
    if m.kind == "LSTM":
        return out, np.stack(h_n), np.stack(c_n)
    return out, np.stack(h_n)


# ---------------------------------------------------------------------------------------
# The exporter's weights: torch's parameters in ONNX's layout.

def onnx_weights(module, layer):
    """(W, R, B) of one layer's node, as constant folding leaves them: per direction the
    gate blocks reordered, B = [b_ih, b_hh] (each reordered); directions stacked."""
    m, H = module, module.hidden
    order = ONNX_ORDER[m.kind]

    def reform(w):
        return np.concatenate([w[k * H:(k + 1) * H] for k in order])
    Ws, Rs, Bs = [], [], []
    for d in range(m.dirs):
        name = "_l%d%s" % (layer, "_reverse" if d else "")
        Ws.append(reform(m.params["weight_ih" + name]))
        Rs.append(reform(m.params["weight_hh" + name]))
        if m.bias:
            Bs.append(np.concatenate([reform(m.params["bias_ih" + name]),
                                      reform(m.params["bias_hh" + name])]))
    return np.stack(Ws), np.stack(Rs), (np.stack(Bs) if m.bias else None)


# ---------------------------------------------------------------------------------------
# The graph, named as torch names it ('/rnn/LSTM_1', '/rnn/LSTM_1_output_0',
# 'onnx::LSTM_42').

class Graph:
    """Nodes and initializers in the order the exporter appends them."""

    def __init__(self, opset):
        self.opset = opset
        self.nodes, self.initializers = [], []
        self.counts = collections.Counter()
        # torch numbers folded initializers after the values it traced; any start will do.
        self.serial = 40

    def node(self, op, inputs, scope="", outputs=1, **attrs):
        """A node named '/scope/Op[_k]'; outputs: a count (named after the node) or a list
        where None means "named after the node"."""
        base = "%s/%s" % (scope, op)
        k = self.counts[base]
        self.counts[base] += 1
        node_name = base if k == 0 else "%s_%d" % (base, k)
        names = [None] * outputs if isinstance(outputs, int) else list(outputs)
        names = [n if n is not None else "%s_output_%d" % (node_name, i)
                 for i, n in enumerate(names)]
        self.nodes.append(helper.make_node(op, inputs, names, name=node_name, **attrs))
        return names[0] if len(names) == 1 else names

    def constant(self, value, scope=""):
        return self.node("Constant", [], scope, value=numpy_helper.from_array(value))

    def ints(self, values, scope=""):
        return self.constant(np.array(values, np.int64), scope)

    def scalar(self, value, scope=""):
        return self.constant(np.array(value, np.int64), scope)

    def initializer(self, array, name=None, op="LSTM"):
        if name is None:
            self.serial += 1
            name = "onnx::%s_%d" % (op, self.serial)
        self.initializers.append(numpy_helper.from_array(array, name))
        return name


def export_rnn(g, module, x, scope="", x_shape=None, states=None, dynamic=False,
               shared_zeros=False, out_names=(None, False, False)):
    """Appends module(x) as _generic_rnn writes it. x: the name of a [B, T, I]
    (batch_first) or [T, B, I] input; states: names of h0 (and c0) graph inputs, or None
    for torch's zero states; dynamic: batch and time are dim_params (the zero state is a
    ConstantOfShape of the run-time batch); shared_zeros: one ConstantOfShape for both LSTM
    states (as when the exporter's common subexpression elimination merges them);
    out_names: what becomes of output, h_n and c_n: a graph output name, None (read by
    later nodes) or False (unread: torch drops the Concat across layers). Returns the names
    of output, h_n, c_n."""
    m, H, D, L = module, module.hidden, module.dirs, module.layers
    batch_axis = 0 if m.batch_first else 1
    lstm = m.kind == "LSTM"
    n_states = 2 if lstm else 1

    zero_states = None
    if states is None and dynamic:
        # torch.zeros(L * D, input.size(batch), H) per state, traced: Shape -> Gather ->
        # Unsqueeze -> Concat -> ConstantOfShape, from the input before the Transpose.
        # Both states share the Gather; each has its own shape list and ConstantOfShape
        # unless they are merged.
        batch = g.node("Gather", [g.node("Shape", [x], scope), g.scalar(batch_axis, scope)],
                       scope, axis=0)
        zero_states = []
        for _ in range(1 if shared_zeros else n_states):
            shape = g.node("Concat", [g.ints([L * D], scope),
                                      g.node("Unsqueeze", [batch, g.ints([0], scope)], scope),
                                      g.ints([H], scope)], scope, axis=0)
            zero_states.append(g.node("ConstantOfShape", [shape], scope,
                                      value=numpy_helper.from_array(
                                          np.zeros(1, np.float32))))
        zero_states *= n_states // len(zero_states)
    given = states if states is not None else zero_states

    seq = g.node("Transpose", [x], scope, perm=[1, 0, 2]) if m.batch_first else x
    h_outs, c_outs = [], []
    for layer in range(L):
        W, R, B = onnx_weights(m, layer)
        op = m.kind
        inputs = [seq, g.initializer(W, op=op), g.initializer(R, op=op),
                  g.initializer(B, op=op) if B is not None else "", ""]
        for s in range(n_states):
            if given is not None:
                if L == 1:
                    inputs.append(given[s])
                else:
                    # retrieve_state: Slice(state, starts, ends, axes), constants folded.
                    axes = g.ints([0], scope)
                    inputs.append(g.node("Slice", [given[s], g.ints([layer * D], scope),
                                                   g.ints([(layer + 1) * D], scope), axes],
                                         scope))
            else:
                # Static shapes: the folded zero slice, expanded to the batch of the layer's
                # (time-major) input.
                zeros = g.constant(np.zeros((D, x_shape[batch_axis], H), np.float32), scope)
                batch = g.node("Gather", [g.node("Shape", [seq], scope), g.scalar(1, scope)],
                               scope)
                unsq = g.node("Unsqueeze", [batch, g.ints([0], scope)], scope)
                shape = g.node("Concat", [g.ints([D], scope), unsq, g.ints([H], scope)],
                               scope, axis=0)
                inputs.append(g.node("Expand", [zeros, shape], scope))
        last = layer == L - 1
        outputs = [None, out_names[1] or None if L == 1 else None]
        if lstm:
            outputs.append(out_names[2] or None if L == 1 else None)
        attrs = dict(hidden_size=H)
        if D == 2:
            attrs["direction"] = "bidirectional"
        if not lstm:
            attrs["linear_before_reset"] = 1
        results = g.node(op, inputs, scope, outputs=outputs, **attrs)
        y = results[0]
        h_outs.append(results[1])
        if lstm:
            c_outs.append(results[2])
        final = out_names[0] if last and not m.batch_first else None
        if D == 2:
            y = g.node("Transpose", [y], scope, perm=[0, 2, 1, 3])
            reshape_attrs = {"allowzero": 0} if g.opset >= 14 else {}
            seq = g.node("Reshape", [y, g.ints([0, 0, -1], scope)], scope,
                         outputs=[final], **reshape_attrs)
        else:
            seq = g.node("Squeeze", [y, g.ints([1], scope)], scope, outputs=[final])
    if m.batch_first:
        seq = g.node("Transpose", [seq], scope, perm=[1, 0, 2], outputs=[out_names[0]])
    h = h_outs[0]
    c = c_outs[0] if lstm else None
    if L > 1:
        if out_names[1] is not False:
            h = g.node("Concat", h_outs, scope, outputs=[out_names[1]], axis=0)
        if lstm and out_names[2] is not False:
            c = g.node("Concat", c_outs, scope, outputs=[out_names[2]], axis=0)
    return seq, h, c


# ---------------------------------------------------------------------------------------
# Cases: a module, its inputs (one or two shapes) and the graph torch writes for it.

class Case:
    def __init__(self, opset):
        self.graph = Graph(opset)
        self.inputs = []     # (name, dtype, declared shape)
        self.outputs = []    # (name, declared shape)
        self.sets = []       # [(inputs, expected)] per input shape

    def write(self, out_dir):
        def info(name, dtype, shape):
            return helper.make_tensor_value_info(name, dtype, shape)
        g = self.graph
        graph = helper.make_graph(
            g.nodes, "torch_jit",
            [info(name, dtype, shape) for name, dtype, shape in self.inputs],
            [info(name, TensorProto.FLOAT, shape) for name, shape in self.outputs],
            initializer=g.initializers)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", g.opset)],
                                  producer_name="pytorch", producer_version="1.13.0")
        model.ir_version = 7
        onnx.checker.check_model(model, full_check=True)
        os.makedirs(out_dir, exist_ok=True)
        onnx.save(model, os.path.join(out_dir, "model.onnx"))
        for s, (inputs, expected) in enumerate(self.sets):
            prefix = "" if s == 0 else "set%d_" % (s + 1)
            for k, v in enumerate(inputs):
                np.save(os.path.join(out_dir, "%sin_%d.npy" % (prefix, k)), v)
            for k, v in enumerate(expected):
                np.save(os.path.join(out_dir, "%sexpected_%d.npy" % (prefix, k)), v)


def rnn_case(module, opset, shapes, seed, with_states=False, dynamic=False):
    """A bare nn.LSTM / nn.GRU: forward(x) or forward(x, h0[, c0]), returning output, h_n
    (and c_n). shapes: (T, B) of each input set (several only when dynamic)."""
    m = module
    lstm = m.kind == "LSTM"
    c = Case(opset)
    init = Init(seed)
    in_size = m.params["weight_ih_l0"].shape[1]
    state_names = ["h0", "c0"][:2 if lstm else 1]
    out_names = ["y", "h", "c"][:3 if lstm else 2]

    def x_dims(t, b):
        return [b, t, in_size] if m.batch_first else [t, b, in_size]
    t0, b0 = shapes[0]
    if dynamic:
        x_decl = x_dims("time", "batch")
        y_decl = ["batch", "time", m.dirs * m.hidden] if m.batch_first else \
            ["time", "batch", m.dirs * m.hidden]
        s_decl = [m.layers * m.dirs, "batch", m.hidden]
    else:
        x_decl = x_dims(t0, b0)
        y_decl = x_dims(t0, b0)[:2] + [m.dirs * m.hidden]
        s_decl = [m.layers * m.dirs, b0, m.hidden]
    c.inputs.append(("x", TensorProto.FLOAT, x_decl))
    if with_states:
        c.inputs += [(name, TensorProto.FLOAT, s_decl) for name in state_names]
    c.outputs = [("y", y_decl)] + [(name, s_decl) for name in out_names[1:]]
    export_rnn(c.graph, m, "x", x_shape=x_dims(t0, b0),
               states=state_names if with_states else None, dynamic=dynamic,
               out_names=out_names + [False] * (3 - len(out_names)))
    for t, b in shapes:
        x = init.uniform(1.0, *x_dims(t, b))
        feeds = [x]
        if with_states:
            feeds += [init.uniform(1.0, m.layers * m.dirs, b, m.hidden) for _ in state_names]
        expected = torch_forward(m, *feeds)
        c.sets.append((feeds, [e.astype(np.float32) for e in expected]))
    return c


def linear(init, fan_in, fan_out):
    """nn.Linear's weight [out, in] and bias, uniform in ±1/sqrt(in)."""
    bound = 1.0 / np.sqrt(fan_in)
    return init.uniform(bound, fan_out, fan_in), init.uniform(bound, fan_out)


def case_lstm_one_layer():
    """nn.LSTM(4, 8), time-major: LSTM -> Squeeze(1); Y_h and Y_c are graph outputs."""
    return rnn_case(lstm(Init(1), 4, 8), 14, [(6, 2)], 11)


def case_gru_one_layer():
    """nn.GRU(4, 8), time-major, opset 15."""
    return rnn_case(gru(Init(2), 4, 8), 15, [(6, 2)], 12)


def case_lstm_stacked3():
    """nn.LSTM(5, 7, num_layers=3, batch_first=True), opset 17: zero states per layer and
    per state (Constant + Expand to the layer input's batch); h and c Concat'ed."""
    return rnn_case(lstm(Init(3), 5, 7, layers=3, batch_first=True), 17, [(6, 2)], 13)


def case_gru_stacked2():
    """nn.GRU(5, 7, num_layers=2), time-major, opset 16."""
    return rnn_case(gru(Init(4), 5, 7, layers=2), 16, [(6, 3)], 14)


def case_lstm_bidirectional2():
    """nn.LSTM(4, 6, num_layers=2, batch_first=True, bidirectional=True): Transpose(0, 2, 1,
    3) + Reshape([0, 0, -1]) after each layer; the second reads 12 features."""
    return rnn_case(lstm(Init(5), 4, 6, layers=2, batch_first=True, bidirectional=True),
                    14, [(5, 3)], 15)


def case_gru_bidirectional2():
    """nn.GRU(4, 6, num_layers=2, bidirectional=True), time-major, opset 17."""
    return rnn_case(gru(Init(6), 4, 6, layers=2, bidirectional=True), 17, [(5, 3)], 16)


def case_lstm_initial_state():
    """nn.LSTM(4, 6, num_layers=2, batch_first=True) called with (h0, c0) graph inputs:
    each layer's states are Slice(h0, [l], [l + 1], [0]) and the same of c0."""
    return rnn_case(lstm(Init(7), 4, 6, layers=2, batch_first=True), 14, [(5, 2)], 17,
                    with_states=True)


def case_gru_initial_state():
    """nn.GRU(4, 6, num_layers=2, bidirectional=True) called with h0, dynamic batch and
    time: each layer's state is Slice(h0, [2l], [2l + 2], [0]) of a run-time [4, batch, 6]."""
    return rnn_case(gru(Init(8), 4, 6, layers=2, bidirectional=True), 15,
                    [(5, 3), (2, 1)], 18, with_states=True, dynamic=True)


def case_lstm_one_layer_state():
    """nn.LSTM(3, 5, batch_first=True) with (h0, c0): one layer, so the graph inputs go
    into the node unsliced."""
    return rnn_case(lstm(Init(9), 3, 5, batch_first=True), 16, [(4, 2)], 19,
                    with_states=True)


def case_lstm_dynamic():
    """nn.LSTM(4, 6, num_layers=2, batch_first=True) with dynamic batch and time: the zero
    states are ConstantOfShape([2, batch, 6]), sliced per layer; run on two shapes."""
    return rnn_case(lstm(Init(10), 4, 6, layers=2, batch_first=True), 14,
                    [(5, 2), (9, 3)], 20, dynamic=True)


def case_gru_dynamic():
    """nn.GRU(4, 6, batch_first=True, bidirectional=True) with dynamic batch and time; the
    second shape has one step and one row."""
    return rnn_case(gru(Init(11), 4, 6, batch_first=True, bidirectional=True), 14,
                    [(5, 2), (1, 1)], 21, dynamic=True)


def case_lstm_wide():
    """nn.LSTM(32, 64, num_layers=2, batch_first=True, bidirectional=True) on 20 steps: the
    sizes of a real model, wide enough for the vectorised gate code."""
    return rnn_case(lstm(Init(17), 32, 64, layers=2, batch_first=True, bidirectional=True),
                    17, [(20, 4)], 27)


def case_gru_wide():
    """nn.GRU(48, 96, num_layers=2) on 24 steps (time-major), opset 16."""
    return rnn_case(gru(Init(18), 48, 96, layers=2), 16, [(24, 3)], 28)


def gate_order(kind):
    """H = 1, I = 2 and parameters that name their torch gate k (code k + 1):
    weight_ih = code / 8 (second column negated), weight_hh = code / 16, bias_ih = code / 4,
    bias_hh = code / 16. The imported kernel's columns show where each gate went."""
    codes = np.arange(1, GATES[kind] + 1, dtype=np.float32)
    params = collections.OrderedDict([
        ("weight_ih_l0", np.stack([codes / 8, -codes / 8], axis=1)),
        ("weight_hh_l0", (codes / 16)[:, None]),
        ("bias_ih_l0", codes / 4),
        ("bias_hh_l0", codes / 16)])
    return RNNModule(kind, params, 1)


def case_lstm_gate_order():
    """nn.LSTM(2, 1) whose parameters name their gate (see gate_order)."""
    return rnn_case(gate_order("LSTM"), 14, [(3, 2)], 29)


def case_gru_gate_order():
    """nn.GRU(2, 1) whose parameters name their gate (see gate_order)."""
    return rnn_case(gate_order("GRU"), 14, [(3, 2)], 30)


def case_lstm_no_bias():
    """nn.LSTM(4, 5, bias=False, bidirectional=True): the node has no B."""
    return rnn_case(lstm(Init(12), 4, 5, bidirectional=True, bias=False), 14, [(4, 3)], 22)


def case_lstm_sentiment():
    """Embedding(40, 8) -> LSTM(8, 12, batch_first=True) -> Linear(12, 1) -> sigmoid on
    out[:, -1]; dynamic batch and time (tokens [batch, time] -> prob [batch, 1]); one
    ConstantOfShape is both zero states."""
    init = Init(13)
    table = init.normal(40, 8)
    m = lstm(init, 8, 12, batch_first=True)
    fc_w, fc_b = linear(init, 12, 1)
    c = Case(14)
    g = c.graph
    c.inputs.append(("tokens", TensorProto.INT64, ["batch", "time"]))
    c.outputs.append(("prob", ["batch", 1]))
    last = g.scalar(-1, "/embedding")
    embedded = g.node("Gather", [g.initializer(table, "embedding.weight"), "tokens"],
                      "/embedding")
    fc_w_name, fc_b_name = g.initializer(fc_w, "fc.weight"), g.initializer(fc_b, "fc.bias")
    out, _, _ = export_rnn(g, m, embedded, "/rnn", dynamic=True, shared_zeros=True)
    step = g.node("Gather", [out, last], axis=1)
    logits = g.node("Gemm", [step, fc_w_name, fc_b_name], "/fc", alpha=1.0, beta=1.0,
                    transB=1)
    g.node("Sigmoid", [logits], outputs=["prob"])
    rng = np.random.default_rng(23)
    for b, t in [(3, 7), (2, 11)]:
        tokens = rng.integers(0, 40, (b, t)).astype(np.int64)
        y = torch_forward(m, table.astype(np.float64)[tokens])[0]
        prob = sigmoid(y[:, -1] @ fc_w.astype(np.float64).T + fc_b)
        c.sets.append(([tokens], [prob.astype(np.float32)]))
    return c


def case_gru_tagger():
    """Embedding(30, 6) -> GRU(6, 8, batch_first=True, bidirectional=True) -> Linear(16, 5)
    per step (MatMul by the folded weight^T + Add) -> softmax(-1); dynamic batch and
    time."""
    init = Init(14)
    table = init.normal(30, 6)
    m = gru(init, 6, 8, batch_first=True, bidirectional=True)
    fc_w, fc_b = linear(init, 16, 5)
    c = Case(14)
    g = c.graph
    c.inputs.append(("tokens", TensorProto.INT64, ["batch", "time"]))
    c.outputs.append(("tags", ["batch", "time", 5]))
    embedded = g.node("Gather", [g.initializer(table, "embedding.weight"), "tokens"],
                      "/embedding")
    fc_b_name = g.initializer(fc_b, "fc.bias")
    out = export_rnn(g, m, embedded, "/rnn", dynamic=True)[0]
    scores = g.node("MatMul", [out, g.initializer(np.ascontiguousarray(fc_w.T),
                                                  op="MatMul")], "/fc")
    scores = g.node("Add", [fc_b_name, scores], "/fc")
    g.node("Softmax", [scores], outputs=["tags"], axis=-1)
    rng = np.random.default_rng(24)
    for b, t in [(2, 6), (4, 3)]:
        tokens = rng.integers(0, 30, (b, t)).astype(np.int64)
        y = torch_forward(m, table.astype(np.float64)[tokens])[0]
        c.sets.append(([tokens], [softmax(y @ fc_w.astype(np.float64).T + fc_b)
                                  .astype(np.float32)]))
    return c


def case_lstm_classifier():
    """Embedding(25, 6) -> LSTM(6, 10, num_layers=2, batch_first=True) -> Linear(10, 3) on
    h_n[-1] (Gather(axis 0, index -1) of the Concat of the layers' Y_h) -> softmax;
    dynamic batch and time."""
    init = Init(15)
    table = init.normal(25, 6)
    m = lstm(init, 6, 10, layers=2, batch_first=True)
    fc_w, fc_b = linear(init, 10, 3)
    c = Case(16)
    g = c.graph
    c.inputs.append(("tokens", TensorProto.INT64, ["batch", "time"]))
    c.outputs.append(("scores", ["batch", 3]))
    embedded = g.node("Gather", [g.initializer(table, "embedding.weight"), "tokens"],
                      "/embedding")
    fc_w_name, fc_b_name = g.initializer(fc_w, "fc.weight"), g.initializer(fc_b, "fc.bias")
    _, h, _ = export_rnn(g, m, embedded, "/rnn", dynamic=True,
                         out_names=(None, None, False))
    top = g.node("Gather", [h, g.scalar(-1)], axis=0)
    logits = g.node("Gemm", [top, fc_w_name, fc_b_name], "/fc", alpha=1.0, beta=1.0,
                    transB=1)
    g.node("Softmax", [logits], outputs=["scores"], axis=1)
    rng = np.random.default_rng(25)
    for b, t in [(3, 6), (1, 10)]:
        tokens = rng.integers(0, 25, (b, t)).astype(np.int64)
        h_n = torch_forward(m, table.astype(np.float64)[tokens])[1]
        c.sets.append(([tokens], [softmax(h_n[-1] @ fc_w.astype(np.float64).T + fc_b)
                                  .astype(np.float32)]))
    return c


def case_gru_classifier():
    """Embedding(25, 6) -> GRU(6, 8, batch_first=True, bidirectional=True) ->
    Linear(16, 4) on cat(h_n[-2], h_n[-1], dim=1) (two Gathers on axis 0 and a Concat on
    axis 1), no activation."""
    init = Init(16)
    table = init.normal(25, 6)
    m = gru(init, 6, 8, batch_first=True, bidirectional=True)
    fc_w, fc_b = linear(init, 16, 4)
    c = Case(14)
    g = c.graph
    b, t = 3, 7
    c.inputs.append(("tokens", TensorProto.INT64, [b, t]))
    c.outputs.append(("logits", [b, 4]))
    embedded = g.node("Gather", [g.initializer(table, "embedding.weight"), "tokens"],
                      "/embedding")
    fc_w_name, fc_b_name = g.initializer(fc_w, "fc.weight"), g.initializer(fc_b, "fc.bias")
    _, h, _ = export_rnn(g, m, embedded, "/rnn", x_shape=[b, t, 6])
    halves = [g.node("Gather", [h, g.scalar(k)], axis=0) for k in (-2, -1)]
    both = g.node("Concat", halves, axis=1)
    g.node("Gemm", [both, fc_w_name, fc_b_name], "/fc", outputs=["logits"], alpha=1.0,
           beta=1.0, transB=1)
    tokens = np.random.default_rng(26).integers(0, 25, (b, t)).astype(np.int64)
    h_n = torch_forward(m, table.astype(np.float64)[tokens])[1]
    both = np.concatenate([h_n[-2], h_n[-1]], axis=1)
    c.sets.append(([tokens], [(both @ fc_w.astype(np.float64).T + fc_b)
                              .astype(np.float32)]))
    return c


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


CASES = collections.OrderedDict(
    (name[len("case_"):], fn) for name, fn in sorted(globals().items())
    if name.startswith("case_"))


# ---------------------------------------------------------------------------------------

def self_test():
    """The torch-layout reference against onnx_gated_reference.py on onnx_weights()'s
    reordering, layer by layer (forward and bidirectional, with initial states): the two
    references and the reordering agree, so the tests' expected outputs rest on them."""
    worst = 0.0
    for kind, make in (("LSTM", lstm), ("GRU", gru)):
        for bidirectional in (False, True):
            init = Init(99)
            m = make(init, 3, 4, bidirectional=bidirectional)
            x = init.uniform(1.0, 5, 2, 3)
            h0 = init.uniform(1.0, m.dirs, 2, 4)
            c0 = init.uniform(1.0, m.dirs, 2, 4)
            W, R, B = onnx_weights(m, 0)
            direction = "bidirectional" if bidirectional else "forward"
            if kind == "LSTM":
                want = torch_forward(m, x, h0, c0)
                Y, Y_h, Y_c = onnx_ref.lstm(x, W, R, B, initial_h=h0, initial_c=c0,
                                            direction=direction)
                got = [Y, Y_h, Y_c]
            else:
                want = torch_forward(m, x, h0)
                got = list(onnx_ref.gru(x, W, R, B, initial_h=h0, direction=direction,
                                        linear_before_reset=1))
            # Y [T, D, N, H] is torch's output [T, N, D * H] with the directions split.
            got[0] = got[0].transpose(0, 2, 1, 3).reshape(want[0].shape)
            for a, b in zip(got, want):
                worst = max(worst, float(np.abs(a - b).max()))
    if worst > 1e-12:
        print("FAIL: the torch-layout and ONNX references differ by %g" % worst)
        return 1
    print("OK: references agree (max difference %g)" % worst)
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(CASES))
        return 0
    if len(argv) == 2 and argv[1] == "--self-test":
        return self_test()
    if len(argv) != 3 or argv[1] not in CASES:
        print("usage: torch_gated.py CASE OUT_DIR | --list | --self-test\ncases: %s"
              % " ".join(CASES), file=sys.stderr)
        return 2
    CASES[argv[1]]().write(argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
