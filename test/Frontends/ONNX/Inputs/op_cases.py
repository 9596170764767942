#!/usr/bin/python3
"""Writes one test model of the ONNX ops around the recurrence: op_cases.py CASE OUT_DIR

OUT_DIR/model.onnx, in_<k>.npy for each graph input and expected_<k>.npy (numpy, float64)
for each graph output (set2_in_<k>.npy, set2_expected_<k>.npy: a second shape, for
dynamic models); `--list` prints the cases. Each model chains several ops so that
their run-time lowerings (and pending transposes between them) are checked numerically.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


class Model:
    def __init__(self, opset=14, seed=0):
        self.rng = np.random.default_rng(seed)
        self.opset = opset
        self.nodes, self.inits, self.inputs, self.outputs = [], [], [], []
        self.feeds, self.expected, self.shapes = {}, {}, {}
        self.set2 = None  # (inputs, expected outputs) of a second shape

    def rand(self, *shape):
        return self.rng.uniform(-1, 1, shape).astype(np.float32)

    def const(self, name, value):
        self.inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def feed(self, name, value, shape=None):
        self.feeds[name] = value
        self.shapes[name] = shape or list(value.shape)
        return name

    def node(self, op, inputs, output, **attrs):
        self.nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    def output(self, name, value, dtype=np.float64):
        """An output; int64 ones (indices) are compared exactly."""
        self.expected[name] = np.asarray(value, dtype)

    def write(self, out_dir):
        ins = [helper.make_tensor_value_info(
            k, onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[v.dtype], self.shapes[k])
            for k, v in self.feeds.items()]
        outs = [helper.make_tensor_value_info(
            k, TensorProto.INT64 if v.dtype == np.int64 else TensorProto.FLOAT,
            [None] * v.ndim) for k, v in self.expected.items()]
        graph = helper.make_graph(self.nodes, "ops", ins, outs, initializer=self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", self.opset)])
        # The checker knows the opsets of the installed onnx only (17 for onnx 1.12).
        if self.opset <= onnx.defs.onnx_opset_version():
            onnx.checker.check_model(model)
        os.makedirs(out_dir, exist_ok=True)
        onnx.save(model, os.path.join(out_dir, "model.onnx"))
        for k, v in enumerate(self.feeds.values()):
            np.save(os.path.join(out_dir, "in_%d.npy" % k), v)
        for k, v in enumerate(self.expected.values()):
            np.save(os.path.join(out_dir, "expected_%d.npy" % k), v)
        if self.set2:
            for kind, values in zip(("in", "expected"), self.set2):
                for k, v in enumerate(values):
                    np.save(os.path.join(out_dir, "set2_%s_%d.npy" % (kind, k)), v)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def case_elementwise():
    """Broadcasting arithmetic and the activation ops."""
    m = Model(seed=1)
    x = m.rand(2, 3, 4)
    c4, c31 = m.rand(4), m.rand(3, 1)
    xd = x.astype(np.float64)
    m.feed("x", x)
    a = m.node("Add", ["x", m.const("c4", c4)], "a")
    b = m.node("Mul", [a, m.const("c31", c31)], "b")
    s = m.node("Sub", [b, "x"], "s")
    d = m.node("Div", [s, m.const("two", np.float32(2.0))], "d")
    ref = ((xd + c4) * c31 - xd) / 2.0
    m.output(d, ref)
    for op, attrs, f in [
            ("LeakyRelu", {"alpha": 0.1}, lambda v: np.where(v >= 0, v, 0.1 * v)),
            ("Elu", {}, lambda v: np.where(v >= 0, v, np.exp(v) - 1)),
            ("HardSigmoid", {}, lambda v: np.clip(0.2 * v + 0.5, 0, 1)),
            ("Softsign", {}, lambda v: v / (1 + np.abs(v))),
            ("Softplus", {}, lambda v: np.log1p(np.exp(v))),
            ("ThresholdedRelu", {"alpha": 0.2}, lambda v: np.where(v > 0.2, v, 0)),
            ("Sigmoid", {}, sigmoid), ("Tanh", {}, np.tanh),
            ("Relu", {}, lambda v: np.maximum(v, 0))]:
        m.output(m.node(op, [d], op.lower(), **attrs), f(ref))
    return m


def case_shapes():
    """Data movement on run-time tensors: pending transposes through reshapes."""
    m = Model(seed=2)
    x = m.rand(2, 3, 4)
    xd = x.astype(np.float64)
    m.feed("x", x)
    t = m.node("Transpose", ["x"], "t", perm=[2, 0, 1])                 # [4, 2, 3]
    r = m.node("Reshape", [t, m.const("s", np.array([4, -1], np.int64))], "r")  # [4, 6]
    m.output(r, xd.transpose(2, 0, 1).reshape(4, 6))
    u = m.node("Unsqueeze", [t, m.const("a1", np.array([1], np.int64))], "u")   # [4,1,2,3]
    q = m.node("Squeeze", [u, "a1"], "q")
    f = m.node("Flatten", [q], "f", axis=2)                               # [8, 3]
    m.output(f, xd.transpose(2, 0, 1).reshape(8, 3))
    c = m.node("Concat", ["x", "x"], "c", axis=1)                        # [2, 6, 4]
    m.output(c, np.concatenate([xd, xd], axis=1))
    sl = m.node("Slice", ["x", m.const("st", np.array([-2, 1], np.int64)),
                          m.const("en", np.array([1 << 62, 3], np.int64)),
                          m.const("ax", np.array([2, 1], np.int64))], "sl")
    m.output(sl, xd[:, 1:3, -2:])
    # A negative step on a constant folds at import; the result meets x at run time.
    k = m.rand(2, 3, 4)
    sl2 = m.node("Slice", [m.const("k", k), m.const("st2", np.array([3], np.int64)),
                           m.const("en2", np.array([-5], np.int64)),
                           m.const("ax2", np.array([2], np.int64)),
                           m.const("sp2", np.array([-1], np.int64))], "sl2")
    m.output(m.node("Add", ["x", sl2], "x_plus_flipped"),
             xd + k.astype(np.float64)[:, :, ::-1])
    g = m.node("Gather", [t, m.const("gi", np.array([2, 0], np.int64))], "g", axis=2)
    m.output(g, xd.transpose(2, 0, 1)[:, :, [2, 0]])
    g1 = m.node("Gather", ["x", m.const("minus1", np.array(-1, np.int64))], "g1", axis=1)
    m.output(g1, xd[:, -1])
    e = m.node("Expand", [m.node("Slice", ["x", m.const("z0", np.array([0], np.int64)),
                                           m.const("z1", np.array([1], np.int64)),
                                           m.const("z2", np.array([1], np.int64))], "x1"),
                          m.const("es", np.array([2, 3, 4], np.int64))], "e")
    m.output(e, np.broadcast_to(xd[:, 0:1], (2, 3, 4)))
    ci = m.node("Cast", ["x"], "ci", to=TensorProto.INT32)              # trunc(x)
    x64 = m.node("Cast", ["x"], "x64", to=TensorProto.DOUBLE)
    x10 = m.node("Mul", [x64, m.const("ten", np.float64(10))], "x10")
    ci10 = m.node("Cast", [x10], "ci10", to=TensorProto.INT64)           # trunc(10 x)
    ci10_32 = m.node("Cast", [ci10], "ci10_32", to=TensorProto.INT32)
    total = m.node("Add", [ci, ci10_32], "total")
    m.output(m.node("Cast", [total], "totalf", to=TensorProto.FLOAT),
             np.trunc(xd) + np.trunc(xd * 10))
    return m


def case_dense():
    """Gemm with alpha, beta, transA and a C matrix; MatMul with a run-time B + Add."""
    m = Model(seed=3)
    x = m.rand(3, 5)
    w = m.rand(4, 5)
    cm = m.rand(3, 4)
    xd = x.astype(np.float64)
    m.feed("x", x)
    g = m.node("Gemm", ["x", m.const("w", w), m.const("cm", cm)], "g", alpha=0.5,
               beta=2.0, transB=1)
    m.output(g, 0.5 * xd @ w.T.astype(np.float64) + 2.0 * cm)
    xt = m.rand(5, 3)
    m.feed("xt", xt)
    g2 = m.node("Gemm", ["xt", m.const("w2", w.T.copy()), m.const("b2", m.rand(4))], "g2",
                transA=1)
    m.output(g2, xt.T.astype(np.float64) @ w.T + numpy_helper.to_array(m.inits[-1]))
    a = m.rand(2, 6, 3)
    b = m.rand(3, 4)
    bias = m.rand(4)
    m.feed("a", a)
    m.feed("b", b)
    mm = m.node("MatMul", ["a", "b"], "mm")
    add = m.node("Add", [mm, m.const("bias", bias)], "mm_bias")
    sm = m.node("Softmax", [add], "softmax", axis=1)
    z = a.astype(np.float64) @ b + bias
    ez = np.exp(z - z.max(axis=1, keepdims=True))
    m.output(sm, ez / ez.sum(axis=1, keepdims=True))
    return m


def case_legacy():
    """Opset 11 semantics: Softmax over the flattened dims from axis on, axes attributes."""
    m = Model(opset=11, seed=4)
    x = m.rand(2, 3, 4)
    xd = x.astype(np.float64)
    m.feed("x", x)
    u = m.node("Unsqueeze", ["x"], "u", axes=[0])
    q = m.node("Squeeze", [u], "q", axes=[0])
    d = m.node("Dropout", [q], "d", ratio=0.5)
    sm = m.node("Softmax", [d], "softmax", axis=1)
    flat = xd.reshape(2, 12)
    e = np.exp(flat - flat.max(axis=1, keepdims=True))
    m.output(sm, (e / e.sum(axis=1, keepdims=True)).reshape(2, 3, 4))
    return m


def case_slice_attributes():
    """Opset 9 Slice: starts / ends / axes as attributes."""
    m = Model(opset=9, seed=5)
    x = m.rand(4, 5)
    m.feed("x", x)
    m.output(m.node("Slice", ["x"], "s", starts=[1, -3], ends=[3, 100], axes=[0, 1]),
             x.astype(np.float64)[1:3, -3:])
    return m


def case_dynamic():
    """Ops on dynamic dims: slices from the end, the last step, a run-time reshape."""
    m = Model(seed=6)
    x = m.rand(3, 5, 4)
    xd = x.astype(np.float64)
    m.feed("x", x, ["n", "t", 4])
    sl = m.node("Slice", ["x", m.const("s", np.array([1], np.int64)),
                          m.const("e", np.array([1 << 62], np.int64)),
                          m.const("a", np.array([1], np.int64))], "tail")     # [n, t-1, 4]
    last = m.node("Gather", [sl, m.const("i", np.array(-1, np.int64))], "last", axis=1)
    m.output(last, xd[:, -1])
    first = m.node("Gather", [sl, m.const("i0", np.array(0, np.int64))], "first", axis=1)
    m.output(first, xd[:, 1])
    shape = m.node("Shape", ["x"], "shape")
    n = m.node("Gather", [shape, m.const("k0", np.array([0], np.int64))], "n")
    target = m.node("Concat", [n, m.const("m1", np.array([-1], np.int64))], "target", axis=0)
    flat = m.node("Reshape", ["x", target], "flat")                        # [n, t * 4]
    back = m.node("Reshape", [flat, m.node("Shape", ["x"], "shape2")], "back")
    m.output(m.node("Relu", [back], "relu"), np.maximum(xd, 0))
    x2 = m.rand(2, 7, 4)
    x2d = x2.astype(np.float64)
    m.set2 = ([x2], [x2d[:, -1], x2d[:, 1], np.maximum(x2d, 0)])
    return m


def case_dynamic_bounds():
    """Positions in a dynamic dim that a short input does not have: the last step, step 2,
    steps [1:4], and the first step of [3:]. Runs need t >= 4; bad_<t>.npy holds inputs
    with t = 0, 2 and 3, which the model must refuse."""
    m = Model(seed=7)
    x = m.rand(2, 5, 4)
    xd = x.astype(np.float64)
    m.feed("x", x, ["n", "t", 4])
    m.output(m.node("Gather", ["x", m.const("i", np.array(-1, np.int64))], "last", axis=1),
             xd[:, -1])
    m.output(m.node("Gather", ["x", m.const("i2", np.array(2, np.int64))], "step2", axis=1),
             xd[:, 2])
    m.output(m.node("Slice", ["x", m.const("s", np.array([1], np.int64)),
                              m.const("e", np.array([4], np.int64)),
                              m.const("a", np.array([1], np.int64))], "mid"), xd[:, 1:4])
    tail = m.node("Slice", ["x", m.const("s3", np.array([3], np.int64)),
                            m.const("e3", np.array([1 << 62], np.int64)),
                            m.const("a3", np.array([1], np.int64))], "tail")
    m.output(m.node("Gather", [tail, m.const("i0", np.array(0, np.int64))], "tail0",
                    axis=1), xd[:, 3])
    x2 = m.rand(3, 4, 4)
    x2d = x2.astype(np.float64)
    m.set2 = ([x2], [x2d[:, -1], x2d[:, 2], x2d[:, 1:4], x2d[:, 3]])
    return m


def case_large_constants():
    """Ops on constants whose results pass the importer's fold limit (2^24 elements): an
    Expand and a broadcasting Add, computed at run time instead of in the compiler, then
    reduced (max, exact in float32) and combined with x."""
    m = Model(seed=9)
    x = m.rand(2, 8)
    m.feed("x", x, ["n", 8])
    row = m.rand(1, 8)
    big = m.node("Expand", [m.const("row", row),
                            m.const("shape", np.array([2049, 1024, 8], np.int64))], "big")
    top = m.node("ReduceMax", [big], "top", axes=[0, 1], keepdims=0)             # [8]
    m.output(m.node("Add", ["x", top], "shifted"), x.astype(np.float64) + row[0])
    col = np.arange(4097, dtype=np.float32).reshape(-1, 1)
    line = np.arange(4096, dtype=np.float32).reshape(1, -1) * 2
    grid = m.node("Add", [m.const("col", col), m.const("line", line)], "grid")  # [4097, 4096]
    m.output(m.node("ReduceMax", [grid], "peak", keepdims=0), np.float64(4096 + 2 * 4095))
    return m


def case_gather_known():
    """Gather from run-time tensors at many known indices (negative ones too), at a 2-D
    table of them, and at 2^20 copies of one index: one gather each, not a slice per
    index. x2's time dim is dynamic: its run must have t >= 5 (checked at run time)."""
    m = Model(seed=11)
    x = m.rand(2, 70, 4)
    xd = x.astype(np.float64)
    m.feed("x", x, ["n", 70, 4])
    many = m.rng.integers(-70, 70, 100).astype(np.int64)
    m.output(m.node("Gather", ["x", m.const("many", many)], "many_steps", axis=1),
             xd[:, many])
    table = m.rng.integers(0, 4, (3, 5)).astype(np.int64)
    m.output(m.node("Gather", ["x", m.const("table", table)], "table_units", axis=2),
             xd[:, :, table])
    copies = m.node("ConstantOfShape", [m.const("count", np.array([1 << 20], np.int64))],
                    "copies", value=numpy_helper.from_array(np.array([3], np.int64)))
    spread = m.node("Gather", ["x", copies], "spread", axis=1)                  # [n, 2^20, 4]
    m.output(m.node("ReduceMax", [spread], "spread_max", axes=[1], keepdims=0), xd[:, 3])
    x2 = m.rand(2, 6, 4)
    m.feed("x2", x2, ["n", "t", 4])
    ahead = m.rng.integers(0, 5, 80).astype(np.int64)
    m.output(m.node("Gather", ["x2", m.const("ahead", ahead)], "ahead_steps", axis=1),
             x2.astype(np.float64)[:, ahead])
    return m


