#!/usr/bin/python3
"""Writes one bad ONNX model: make_onnx.py CASE OUT. Each is a one-node RNN graph
X (3, 2, 4) -> RNN(W, R, B) -> Y_h with one thing wrong; "good" is the unbroken model,
for byte-level damage with damage.py. Built without onnx.checker, which refuses most."""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

T, N, I, H = 3, 2, 4, 5


def model(attrs=None, x_shape=(T, N, I), w=None, r=None, b=None, opset=14,
          inputs=("X", "W", "R", "B"), extra_init=(), y_type=TensorProto.FLOAT, y_shape=None):
    rng = np.random.default_rng(0)
    init = [w if w is not None else
            numpy_helper.from_array(rng.uniform(-1, 1, (1, H, I)).astype(np.float32), "W"),
            r if r is not None else
            numpy_helper.from_array(rng.uniform(-1, 1, (1, H, H)).astype(np.float32), "R"),
            b if b is not None else
            numpy_helper.from_array(np.zeros((1, 2 * H), np.float32), "B")]
    node = helper.make_node("RNN", list(inputs), ["", "Y_h"], name="rnn_0", **(attrs or {}))
    graph = helper.make_graph(
        [node], "bad", [helper.make_tensor_value_info("X", TensorProto.FLOAT, x_shape)],
        [helper.make_tensor_value_info("Y_h", y_type, y_shape)],
        initializer=init + list(extra_init))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def raw(name, dtype, dims, data):
    """An initializer with raw_data exactly as given, whatever its dims say."""
    t = TensorProto(name=name, data_type=dtype, dims=list(dims))
    t.raw_data = data
    return t


def no_op_type():
    m = model()
    m.graph.node[0].op_type = ""
    return m


CASES = {
    "good": lambda: model(),
    "w_int8": lambda: model(w=numpy_helper.from_array(np.ones((1, H, I), np.int8), "W")),
    "w_float16": lambda: model(w=numpy_helper.from_array(np.ones((1, H, I), np.float16), "W")),
    "w_raw_long": lambda: model(w=raw("W", TensorProto.FLOAT, (1, H, I), b"\0" * (4 * H * I + 4))),
    "r_raw_short": lambda: model(r=raw("R", TensorProto.FLOAT, (1, H, H), b"\0" * 7)),
    "b_double": lambda: model(b=numpy_helper.from_array(np.zeros((1, 2 * H)), "B")),
    "opset_huge": lambda: model(opset=100000),
    "hidden_negative": lambda: model({"hidden_size": -5}),
    "bidirectional_one_w": lambda: model({"direction": "bidirectional"}),
    "activation_foo": lambda: model({"activations": ["foo"]}),
    "missing_x": lambda: model(inputs=("", "W", "R", "B")),
    "x_batch_huge": lambda: model(x_shape=(T, 1 << 62, I)),
    "x_dims_overflow": lambda: model(x_shape=(1 << 32, 1 << 32, I)),
    "x_negative": lambda: model(x_shape=(T, -2, I)),
    "w_dim_huge": lambda: model(w=raw("W", TensorProto.FLOAT, (1, H, 1 << 62), b"")),
    "y_declared_shape": lambda: model(y_shape=(9, 9, 9)),
    "y_declared_double": lambda: model(y_type=TensorProto.DOUBLE),
    "input_size_zero": lambda: model(x_shape=(T, N, 0),
                                     w=numpy_helper.from_array(np.ones((1, H, 0), np.float32), "W")),
    "no_op_type": lambda: no_op_type(),
    "r_nan": lambda: model(r=numpy_helper.from_array(
        np.where(np.arange(H * H).reshape(1, H, H) == 7, np.nan, 0.1).astype(np.float32), "R")),
    "lens_int8": lambda: model(inputs=("X", "W", "R", "B", "lens"), extra_init=[
        numpy_helper.from_array(np.full((N,), T, np.int8), "lens")]),
}

if __name__ == "__main__":
    onnx.save(CASES[sys.argv[1]](), sys.argv[2])
