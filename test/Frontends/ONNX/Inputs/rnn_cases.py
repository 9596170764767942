#!/usr/bin/python3
"""Writes one ONNX RNN test case: rnn_cases.py CASE OUT_DIR

OUT_DIR/model.onnx (built with onnx.helper), in_<k>.npy for each graph input in order and
expected_<k>.npy for each graph output, from the float64 reference in
onnx_rnn_reference.py. Cases with a dynamic shape also write set2_in_<k>.npy and
set2_expected_<k>.npy for a second shape. `rnn_cases.py --list` prints the case names.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import onnx_rnn_reference as ref  # noqa: E402

T, N, I, H = 5, 3, 4, 6
LENS = np.array([5, 2, 3], np.int32)


class Case:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.nodes, self.inputs, self.initializers, self.outputs = [], [], [], []
        self.feeds = {}          # graph input name -> array
        self.expected = {}       # graph output name -> array
        self.shapes = {}         # graph input name -> declared shape (dim_params)
        self.set2 = None         # (feeds, expected) for a second shape

    def rand(self, *shape, scale=0.5):
        return self.rng.uniform(-scale, scale, shape).astype(np.float32)

    def weights(self, dirs, hidden=H, inputs=I, bias=True, scale=0.5):
        W = self.rand(dirs, hidden, inputs, scale=scale)
        R = self.rand(dirs, hidden, hidden, scale=0.8 * scale)
        B = self.rand(dirs, 2 * hidden, scale=0.3) if bias else None
        return W, R, B

    def constant(self, name, array):
        self.initializers.append(numpy_helper.from_array(array, name))
        return name

    def feed(self, name, array, shape=None):
        self.feeds[name] = array
        if shape is not None:
            self.shapes[name] = shape
        return name

    def output(self, name, array):
        self.expected[name] = array
        return name

    def write(self, out_dir):
        def info(name, array):
            dtype = onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[array.dtype]
            return helper.make_tensor_value_info(name, dtype,
                                                 self.shapes.get(name, array.shape))
        inputs = [info(k, v) for k, v in self.feeds.items()]
        outputs = [helper.make_tensor_value_info(k, TensorProto.FLOAT, [None] * v.ndim)
                   for k, v in self.expected.items()]
        graph = helper.make_graph(self.nodes, "rnn_case", inputs, outputs,
                                  initializer=self.initializers)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
        onnx.checker.check_model(model)
        os.makedirs(out_dir, exist_ok=True)
        onnx.save(model, os.path.join(out_dir, "model.onnx"))
        for k, v in enumerate(self.feeds.values()):
            np.save(os.path.join(out_dir, "in_%d.npy" % k), v)
        for k, v in enumerate(self.expected.values()):
            np.save(os.path.join(out_dir, "expected_%d.npy" % k), v)
        if self.set2:
            feeds, expected = self.set2
            for k, v in enumerate(feeds):
                np.save(os.path.join(out_dir, "set2_in_%d.npy" % k), v)
            for k, v in enumerate(expected):
                np.save(os.path.join(out_dir, "set2_expected_%d.npy" % k), v)


def simple(direction, seed, **attrs):
    """X [T, N, I] in, constant weights, Y and Y_h out."""
    c = Case(seed)
    dirs = 2 if direction == "bidirectional" else 1
    X = c.rand(T, N, I, scale=1.0)
    W, R, B = c.weights(dirs)
    c.feed("X", X)
    c.nodes.append(helper.make_node(
        "RNN", ["X", c.constant("W", W), c.constant("R", R), c.constant("B", B)],
        ["Y", "Y_h"], hidden_size=H, direction=direction, **attrs))
    Y, Y_h = ref.rnn(X, W, R, B, direction=direction, names=attrs.get("activations"),
                     alphas=attrs.get("activation_alpha"),
                     betas=attrs.get("activation_beta"), clip=attrs.get("clip"))
    c.output("Y", Y)
    c.output("Y_h", Y_h)
    return c


def case_forward():
    return simple("forward", 1)


def case_reverse():
    return simple("reverse", 2)


def case_bidirectional():
    return simple("bidirectional", 3)


def case_bidirectional_activations():
    # One activation per direction; alphas consumed in order (LeakyRelu then
    # HardSigmoid), betas by HardSigmoid only.
    return simple("bidirectional", 4, activations=["LeakyRelu", "HardSigmoid"],
                  activation_alpha=[0.1, 0.3], activation_beta=[0.4])


ACTIVATIONS = [
    ("Tanh", [], []), ("Sigmoid", [], []), ("Relu", [], []),
    ("Affine", [0.5], [0.1]), ("Affine", [], []),
    ("LeakyRelu", [0.2], []), ("LeakyRelu", [], []),
    ("ThresholdedRelu", [0.1], []), ("ThresholdedRelu", [], []),
    ("ScaledTanh", [1.5], [0.7]), ("ScaledTanh", [], []),
    ("HardSigmoid", [0.3], [0.6]), ("HardSigmoid", [], []),
    ("Elu", [0.5], []), ("Elu", [], []),
    ("Softsign", [], []), ("Softplus", [], []),
]


def case_activations():
    """Every ONNX activation, with given and with default alpha / beta: one RNN node
    each over the same X, one output each."""
    c = Case(5)
    X = c.rand(T, N, I, scale=1.5)
    c.feed("X", X)
    for k, (name, alphas, betas) in enumerate(ACTIVATIONS):
        W, R, B = c.weights(1, scale=0.9)
        attrs = {"activations": [name]}
        if alphas:
            attrs["activation_alpha"] = alphas
        if betas:
            attrs["activation_beta"] = betas
        out = "Y_%d_%s" % (k, name)
        c.nodes.append(helper.make_node(
            "RNN", ["X", c.constant("W%d" % k, W), c.constant("R%d" % k, R),
                    c.constant("B%d" % k, B)], [out], hidden_size=H, **attrs))
        Y, _ = ref.rnn(X, W, R, B, names=[name], alphas=alphas, betas=betas)
        c.output(out, Y)
    return c


def case_clip():
    c = Case(6)
    X = c.rand(T, N, I, scale=2.0)
    W, R, B = c.weights(2, scale=1.5)
    c.feed("X", X)
    c.nodes.append(helper.make_node(
        "RNN", ["X", c.constant("W", W), c.constant("R", R), c.constant("B", B)],
        ["Y", "Y_h"], hidden_size=H, direction="bidirectional", clip=0.3,
        activations=["Tanh", "Relu"]))
    Y, Y_h = ref.rnn(X, W, R, B, direction="bidirectional", clip=0.3,
                     names=["Tanh", "Relu"])
    c.output("Y", Y)
    c.output("Y_h", Y_h)
    return c


def case_layout1():
    """layout = 1: X [N, T, I], initial_h [N, D, H], Y [N, T, D, H], Y_h [N, D, H]."""
    c = Case(7)
    X = c.rand(N, T, I, scale=1.0)
    W, R, B = c.weights(1)
    h0 = c.rand(N, 1, H)
    c.feed("X", X)
    c.nodes.append(helper.make_node(
        "RNN", ["X", c.constant("W", W), c.constant("R", R), c.constant("B", B), "",
                c.constant("initial_h", h0)],
        ["Y", "Y_h"], hidden_size=H, layout=1))
    Y, Y_h = ref.rnn(X, W, R, B, initial_h=h0, layout=1)
    c.output("Y", Y)
    c.output("Y_h", Y_h)
    return c


def case_layout1_bidirectional():
    """layout = 1, bidirectional, sequence_lens and initial_h fed at run time."""
    c = Case(8)
    X = c.rand(N, T, I, scale=1.0)
    W, R, B = c.weights(2)
    h0 = c.rand(N, 2, H)
    c.feed("X", X)
    c.feed("lens", LENS)
    c.feed("h0", h0)
    c.nodes.append(helper.make_node(
        "RNN", ["X", c.constant("W", W), c.constant("R", R), c.constant("B", B), "lens",
                "h0"], ["Y", "Y_h"], hidden_size=H, layout=1, direction="bidirectional"))
    Y, Y_h = ref.rnn(X, W, R, B, sequence_lens=LENS, initial_h=h0, layout=1,
                     direction="bidirectional")
    c.output("Y", Y)
    c.output("Y_h", Y_h)
    return c


def lens_case(direction, seed, runtime):
    c = Case(seed)
    dirs = 2 if direction == "bidirectional" else 1
    X = c.rand(T, N, I, scale=1.0)
    W, R, B = c.weights(dirs)
    c.feed("X", X)
    lens = c.feed("lens", LENS) if runtime else c.constant("lens", LENS)
    c.nodes.append(helper.make_node(
        "RNN", ["X", c.constant("W", W), c.constant("R", R), c.constant("B", B), lens],
        ["Y", "Y_h"], hidden_size=H, direction=direction))
    Y, Y_h = ref.rnn(X, W, R, B, sequence_lens=LENS, direction=direction)
    c.output("Y", Y)
    c.output("Y_h", Y_h)
    return c


def case_lens_forward():
    return lens_case("forward", 9, runtime=False)


def case_lens_reverse():
    return lens_case("reverse", 10, runtime=False)


def case_lens_bidirectional():
    return lens_case("bidirectional", 11, runtime=True)


def initial_case(seed, direction, runtime, zero=False):
    c = Case(seed)
    dirs = 2 if direction == "bidirectional" else 1
    X = c.rand(T, N, I, scale=1.0)
    W, R, B = c.weights(dirs)
    h0 = np.zeros((dirs, N, H), np.float32) if zero else c.rand(dirs, N, H, scale=0.9)
    c.feed("X", X)
    h = c.feed("h0", h0) if runtime else c.constant("h0", h0)
    c.nodes.append(helper.make_node(
        "RNN", ["X", c.constant("W", W), c.constant("R", R), c.constant("B", B), "", h],
        ["Y", "Y_h"], hidden_size=H, direction=direction))
    Y, Y_h = ref.rnn(X, W, R, B, initial_h=h0, direction=direction)
    c.output("Y", Y)
    c.output("Y_h", Y_h)
    return c


def case_initial_h_constant():
    return initial_case(12, "forward", runtime=False)


def case_initial_h_runtime():
    return initial_case(13, "bidirectional", runtime=True)


def case_initial_h_zero():
    return initial_case(14, "reverse", runtime=False, zero=True)


def case_no_bias():
    c = Case(15)
    X = c.rand(T, N, I, scale=1.0)
    W, R, _ = c.weights(2, bias=False)
    c.feed("X", X)
    c.nodes.append(helper.make_node("RNN", ["X", c.constant("W", W), c.constant("R", R)],
                                    ["Y", "Y_h"], hidden_size=H,
                                    direction="bidirectional"))
    Y, Y_h = ref.rnn(X, W, R, direction="bidirectional")
    c.output("Y", Y)
    c.output("Y_h", Y_h)
    return c


def outputs_case(seed, outputs, direction):
    c = Case(seed)
    dirs = 2 if direction == "bidirectional" else 1
    X = c.rand(T, N, I, scale=1.0)
    W, R, B = c.weights(dirs)
    c.feed("X", X)
    c.nodes.append(helper.make_node(
        "RNN", ["X", c.constant("W", W), c.constant("R", R), c.constant("B", B)],
        outputs, hidden_size=H, direction=direction))
    Y, Y_h = ref.rnn(X, W, R, B, direction=direction)
    for name, value in zip(outputs, (Y, Y_h)):
        if name:
            c.output(name, value)
    return c


def case_y_only():
    return outputs_case(16, ["Y"], "bidirectional")


def case_y_h_only():
    return outputs_case(17, ["", "Y_h"], "reverse")


def case_runtime_weights():
    """W, R, B, sequence_lens and initial_h all fed at run time (as the backend node
    tests do): the transposes and bias sums are IR ops ahead of the recurrence."""
    c = Case(18)
    X = c.rand(T, N, I, scale=1.0)
    W, R, B = c.weights(2)
    h0 = c.rand(2, N, H, scale=0.9)
    for name, value in (("X", X), ("W", W), ("R", R), ("B", B), ("lens", LENS),
                        ("h0", h0)):
        c.feed(name, value)
    c.nodes.append(helper.make_node("RNN", ["X", "W", "R", "B", "lens", "h0"],
                                    ["Y", "Y_h"], hidden_size=H,
                                    direction="bidirectional"))
    Y, Y_h = ref.rnn(X, W, R, B, sequence_lens=LENS, initial_h=h0,
                     direction="bidirectional")
    c.output("Y", Y)
    c.output("Y_h", Y_h)
    return c


def case_overridable_weights():
    """W is a graph input that also has an initializer: per the ONNX IR an overridable
    input, so a run-time argument; R and B are plain initializers (constants)."""
    c = Case(19)
    X = c.rand(T, N, I, scale=1.0)
    W, R, B = c.weights(1)
    c.feed("X", X)
    c.feed("W", W)
    c.constant("W", np.zeros_like(W))  # the default value, overridden by the feed
    c.nodes.append(helper.make_node(
        "RNN", ["X", "W", c.constant("R", R), c.constant("B", B)], ["Y", "Y_h"],
        hidden_size=H))
    Y, Y_h = ref.rnn(X, W, R, B)
    c.output("Y", Y)
    c.output("Y_h", Y_h)
    return c


def case_dynamic():
    """X [time, batch, I] and sequence_lens [batch] with dim_params: dynamic dims."""
    c = Case(20)
    X = c.rand(T, N, I, scale=1.0)
    W, R, B = c.weights(2)
    c.feed("X", X, shape=["time", "batch", I])
    c.feed("lens", LENS, shape=["batch"])
    c.nodes.append(helper.make_node(
        "RNN", ["X", c.constant("W", W), c.constant("R", R), c.constant("B", B), "lens"],
        ["Y", "Y_h"], hidden_size=H, direction="bidirectional"))
    Y, Y_h = ref.rnn(X, W, R, B, sequence_lens=LENS, direction="bidirectional")
    c.output("Y", Y)
    c.output("Y_h", Y_h)
    X2 = c.rand(7, 2, I, scale=1.0)
    lens2 = np.array([7, 4], np.int32)
    c.set2 = ([X2, lens2], list(ref.rnn(X2, W, R, B, sequence_lens=lens2,
                                        direction="bidirectional")))
    return c


def runtime_shape_case(seed, direction, n, t, i, h, bias, lens, h0, outputs, clip=None):
    """Every weight a graph input, at a shape of its own. These shapes crashed the
    workspace planning (a buffer as the function's first op, erased under the builder)."""
    c = Case(seed)
    dirs = 2 if direction == "bidirectional" else 1
    X = c.rand(t, n, i, scale=1.0)
    k = 1.0 / np.sqrt(h)
    W, R = c.rand(dirs, h, i, scale=k), c.rand(dirs, h, h, scale=k)
    B = c.rand(dirs, 2 * h, scale=k) if bias else None
    L = c.rng.integers(0, t + 1, n).astype(np.int32) if lens else None
    H0 = c.rand(dirs, n, h) if h0 else None
    names = [c.feed("X", X), c.feed("W", W), c.feed("R", R)]
    names += [c.feed("B", B) if bias else "", c.feed("lens", L) if lens else "",
              c.feed("h0", H0) if h0 else ""]
    while not names[-1]:
        names.pop()
    attrs = {"clip": clip} if clip is not None else {}
    c.nodes.append(helper.make_node("RNN", names, outputs, hidden_size=h,
                                    direction=direction, **attrs))
    Y, Y_h = ref.rnn(X, W, R, B, sequence_lens=L, initial_h=H0, direction=direction,
                     clip=clip)
    for name, value in zip(outputs, (Y, Y_h)):
        if name:
            c.output(name, value)
    return c


def case_runtime_forward_t43():
    return runtime_shape_case(21, "forward", 5, 43, 3, 2, False, False, False,
                              ["Y", "Y_h"])


def case_runtime_reverse_h1():
    return runtime_shape_case(22, "reverse", 3, 49, 8, 1, False, True, True, ["Y"])


def case_runtime_bidirectional_clip():
    return runtime_shape_case(23, "bidirectional", 2, 7, 3, 8, True, False, False,
                              ["Y", "Y_h"], clip=0.5)


def case_runtime_reverse_t64():
    return runtime_shape_case(24, "reverse", 2, 64, 8, 2, True, True, True, ["", "Y_h"])


CASES = {name[len("case_"):]: f for name, f in globals().items()
         if name.startswith("case_")}


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(CASES))
        return 0
    if len(argv) != 3 or argv[1] not in CASES:
        print("usage: rnn_cases.py CASE OUT_DIR | --list", file=sys.stderr)
        return 2
    CASES[argv[1]]().write(argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
