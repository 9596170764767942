#!/usr/bin/python3
"""Writes one test model of the ONNX ops real exports put after the recurrence:
post_rnn_cases.py CASE OUT_DIR (files as op_cases.py writes them; `--list` prints the
cases). Reductions over time, LogSoftmax, ArgMax / ArgMin and TopK on run-time tensors
with dynamic dims, and the sort / unsort graph of PyTorch's
pack_padded_sequence(enforce_sorted=False) around RNN, LSTM and GRU, against numpy float64
references.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import onnx_gated_reference as gated  # noqa: E402
import onnx_rnn_reference as ref  # noqa: E402
from op_cases import Model  # noqa: E402

REDUCE = {"ReduceSum": np.sum, "ReduceMean": np.mean, "ReduceMax": np.max,
          "ReduceMin": np.min, "ReduceProd": np.prod}


def reduce_node(m, op, x, out, axes, keepdims, axes_input):
    """A Reduce* node with axes as an attribute or (axes_input) as an input."""
    attrs = {"keepdims": keepdims}
    inputs = [x]
    if axes is not None and axes_input:
        inputs.append(m.const(out + "_axes", np.array(axes, np.int64)))
    elif axes is not None:
        attrs["axes"] = axes
    return m.node(op, inputs, out, **attrs)


def reduce_ref(op, x, axes, keepdims):
    return REDUCE[op](x, axis=None if axes is None else tuple(axes), keepdims=bool(keepdims))


def reduce_case(opset, seed, shapes):
    """Every Reduce op over several axes (negative ones too), keepdims 0 and 1, all axes,
    and through a pending transpose, on x [n, t, 5] with dynamic n and t; run on each
    of `shapes` (the second and third as set2 / set3)."""
    m = Model(opset=opset, seed=seed)
    sum_input = opset >= 13   # ReduceSum takes axes as an input from opset 13
    other_input = opset >= 18  # the other reductions from opset 18
    plan = [("ReduceMean", [1], 0), ("ReduceMean", [-2], 1), ("ReduceMax", [1], 0),
            ("ReduceMax", [0, -1], 1), ("ReduceSum", [0, 2], 0), ("ReduceSum", [-1], 1),
            ("ReduceMin", None, 1), ("ReduceMin", [2], 0), ("ReduceProd", [2], 0),
            ("ReduceProd", [1], 1), ("ReduceSum", None, 0)]
    xs = [m.rand(*s) for s in shapes]
    m.feed("x", xs[0], ["n", "t", 5])
    refs = [[] for _ in xs]
    for k, (op, axes, keep) in enumerate(plan):
        axes_input = sum_input if op == "ReduceSum" else other_input
        out = reduce_node(m, op, "x", "%s_%d" % (op.lower(), k), axes, keep, axes_input)
        m.output(out, reduce_ref(op, xs[0].astype(np.float64), axes, keep))
        for i, x in enumerate(xs):
            refs[i].append(reduce_ref(op, x.astype(np.float64), axes, keep))
    # A pending transpose [t, 5, n]: the reduction reads x in its own layout.
    t = m.node("Transpose", ["x"], "xt", perm=[1, 2, 0])
    out = reduce_node(m, "ReduceMean", t, "mean_of_transposed", [0], 1,
                      other_input)
    m.output(m.node("Relu", [out], "relu_mean"),
             np.maximum(xs[0].astype(np.float64).transpose(1, 2, 0).mean(0, keepdims=True), 0))
    for i, x in enumerate(xs):
        refs[i].append(np.maximum(x.astype(np.float64).transpose(1, 2, 0).mean(0, keepdims=True), 0))
    m.sets = [([x], r) for x, r in zip(xs[1:], refs[1:])]
    return m


def case_reduce18():
    """Opset 18: axes as inputs; noop_with_empty_axes; int64 reductions."""
    m = reduce_case(18, 20, [(3, 7, 5), (2, 1, 5), (1, 4, 5)])
    # noop_with_empty_axes = 1 without axes: the input unchanged.
    m.output(m.node("ReduceSum", ["x"], "noop", noop_with_empty_axes=1),
             m.feeds["x"].astype(np.float64))
    for (x,), r in m.sets:
        r.append(x.astype(np.float64))
    return m


def case_reduce13():
    """Opset 13: ReduceSum's axes an input, the others' an attribute."""
    return reduce_case(13, 21, [(2, 6, 5), (4, 1, 5)])


def case_reduce11():
    """Opset 11: every reduction's axes an attribute."""
    return reduce_case(11, 22, [(2, 3, 5), (3, 1, 5)])


