#!/usr/bin/python3
"""Writes one bad ONNX model of the ops after the recurrence: make_onnx_ops.py CASE OUT.
Each is a small graph on x [n, t, 4] (dynamic n and t) whose last node, named after the
case, has one thing wrong. Built without onnx.checker, which refuses some."""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def model(op, inputs, attrs=None, opset=13, inits=(), before=(), outputs=1,
          x_type=TensorProto.FLOAT, x_shape=("n", "t", 4), extra_inputs=()):
    """x -> [before...] -> op(inputs) -> y (and more outputs when `outputs` > 1)."""
    outs = ["y"] + ["y%d" % k for k in range(1, outputs)]
    node = helper.make_node(op, list(inputs), outs, name=op.lower() + "_0", **(attrs or {}))
    graph = helper.make_graph(
        list(before) + [node], "bad",
        [helper.make_tensor_value_info("x", x_type, list(x_shape))] + list(extra_inputs),
        [helper.make_tensor_value_info(o, TensorProto.UNDEFINED, None) for o in outs],
        initializer=[numpy_helper.from_array(np.asarray(v), k) for k, v in inits])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def ints(v):
    return np.array(v, np.int64)


def node(op, inputs, output, **attrs):
    return helper.make_node(op, inputs, [output], name=output, **attrs)


LENGTHS = helper.make_tensor_value_info("lengths", TensorProto.INT64, ["m"])
SHAPE_N = [node("Shape", ["lengths"], "shape"), node("Gather", ["shape", "zero"], "count")]

CASES = {
    "reduce_keepdims": lambda: model("ReduceMean", ["x"], {"axes": [1], "keepdims": 2}),
    "reduce_noop": lambda: model("ReduceSum", ["x"], {"noop_with_empty_axes": 3}),
    "reduce_axis_repeated": lambda: model("ReduceMax", ["x"], {"axes": [1, -2]}),
    "reduce_axis_range": lambda: model("ReduceSum", ["x", "axes"], inits=[("axes", ints([3]))]),
    "reduce_axes_runtime": lambda: model("ReduceSum", ["x", "axes"], extra_inputs=[
        helper.make_tensor_value_info("axes", TensorProto.INT64, [1])]),
    "reduce_axes_attribute": lambda: model("ReduceMean", ["x"], {"axes": [1]}, opset=18),
    "reduce_bool": lambda: model("ReduceMax", ["b"], {"axes": [1]},
                                 inits=[("b", np.ones((2, 3), bool))]),
    "log_softmax_axis": lambda: model("LogSoftmax", ["x"], {"axis": -4}),
    "log_softmax_int": lambda: model("LogSoftmax", ["x"], x_type=TensorProto.INT64),
    "argmax_empty": lambda: model("ArgMax", ["x"], {"axis": 1}, x_shape=(2, 0, 4)),
    "argmax_last_index": lambda: model("ArgMax", ["x"], {"select_last_index": 2}),
    "topk_k_large": lambda: model("TopK", ["x", "k"], {"axis": 2}, inits=[("k", ints([5]))],
                                  outputs=2),
    "topk_k_negative": lambda: model("TopK", ["x", "k"], inits=[("k", ints([-1]))], outputs=2),
    "topk_k_runtime": lambda: model("TopK", ["x", "k"], extra_inputs=[
        helper.make_tensor_value_info("k", TensorProto.INT64, [1])], outputs=2),
    "topk_k_other_dim": lambda: model("TopK", ["x", "count"], {"axis": 0},
                                      before=SHAPE_N, extra_inputs=[LENGTHS],
                                      inits=[("zero", ints([0]))], outputs=2),
    "topk_largest": lambda: model("TopK", ["x", "k"], {"largest": 2},
                                  inits=[("k", ints([1]))], outputs=2),
    "gather_runtime_indices": lambda: model("Gather", ["x", "lengths"], {"axis": 0},
                                            extra_inputs=[LENGTHS]),
    "gather_positions_too_many": lambda: model(
        "Gather", ["x", "perm"], {"axis": 2}, x_shape=("n", "t", 4),
        before=[helper.make_node("TopK", ["lengths", "k"], ["v", "perm"], name="sort",
                                 axis=0)],
        extra_inputs=[helper.make_tensor_value_info("lengths", TensorProto.INT64, [6])],
        inits=[("k", ints([6]))]),
    "scatter_reduction": lambda: model("ScatterElements", ["x", "i", "x"], {"reduction": "add"},
                                       opset=16, before=[node("Cast", ["x"], "i",
                                                              to=TensorProto.INT64)]),
    "scatter_shape": lambda: model("ScatterElements", ["x", "i", "u"], {"axis": 1},
                                   inits=[("i", np.zeros((1, 2, 4), np.int64)),
                                          ("u", np.zeros((1, 2, 4), np.float32))]),
    "range_start": lambda: model("Range", ["one", "count", "one"], before=SHAPE_N[:1] + [
        node("Gather", ["shape", "zero"], "count")], extra_inputs=[LENGTHS],
        inits=[("zero", ints(0)), ("one", ints(1))]),
    "gather_constant_huge": lambda: model(
        "Gather", ["table", "idx"], before=[helper.make_node(
            "ConstantOfShape", ["count"], ["idx"], name="idx",
            value=numpy_helper.from_array(np.array([0], np.int64)))],
        inits=[("table", np.ones((1, 8), np.float32)), ("count", ints([1 << 30]))]),
    "gather_many_from_end": lambda: model("Gather", ["x", "many"], {"axis": 1},
                                          inits=[("many", ints([-1] * 65))]),
    "range_delta_zero": lambda: model("Range", ["zero", "ten", "zero"],
                                      inits=[("zero", ints(0)), ("ten", ints(10))]),
}

if __name__ == "__main__":
    onnx.save(CASES[sys.argv[1]](), sys.argv[2])
