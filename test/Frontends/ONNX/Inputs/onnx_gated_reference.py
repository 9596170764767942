#!/usr/bin/python3
"""Float64 numpy references of ONNX LSTM and GRU (opset 14), written from the operator spec;
`--self-test` checks them against python3-onnx's helpers and its backend node tests."""
# Conventions the spec leaves open follow onnx_rnn_reference.py: steps past a row's
# sequence_lens keep its state (h and c) and write zeros to Y; Y_h / Y_c are the last valid
# state (the initial state for a length of 0); the reverse direction starts at each row's
# own last valid step; activation_alpha / activation_beta are consumed in order over the
# whole activations list (both directions), with the ONNX op's defaults when they run out.
# clip bounds the inputs of f and g (the gate pre-activations, peephole terms included),
# not the cell state fed to h, as onnxruntime does.
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from onnx_rnn_reference import activations  # noqa: E402

DIRECTIONS = {"forward": [False], "reverse": [True], "bidirectional": [False, True]}


def _layout_in(X, states, layout):
    """X and initial states in layout 0 ([T, N, I], [D, N, H]), float64."""
    X = np.asarray(X, np.float64)
    if layout == 1:
        X = X.transpose(1, 0, 2)
    out = []
    for s in states:
        if s is not None:
            s = np.asarray(s, np.float64)
            if layout == 1:
                s = s.transpose(1, 0, 2)
        out.append(s)
    return X, out


def _layout_out(Y, finals, layout):
    if layout == 1:
        return (Y.transpose(2, 0, 1, 3),) + tuple(f.transpose(1, 0, 2) for f in finals)
    return (Y,) + tuple(finals)


def _clipper(clip):
    if clip is None:
        return lambda x: x
    # Attributes are float32 in the model.
    c = float(np.float32(clip))
    return lambda x: np.clip(x, -c, c)


def _functions(names, default, D, alphas, betas):
    """The activation functions of each direction: a list of D lists."""
    names = list(names) if names else default * D
    k = len(default)
    if len(names) != k * D:
        raise ValueError("%d activations for %d direction(s); expected %d"
                         % (len(names), D, k * D))
    fs = activations(names, alphas, betas)
    return [fs[k * d:k * (d + 1)] for d in range(D)]


def _recur(X, lens, direction, states0, cell):
    """Runs cell(d, x_t, state) -> new state (a tuple, h first) over each row, direction.

    Returns Y [T, D, N, H] and the final states, each [D, N, H] (layout 0)."""
    if direction not in DIRECTIONS:
        raise ValueError("direction %r" % direction)
    T, N, _ = X.shape
    D, _, H = states0[0].shape
    if len(DIRECTIONS[direction]) != D:
        raise ValueError("direction %s with %d weight directions" % (direction, D))
    lens = [T] * N if lens is None else [int(v) for v in np.asarray(lens).reshape(-1)]
    if len(lens) != N or any(not 0 <= v <= T for v in lens):
        raise ValueError("sequence_lens %s for T = %d, N = %d" % (lens, T, N))
    Y = np.zeros((T, D, N, H))
    finals = [s.copy() for s in states0]
    for d, reverse in enumerate(DIRECTIONS[direction]):
        for n in range(N):
            state = tuple(s[d, n].copy() for s in states0)
            steps = range(lens[n])
            for t in (reversed(steps) if reverse else steps):
                state = cell(d, X[t, n], state)
                Y[t, d, n] = state[0]
            for final, s in zip(finals, state):
                final[d, n] = s
    return Y, finals


def _check_hidden(hidden_size, H):
    if hidden_size is not None and int(hidden_size) != H:
        raise ValueError("hidden_size %s but R has %d" % (hidden_size, H))