def case_reduce_int():
    """int64 reductions (a token count, the longest sequence) and ReduceMean's truncation;
    also run with t = 0."""
    m = Model(opset=18, seed=23)
    ids = m.rng.integers(-9, 10, (3, 6)).astype(np.int64)
    m.feed("ids", ids, ["n", "t"])
    for op, axes in (("ReduceSum", [1]), ("ReduceMax", [-1]), ("ReduceMin", [0]),
                     ("ReduceProd", [0]), ("ReduceMean", [1])):
        out = reduce_node(m, op, "ids", op.lower(), axes, 0, True)
        expected = REDUCE[op](ids, axis=tuple(axes))
        if op == "ReduceMean":  # onnxruntime: the sum divided by the count, truncated
            expected = np.trunc(ids.sum(axis=tuple(axes)) / ids.shape[axes[0]])
        m.output(out, expected.astype(np.int64), np.int64)
    # t = 0: empty reductions give 0, the lowest int64 for ReduceMax, and a mean of 0
    # (not a division by zero).
    lowest = np.iinfo(np.int64).min
    m.sets = [([np.zeros((2, 0), np.int64)],
               [np.zeros(2, np.int64), np.full(2, lowest, np.int64), np.zeros(0, np.int64),
                np.zeros(0, np.int64), np.zeros(2, np.int64)])]
    return m


def log_softmax(x, axes):
    mx = x.max(axis=axes, keepdims=True)
    return x - mx - np.log(np.exp(x - mx).sum(axis=axes, keepdims=True))


def case_log_softmax():
    """LogSoftmax over each axis (negative ones too), after a transpose, with large
    inputs (no overflow); x [n, t, 6] with dynamic n and t, also run with t = 1."""
    m = Model(opset=13, seed=24)
    xs = [m.rand(2, 5, 6) * 30, m.rand(3, 1, 6) * 30]
    m.feed("x", xs[0], ["n", "t", 6])
    refs = [[] for _ in xs]
    for axis in (-1, 1, 0, -3):
        m.output(m.node("LogSoftmax", ["x"], "log_softmax_%d" % (axis + 3), axis=axis),
                 log_softmax(xs[0].astype(np.float64), (axis,)))
        for i, x in enumerate(xs):
            refs[i].append(log_softmax(x.astype(np.float64), (axis,)))
    t = m.node("Transpose", ["x"], "xt", perm=[2, 0, 1])
    m.output(m.node("LogSoftmax", [t], "log_softmax_transposed"),
             log_softmax(xs[0].astype(np.float64).transpose(2, 0, 1), (-1,)))
    refs[1].append(log_softmax(xs[1].astype(np.float64).transpose(2, 0, 1), (-1,)))
    m.sets = [([xs[1]], refs[1])]
    return m


def case_log_softmax_legacy():
    """Opset 11 LogSoftmax: over all dims from axis on."""
    m = Model(opset=11, seed=25)
    x = m.rand(2, 3, 4) * 10
    m.feed("x", x, ["n", "t", 4])
    m.output(m.node("LogSoftmax", ["x"], "ls"), log_softmax(x.astype(np.float64), (1, 2)))
    m.output(m.node("LogSoftmax", ["x"], "ls2", axis=2),
             log_softmax(x.astype(np.float64), (2,)))
    return m