def case_huge_constants():
    """The same ops at 2^31 and 2^32 elements: compiled, not run (the compiler must not
    spend time or memory on them; the run would need gigabytes)."""
    m = Model(seed=10)
    x, row = m.rand(2, 8), m.rand(1, 8)
    m.feed("x", x, ["n", 8])
    big = m.node("Expand", [m.const("row", row),
                            m.const("shape", np.array([1 << 14, 1 << 14, 8], np.int64))], "big")
    top = m.node("ReduceMax", [big], "top", axes=[0, 1], keepdims=0)
    m.output(m.node("Add", ["x", top], "shifted"), x.astype(np.float64) + row[0])
    col, line = m.rand(1 << 16, 1), m.rand(1, 1 << 16)
    grid = m.node("Add", [m.const("col", col), m.const("line", line)], "grid")
    m.output(m.node("ReduceMax", [grid], "peak", keepdims=0),
             np.float64(col.max()) + np.float64(line.max()))
    return m


def write_bad_inputs(out_dir):
    rng = np.random.default_rng(8)
    for t in (0, 2, 3):
        np.save(os.path.join(out_dir, "bad_%d.npy" % t),
                rng.uniform(-1, 1, (2, t, 4)).astype(np.float32))


CASES = {name[len("case_"):]: f for name, f in globals().items()
         if name.startswith("case_")}


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(CASES))
        return 0
    if len(argv) != 3 or argv[1] not in CASES:
        print("usage: op_cases.py CASE OUT_DIR | --list", file=sys.stderr)
        return 2
    CASES[argv[1]]().write(argv[2])
    if argv[1] == "dynamic_bounds":
        write_bad_inputs(argv[2])
    if argv[1] == "gather_known":
        np.save(os.path.join(argv[2], "short_1.npy"), np.zeros((2, 4, 4), np.float32))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