def lstm(X, W, R, B=None, sequence_lens=None, initial_h=None, initial_c=None, P=None,
         direction="forward", names=None, alphas=None, betas=None, clip=None,
         input_forget=0, layout=0, hidden_size=None):
    """Returns (Y, Y_h, Y_c) in the layout of the node. Gates in W, R, B: i, o, f, c;
    peepholes P: i, o, f. names are the activations (f, g, h per direction)."""
    W = np.asarray(W, np.float64)
    R = np.asarray(R, np.float64)
    D, H4, _ = W.shape
    H = H4 // 4
    _check_hidden(hidden_size, H)
    X, (h0, c0) = _layout_in(X, (initial_h, initial_c), layout)
    N = X.shape[1]
    B = np.zeros((D, 8 * H)) if B is None else np.asarray(B, np.float64)
    P = np.zeros((D, 3 * H)) if P is None else np.asarray(P, np.float64)
    h0 = np.zeros((D, N, H)) if h0 is None else h0
    c0 = np.zeros((D, N, H)) if c0 is None else c0
    fs = _functions(names, ["Sigmoid", "Tanh", "Tanh"], D, alphas, betas)
    bound = _clipper(clip)

    def cell(d, x, state):
        h, c = state
        f, g, hact = fs[d]
        pre = x @ W[d].T + h @ R[d].T + B[d, :4 * H] + B[d, 4 * H:]
        pi, po, pf, pc = (pre[k * H:(k + 1) * H] for k in range(4))
        Pi, Po, Pf = (P[d, k * H:(k + 1) * H] for k in range(3))
        i = f(bound(pi + Pi * c))
        # input_forget couples the gates after the activation, ignoring Pf.
        ft = 1.0 - i if input_forget else f(bound(pf + Pf * c))
        c_new = ft * c + i * g(bound(pc))
        o = f(bound(po + Po * c_new))
        return o * hact(c_new), c_new

    Y, (Y_h, Y_c) = _recur(X, sequence_lens, direction, [h0, c0], cell)
    return _layout_out(Y, (Y_h, Y_c), layout)


def gru(X, W, R, B=None, sequence_lens=None, initial_h=None, direction="forward",
        names=None, alphas=None, betas=None, clip=None, linear_before_reset=0, layout=0,
        hidden_size=None):
    """Returns (Y, Y_h) in the layout of the node. Gates in W, R, B: z, r, h. names are
    the activations (f, g per direction)."""
    W = np.asarray(W, np.float64)
    R = np.asarray(R, np.float64)
    D, H3, _ = W.shape
    H = H3 // 3
    _check_hidden(hidden_size, H)
    X, (h0,) = _layout_in(X, (initial_h,), layout)
    N = X.shape[1]
    B = np.zeros((D, 6 * H)) if B is None else np.asarray(B, np.float64)
    h0 = np.zeros((D, N, H)) if h0 is None else h0
    fs = _functions(names, ["Sigmoid", "Tanh"], D, alphas, betas)
    bound = _clipper(clip)

    def cell(d, x, state):
        (h,) = state
        f, g = fs[d]
        Wb, Rb = B[d, :3 * H], B[d, 3 * H:]
        gx = x @ W[d].T + Wb
        gh = h @ R[d, :2 * H].T + Rb[:2 * H]
        z = f(bound(gx[:H] + gh[:H]))
        r = f(bound(gx[H:2 * H] + gh[H:2 * H]))
        Rh, Rbh = R[d, 2 * H:], Rb[2 * H:]
        if linear_before_reset:
            # Rbh stays inside the reset product: Wbh and Rbh may not be summed here.
            hh = g(bound(gx[2 * H:] + r * (h @ Rh.T + Rbh)))
        else:
            hh = g(bound(gx[2 * H:] + (r * h) @ Rh.T + Rbh))
        return ((1.0 - z) * hh + z * h,)

    Y, (Y_h,) = _recur(X, sequence_lens, direction, [h0], cell)
    return _layout_out(Y, (Y_h,), layout)


# ---------------------------------------------------------------------------------------
# --self-test

HELPER_TOL = 1e-12
BACKEND_DIR = "/usr/lib/python3/dist-packages/onnx/backend/test/data/node"


class Report:
    def __init__(self):
        self.failures = 0
        self.groups = {}   # group -> [configurations, max deviation]

    def compare(self, group, what, got, expected, tol_abs, tol_rel=0.0):
        got = np.asarray(got, np.float64)
        expected = np.asarray(expected, np.float64)
        if got.shape != expected.shape:
            print("FAIL %s: %s: shape %s, expected %s" % (group, what, got.shape,
                                                          expected.shape))
            self.failures += 1
            return
        dev = float(np.max(np.abs(got - expected))) if got.size else 0.0
        entry = self.groups.setdefault(group, [0, 0.0])
        entry[0] += 1
        entry[1] = max(entry[1], dev)
        bad = np.abs(got - expected) > tol_abs + tol_rel * np.abs(expected)
        if bad.any():
            print("FAIL %s: %s: max deviation %.3g at %s" % (
                group, what, dev, np.unravel_index(np.argmax(np.abs(got - expected)),
                                                   got.shape)))
            self.failures += 1

    def summary(self):
        for group, (count, dev) in self.groups.items():
            print("  %-62s %4d checks, max deviation %.2e" % (group, count, dev))