def argmax_ref(x, axis, keepdims, last, largest):
    f = np.argmax if largest else np.argmin
    if last:
        flipped = np.flip(x, axis)
        r = x.shape[axis] - 1 - f(flipped, axis=axis)
    else:
        r = f(x, axis=axis)
    return np.expand_dims(r, axis) if keepdims else r


def case_argmax():
    """ArgMax / ArgMin over each axis, keepdims 0 / 1, select_last_index with ties,
    on x [n, t, 4] (values on a coarse grid, so ties are common), and Gather from a
    constant table at the result; also run with t = 1."""
    m = Model(opset=13, seed=26)
    xs = [np.round(m.rand(3, 6, 4) * 2) / 2, np.round(m.rand(2, 1, 4) * 2) / 2]
    xs = [x.astype(np.float32) for x in xs]
    m.feed("x", xs[0], ["n", "t", 4])
    refs = [[] for _ in xs]
    plan = [("ArgMax", 1, 0, 0), ("ArgMax", -1, 1, 0), ("ArgMax", 1, 1, 1),
            ("ArgMin", 0, 0, 0), ("ArgMin", -2, 0, 1), ("ArgMax", 0, 1, 1)]
    for k, (op, axis, keep, last) in enumerate(plan):
        out = m.node(op, ["x"], "%s_%d" % (op.lower(), k), axis=axis, keepdims=keep,
                     select_last_index=last)
        for i, x in enumerate(xs):
            refs[i].append(argmax_ref(x, axis, keep, last, op == "ArgMax").astype(np.int64))
        m.output(out, refs[0][-1], np.int64)
    # The position of the largest mean over time, through a transpose.
    t = m.node("Transpose", ["x"], "xt", perm=[2, 0, 1])
    out = m.node("ArgMax", [t], "argmax_transposed", axis=2, keepdims=0)
    for i, x in enumerate(xs):
        refs[i].append(np.argmax(x.transpose(2, 0, 1), axis=2).astype(np.int64))
    m.output(out, refs[0][-1], np.int64)
    # The row of a constant table for each step's most likely class.
    table = m.rand(4, 3)
    best = m.node("ArgMax", ["x"], "best", axis=2, keepdims=0)
    out = m.node("Gather", [m.const("table", table), best], "class_rows", axis=0)
    for i, x in enumerate(xs):
        refs[i].append(table.astype(np.float64)[np.argmax(x, axis=2)])
    m.output(out, refs[0][-1])
    m.sets = [([xs[1]], refs[1])]
    return m


def topk_ref(x, k, axis, largest):
    """Stable: equal values in index order."""
    order = np.argsort(-x if largest else x, axis=axis, kind="stable")
    idx = np.take(order, np.arange(k), axis=axis)
    return np.take_along_axis(x, idx, axis=axis), idx


def case_topk():
    """TopK: the 3 largest of the last axis, the smallest of a dynamic axis, a full sort
    of a dynamic axis (K from Shape, as torch's sort exports), on values with ties;
    x [n, 6] with dynamic n, also run with n = 1."""
    m = Model(opset=11, seed=27)
    xs = [(np.round(m.rand(4, 6) * 3) / 3).astype(np.float32),
          (np.round(m.rand(1, 6) * 3) / 3).astype(np.float32)]
    m.feed("x", xs[0], ["n", 6])
    refs = [[] for _ in xs]

    def add(name, k_input, k_of, axis, largest):
        values, indices = name + "_values", name + "_indices"
        m.nodes.append(helper.make_node("TopK", ["x", k_input], [values, indices],
                                        name=name, axis=axis, largest=largest, sorted=1))
        for i, x in enumerate(xs):
            v, idx = topk_ref(x.astype(np.float64), k_of(x), axis, largest)
            refs[i] += [v, idx.astype(np.int64)]
        m.output(values, refs[0][-2])
        m.output(indices, refs[0][-1], np.int64)

    add("top3", m.const("k3", np.array([3], np.int64)), lambda x: 3, -1, 1)
    add("bottom1", m.const("k1", np.array([1], np.int64)), lambda x: 1, 0, 0)
    shape = m.node("Shape", ["x"], "shape")
    n = m.node("Gather", [shape, m.const("zero", np.array([0], np.int64))], "n")
    add("sorted", n, lambda x: x.shape[0], 0, 1)
    m.sets = [([xs[1]], refs[1])]
    return m