def _overridden(helper_class, fs, clip):
    """The helper with its activations replaced, clip applied to the inputs of f and g."""
    def bound(x):
        return x if clip is None else np.clip(x, -np.float32(clip), np.float32(clip))
    f, g = fs[0], fs[1]

    class Overridden(helper_class):
        pass
    Overridden.f = lambda self, x: f(bound(x))
    Overridden.g = lambda self, x: g(bound(x))
    if len(fs) == 3:
        h = fs[2]
        Overridden.h = lambda self, x: h(x)
    return Overridden


def _helper_pass(helper, x, W, R, extra, **inputs):
    """One pass of an onnx helper over one row x [T, 1, I], one direction. Returns its Y
    [T, H] and, for LSTM, the last cell state: step() does not return it, but applies
    the h activation to each new cell state, so a wrapped h sees it."""
    params = dict(X=x, W=W[None], R=R[None], **extra)
    params.update({k: v[None] for k, v in inputs.items() if v is not None})
    obj = helper(**params)
    cells = []
    if hasattr(obj, "h"):
        h = obj.h

        def spy(c):
            cells.append(np.array(c))
            return h(c)
        obj.h = spy
    Y, _ = obj.step()
    return Y[:, 0, 0], (cells[-1][0] if cells else None)


def _derived(helper, X, W, R, B, h0, c0, P, lens, reverse, extra):
    """The onnx helper composed into one direction of what it does not support itself:
    reverse (time flipped) and sequence_lens (each row over its own steps). W, R, B, P
    of the direction, h0 and c0 [N, H] (or None for GRU's c0). Returns Y [T, N, H] and
    the final states [N, H] (h, and c for LSTM)."""
    T, N, _ = X.shape
    H = R.shape[-1]
    lstm_like = c0 is not None
    Y = np.zeros((T, N, H))
    finals = [h0.copy()] + ([c0.copy()] if lstm_like else [])
    for n in range(N):
        L = T if lens is None else int(lens[n])
        if L == 0:
            continue
        x = X[:L, n:n + 1]
        if reverse:
            x = x[::-1]
        inputs = dict(B=B, initial_h=h0[n:n + 1], P=P)
        if lstm_like:
            inputs["initial_c"] = c0[n:n + 1]
        y, c = _helper_pass(helper, x, W, R, extra, **inputs)
        finals[0][n] = y[-1]
        if lstm_like:
            finals[1][n] = c
        Y[:L, n] = y[::-1] if reverse else y
    return [Y] + finals


def _stack(parts, layout):
    """Per-direction results ([T, N, H], then [N, H] each) as ONNX outputs in the layout,
    built apart from the reference's own transposes."""
    Y = np.stack([p[0] for p in parts], axis=2 if layout else 1)
    finals = [np.stack([p[k] for p in parts], axis=layout) for k in range(1, len(parts[0]))]
    return [Y.swapaxes(0, 1) if layout else Y] + finals


def self_test_helpers(report, rng):
    from onnx.backend.test.case.node.gru import GRU_Helper
    from onnx.backend.test.case.node.lstm import LSTM_Helper

    def rand(*shape, scale=1.0):
        return rng.uniform(-scale, scale, shape)

    shapes = [(5, 3, 4, 6), (1, 2, 3, 1), (7, 1, 2, 17), (4, 4, 5, 3)]

    # 1. What the helpers support as they are: forward, layout 0, B / initial_h /
    # initial_c / P present or absent (LSTM), B / initial_h / linear_before_reset (GRU).
    for T, N, I, H in shapes:
        k = 1.0 / np.sqrt(H)
        X = rand(T, N, I)
        for use_b in (0, 1):
            for use_h0 in (0, 1):
                for use_c0 in (0, 1):
                    for use_p in (0, 1):
                        W, R = rand(1, 4 * H, I, scale=k), rand(1, 4 * H, H, scale=k)
                        B = rand(1, 8 * H, scale=k) if use_b else None
                        h0 = rand(1, N, H) if use_h0 else None
                        c0 = rand(1, N, H) if use_c0 else None
                        P = rand(1, 3 * H) if use_p else None
                        params = dict(X=X, W=W, R=R)
                        for name, v in (("B", B), ("initial_h", h0), ("initial_c", c0),
                                        ("P", P)):
                            if v is not None:
                                params[name] = v
                        eY, eY_h = LSTM_Helper(**params).step()
                        Y, Y_h, _ = lstm(X, W, R, B, initial_h=h0, initial_c=c0, P=P)
                        what = "T%d N%d I%d H%d B%d h0%d c0%d P%d" % (
                            T, N, I, H, use_b, use_h0, use_c0, use_p)
                        group = "LSTM_Helper: forward, layout 0, B/h0/c0/P on or off"
                        report.compare(group, what + " Y", Y, eY, HELPER_TOL)
                        report.compare(group, what + " Y_h", Y_h, eY_h, HELPER_TOL)
        for use_b in (0, 1):
            for use_h0 in (0, 1):
                for lbr in (0, 1):
                    W, R = rand(1, 3 * H, I, scale=k), rand(1, 3 * H, H, scale=k)
                    B = rand(1, 6 * H, scale=k) if use_b else None
                    h0 = rand(1, N, H) if use_h0 else None
                    params = dict(X=X, W=W, R=R, linear_before_reset=lbr)
                    if B is not None:
                        params["B"] = B
                    if h0 is not None:
                        params["initial_h"] = h0
                    eY, eY_h = GRU_Helper(**params).step()
                    Y, Y_h = gru(X, W, R, B, initial_h=h0, linear_before_reset=lbr)
                    what = "T%d N%d I%d H%d B%d h0%d lbr%d" % (T, N, I, H, use_b, use_h0,
                                                               lbr)
                    group = "GRU_Helper: forward, layout 0, B/h0 on or off, lbr 0/1"
                    report.compare(group, what + " Y", Y, eY, HELPER_TOL)
                    report.compare(group, what + " Y_h", Y_h, eY_h, HELPER_TOL)

    # 2. layout = 1 as the helpers run it: they read the batch from X's dim 1 before
    # swapping (so only T = 1 or T = N work), take the initial states in layout 0, and
    # slice Y_h from the wrong axis (Y[:, :, -1], right only when T = 1). Y is compared
    # throughout, Y_h with the helper's when T = 1 and with its Y[:, -1] otherwise.
    for T, N, I, H in ((1, 3, 2, 7), (4, 4, 3, 5)):
        k = 1.0 / np.sqrt(H)
        X = rand(N, T, I)
        for kind in ("lstm", "gru"):
            for lbr in ((0, 1) if kind == "gru" else (0,)):
                G = 4 if kind == "lstm" else 3
                W, R, B = (rand(1, G * H, I, scale=k), rand(1, G * H, H, scale=k),
                           rand(1, 2 * G * H, scale=k))
                h0 = rand(N, 1, H)
                params = dict(X=X, W=W, R=R, B=B, layout=1,
                              initial_h=h0.transpose(1, 0, 2))
                if kind == "lstm":
                    c0, P = rand(N, 1, H), rand(1, 3 * H)
                    params.update(initial_c=c0.transpose(1, 0, 2), P=P)
                    eY, eY_h = LSTM_Helper(**params).step()
                    Y, Y_h, _ = lstm(X, W, R, B, initial_h=h0, initial_c=c0, P=P,
                                     layout=1)
                    group = "LSTM_Helper: layout 1 (T = 1 or T = N)"
                else:
                    params["linear_before_reset"] = lbr
                    eY, eY_h = GRU_Helper(**params).step()
                    Y, Y_h = gru(X, W, R, B, initial_h=h0, linear_before_reset=lbr,
                                 layout=1)
                    group = "GRU_Helper: layout 1 (T = 1 or T = N), lbr 0/1"
                what = "T%d N%d I%d H%d lbr%d" % (T, N, I, H, lbr)
                report.compare(group, what + " Y", Y, eY, HELPER_TOL)
                report.compare(group, what + " Y_h", Y_h,
                               eY_h if T == 1 else eY[:, -1], HELPER_TOL)

    # 3. The helpers composed into what they do not support, and with their activation
    # methods replaced: reverse, bidirectional, sequence_lens (row by row), layout 1
    # (transposed around a layout-0 run), activations with alpha / beta, clip; and
    # input_forget through f = 1 - sigmoid(a) = sigmoid(-a): the reference with
    # input_forget on weights w equals the helper with the f-gate rows set to -(i rows).
    T, N, I = 6, 4, 3
    lens_sets = [None, np.array([6, 0, 3, 1])]
    lstm_acts = [
        (None, None, None, None),
        (["HardSigmoid", "Softsign", "ScaledTanh", "Sigmoid", "Elu", "Relu"],
         [0.3, 1.5], [0.6, 0.7], 0.8),
        (["Sigmoid", "Tanh", "Tanh", "Sigmoid", "Tanh", "Tanh"], None, None, 0.4),
    ]
    gru_acts = [
        (None, None, None, None),
        (["HardSigmoid", "LeakyRelu", "Sigmoid", "Affine"], [0.25, 0.1, 0.9],
         [0.45, 0.05], 0.7),
    ]
    for H in (1, 5):
        k = 1.0 / np.sqrt(H)
        for direction, reverses in DIRECTIONS.items():
            D = len(reverses)
            for layout in (0, 1):
                for lens in lens_sets:
                    X = rand(T, N, I)
                    h0, c0 = rand(D, N, H), rand(D, N, H)
                    XL, (h0L, c0L) = X, (h0, c0)
                    if layout == 1:
                        XL, h0L, c0L = (a.transpose(1, 0, 2) for a in (X, h0, c0))
                    tag = "%s layout%d lens %s H%d" % (
                        direction, layout, "-" if lens is None else list(lens), H)
                    for names, alphas, betas, clip in lstm_acts:
                        names = names and names[:3 * D]
                        for input_forget in (0, 1):
                            if input_forget and names and set(names[::3]) != {"Sigmoid"}:
                                continue
                            W, R = rand(D, 4 * H, I, scale=k), rand(D, 4 * H, H, scale=k)
                            B, P = rand(D, 8 * H, scale=k), rand(D, 3 * H)
                            hW, hR, hB, hP = W.copy(), R.copy(), B.copy(), P.copy()
                            if input_forget:
                                for arr in (hW, hR, hB[:, :4 * H], hB[:, 4 * H:]):
                                    arr[:, 2 * H:3 * H] = -arr[:, :H]
                                hP[:, 2 * H:] = -hP[:, :H]
                            got = lstm(XL, W, R, B, lens, h0L, c0L, P, direction, names,
                                       alphas, betas, clip, input_forget, layout)
                            fs = _functions(names, ["Sigmoid", "Tanh", "Tanh"], D,
                                            alphas, betas)
                            want = _stack([_derived(
                                _overridden(LSTM_Helper, fs[d], clip), X, hW[d], hR[d],
                                hB[d], h0[d], c0[d], hP[d], lens, reverses[d], {})
                                for d in range(D)], layout)
                            group = ("LSTM_Helper composed: directions, layout 1, lens, "
                                     "activations, clip, input_forget")
                            what = "%s acts %s clip %s input_forget %d" % (
                                tag, names, clip, input_forget)
                            for name, g, w in zip(("Y", "Y_h", "Y_c"), got, want):
                                report.compare(group, what + " " + name, g, w, HELPER_TOL)
                    for names, alphas, betas, clip in gru_acts:
                        names = names and names[:2 * D]
                        for lbr in (0, 1):
                            W, R = rand(D, 3 * H, I, scale=k), rand(D, 3 * H, H, scale=k)
                            B = rand(D, 6 * H, scale=k)
                            got = gru(XL, W, R, B, lens, h0L, direction, names, alphas,
                                      betas, clip, lbr, layout)
                            fs = _functions(names, ["Sigmoid", "Tanh"], D, alphas, betas)
                            want = _stack([_derived(
                                _overridden(GRU_Helper, fs[d], clip), X, W[d], R[d], B[d],
                                h0[d], None, None, lens, reverses[d],
                                {"linear_before_reset": lbr}) for d in range(D)], layout)
                            group = ("GRU_Helper composed: directions, layout 1, lens, "
                                     "activations, clip, lbr 0/1")
                            what = "%s acts %s clip %s lbr %d" % (tag, names, clip, lbr)
                            for name, g, w in zip(("Y", "Y_h"), got, want):
                                report.compare(group, what + " " + name, g, w, HELPER_TOL)