def pack_padded(cell, seed):
    """pack_padded_sequence(enforce_sorted=False) around a `cell` node (RNN, LSTM or GRU) as
    torch.onnx.export writes it: TopK sorts the lengths, Gather puts the batch in that
    order, the cell reads the sorted lengths, and ScatterElements(zeros, perm, Range(0, n,
    1)) builds the inverse permutation that Gathers Y and the final states back. X [t, n,
    3], lengths [n], dynamic t and n; torch's GRU is linear_before_reset = 1."""
    m = Model(opset=13, seed=seed)
    H, I = 4, 3
    gates = {"RNN": 1, "LSTM": 4, "GRU": 3}[cell]
    scale = 1 / np.sqrt(H)
    W = m.rng.uniform(-scale, scale, (1, gates * H, I)).astype(np.float32)
    R = m.rng.uniform(-scale, scale, (1, gates * H, H)).astype(np.float32)
    B = m.rng.uniform(-scale, scale, (1, 2 * gates * H)).astype(np.float32)
    sets = [(m.rand(6, 5, I), np.array([3, 6, 1, 6, 4], np.int64)),
            (m.rand(4, 3, I), np.array([2, 4, 3], np.int64)),
            (m.rand(1, 2, I), np.array([1, 1], np.int64))]
    x, lens = sets[0]
    m.feed("x", x, ["t", "n", I])
    m.feed("lengths", lens, ["n"])
    shape = m.node("Shape", ["lengths"], "lengths_shape")
    n = m.node("Gather", [shape, m.const("zero", np.array([0], np.int64))], "n")
    m.nodes.append(helper.make_node("TopK", ["lengths", n], ["sorted_lengths", "perm"],
                                    name="sort", axis=0, largest=1, sorted=1))
    xs = m.node("Gather", ["x", "perm"], "x_sorted", axis=1)
    lens32 = m.node("Cast", ["sorted_lengths"], "lengths32", to=TensorProto.INT32)
    finals = ["y_h_sorted", "y_c_sorted"] if cell == "LSTM" else ["y_h_sorted"]
    attrs = {"linear_before_reset": 1} if cell == "GRU" else {}
    m.nodes.append(helper.make_node(
        cell, [xs, m.const("W", W), m.const("R", R), m.const("B", B), lens32],
        ["y_sorted"] + finals, name=cell.lower(), hidden_size=H, **attrs))
    zeros = m.node("ConstantOfShape", [m.node("Shape", ["perm"], "perm_shape")], "zeros",
                   value=helper.make_tensor("v", TensorProto.INT64, [1], [0]))
    count = m.node("Gather", [shape, m.const("zero_scalar", np.array(0, np.int64))], "count")
    arange = m.node("Range", [m.const("start", np.array(0, np.int64)), count,
                              m.const("delta", np.array(1, np.int64))], "arange")
    inverse = m.node("ScatterElements", [zeros, "perm", arange], "inverse", axis=0)
    outputs = [m.node("Gather", ["y_sorted", inverse], "y", axis=2)]
    for f in finals:
        outputs.append(m.node("Gather", [f, inverse], f[:-len("_sorted")], axis=1))
    refs = []
    for xi, li in sets:
        # The sort and unsort cancel: the reference runs the batch as given.
        if cell == "RNN":
            refs.append(list(ref.rnn(xi, W, R, B, sequence_lens=li)))
        elif cell == "LSTM":
            refs.append(list(gated.lstm(xi, W, R, B, sequence_lens=li)))
        else:
            refs.append(list(gated.gru(xi, W, R, B, sequence_lens=li, linear_before_reset=1)))
    for name, expected in zip(outputs, refs[0]):
        m.output(name, expected)
    m.sets = [(list(s), r) for s, r in zip(sets[1:], refs[1:])]
    return m