def _backend_cases():
    """(name, model, inputs, outputs) of python3-onnx's LSTM and GRU node tests: from the
    stored test data when the package ships it, else from ONNX's own generator (the
    same export functions that wrote the stored data)."""
    import onnx
    from onnx import numpy_helper
    prefixes = ("test_lstm_", "test_gru_")
    cases = []
    if os.path.isdir(BACKEND_DIR):
        for name in sorted(os.listdir(BACKEND_DIR)):
            if not name.startswith(prefixes):
                continue
            root = os.path.join(BACKEND_DIR, name)
            model = onnx.load(os.path.join(root, "model.onnx"))
            data = os.path.join(root, "test_data_set_0")

            def load(kind, count):
                return [numpy_helper.to_array(onnx.load_tensor(
                    os.path.join(data, "%s_%d.pb" % (kind, k)))) for k in range(count)]
            cases.append((name, model, load("input", len(model.graph.input)),
                          load("output", len(model.graph.output))))
        if cases:
            return "stored data in " + BACKEND_DIR, cases
    import onnx.backend.test.case.node as node_tests
    import onnx.backend.test.case.node.gru  # noqa: F401  (defining the classes runs
    import onnx.backend.test.case.node.lstm  # noqa: F401  their export functions)
    for case in node_tests._NodeTestCases:
        if case.name.startswith(prefixes):
            # Through TensorProto and back, as the stored .pb files hold them.
            inputs, outputs = [
                [numpy_helper.to_array(numpy_helper.from_array(v)) for v in values]
                for values in case.data_sets[0]]
            cases.append((case.name, case.model, inputs, outputs))
    return "generated by onnx.backend.test.case.node (no stored data installed)", cases