def case_pack_padded():
    return pack_padded("RNN", 28)


def case_pack_padded_lstm():
    return pack_padded("LSTM", 31)


def case_pack_padded_gru():
    return pack_padded("GRU", 32)


def case_index_bounds():
    """ArgMax over a dynamic axis and TopK(K = 2) along it need t >= 1 and t >= 2:
    bad_<t>.npy (t = 0, 1) must be refused before the run."""
    m = Model(opset=13, seed=29)
    x = m.rand(2, 3)
    m.feed("x", x, ["n", "t"])
    m.output(m.node("ArgMax", ["x"], "argmax", axis=1, keepdims=0),
             np.argmax(x, axis=1).astype(np.int64), np.int64)
    m.nodes.append(helper.make_node("TopK", ["x", m.const("k", np.array([2], np.int64))],
                                    ["top2", "top2_indices"], name="top2", axis=1))
    m.output("top2", topk_ref(x.astype(np.float64), 2, 1, True)[0])
    for t in (0, 1):
        m.bad.append(("bad_%d" % t, [m.rand(2, t)]))
    return m


def case_gather_bounds():
    """Gather along x's batch dim n and its feature dim (3) at the sorted positions of
    lengths [m], another dynamic dim: runs need m <= n and m <= 3; bad_0 (m = 3, n = 2)
    and bad_1 (m = 4, n = 4) must be refused before the run."""
    m = Model(opset=13, seed=30)
    x, lens = m.rand(2, 4, 3), np.array([2, 4, 1], np.int64)
    m.feed("x", x, ["t", "n", 3])
    m.feed("lengths", lens, ["m"])
    shape = m.node("Shape", ["lengths"], "shape")
    k = m.node("Gather", [shape, m.const("zero", np.array([0], np.int64))], "k")
    m.nodes.append(helper.make_node("TopK", ["lengths", k], ["sorted", "perm"], name="sort",
                                    axis=0))
    m.output(m.node("Gather", ["x", "perm"], "x_sorted", axis=1),
             x.astype(np.float64)[:, np.argsort(-lens, kind="stable")])
    # Along the static feature dim (3): m <= 3.
    m.output(m.node("Gather", ["x", "perm"], "features", axis=2),
             x.astype(np.float64)[:, :, np.argsort(-lens, kind="stable")])
    x2, lens2 = m.rand(3, 5, 3), np.array([1, 3], np.int64)
    o2 = np.argsort(-lens2, kind="stable")
    m.sets = [([x2, lens2], [x2.astype(np.float64)[:, o2], x2.astype(np.float64)[:, :, o2]])]
    m.bad.append(("bad_0", [m.rand(2, 2, 3), np.array([1, 2, 3], np.int64)]))
    m.bad.append(("bad_1", [m.rand(2, 4, 3), np.array([1, 2, 3, 4], np.int64)]))
    return m


CASES = {name[len("case_"):]: f for name, f in globals().items()
         if name.startswith("case_")}


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(CASES))
        return 0
    if len(argv) != 3 or argv[1] not in CASES:
        print("usage: post_rnn_cases.py CASE OUT_DIR | --list", file=sys.stderr)
        return 2
    Model.sets = []
    Model.bad = []
    m = CASES[argv[1]]()
    m.write(argv[2])
    # set<k>_in_<i>.npy / set<k>_expected_<i>.npy: the other shapes; <name>_<i>.npy: inputs
    # the model must refuse.
    for k, (ins, outs) in enumerate(m.sets, start=2):
        for kind, values in (("in", ins), ("expected", outs)):
            for i, v in enumerate(values):
                v = np.asarray(v)
                if kind == "expected" and v.dtype != np.int64:
                    v = v.astype(np.float64)
                np.save(os.path.join(argv[2], "set%d_%s_%d.npy" % (k, kind, i)), v)
    for name, ins in m.bad:
        for i, v in enumerate(ins):
            np.save(os.path.join(argv[2], "%s_%d.npy" % (name, i)), v)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