LSTM_INPUTS = ["X", "W", "R", "B", "sequence_lens", "initial_h", "initial_c", "P"]
GRU_INPUTS = ["X", "W", "R", "B", "sequence_lens", "initial_h"]


def run_node(node, values):
    """The reference on an ONNX LSTM or GRU node: values maps its input names to arrays.
    Returns the node's outputs by name (absent outputs left out)."""
    from onnx import helper
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    if isinstance(attrs.get("direction"), bytes):
        attrs["direction"] = attrs["direction"].decode()
    if "activations" in attrs:
        attrs["activations"] = [a.decode() if isinstance(a, bytes) else a
                                for a in attrs["activations"]]
    roles = LSTM_INPUTS if node.op_type == "LSTM" else GRU_INPUTS
    args = {role: values[name] for role, name in zip(roles, node.input) if name}
    common = dict(B=args.get("B"), sequence_lens=args.get("sequence_lens"),
                  initial_h=args.get("initial_h"),
                  direction=attrs.get("direction", "forward"),
                  names=attrs.get("activations"), alphas=attrs.get("activation_alpha"),
                  betas=attrs.get("activation_beta"), clip=attrs.get("clip"),
                  layout=attrs.get("layout", 0), hidden_size=attrs.get("hidden_size"))
    if node.op_type == "LSTM":
        results = lstm(args["X"], args["W"], args["R"], initial_c=args.get("initial_c"),
                       P=args.get("P"), input_forget=attrs.get("input_forget", 0),
                       **common)
    elif node.op_type == "GRU":
        results = gru(args["X"], args["W"], args["R"],
                      linear_before_reset=attrs.get("linear_before_reset", 0), **common)
    else:
        raise ValueError("not an LSTM or GRU node: %s" % node.op_type)
    return {name: value for name, value in zip(node.output, results) if name}


def self_test_backend(report):
    from onnx import numpy_helper
    source, cases = _backend_cases()
    print("backend node tests: %s" % source)
    if not cases:
        print("FAIL backend node tests: none found")
        report.failures += 1
        return
    for name, model, inputs, outputs in cases:
        graph = model.graph
        (node,) = graph.node
        values = {vi.name: v for vi, v in zip(graph.input, inputs)}
        values.update({init.name: numpy_helper.to_array(init)
                       for init in graph.initializer})
        got = run_node(node, values)
        attrs = sorted(a.name for a in node.attribute)
        shapes = ", ".join("%s %s" % (vi.name, list(v.shape))
                           for vi, v in zip(graph.input, inputs))
        print("  %s: attributes %s; %s" % (name, attrs, shapes))
        for vi, expected in zip(graph.output, outputs):
            report.compare("backend node tests (float32 data)", name + " " + vi.name,
                           got[vi.name], expected, 1e-5, 1e-4)


def self_test():
    report = Report()
    rng = np.random.default_rng(2024)
    self_test_helpers(report, rng)
    self_test_backend(report)
    print("checked:")
    report.summary()
    if report.failures:
        print("%d mismatch(es)" % report.failures)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    print("usage: onnx_gated_reference.py --self-test", file=sys.stderr)
    sys.exit(2)
