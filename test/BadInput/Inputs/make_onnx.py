#!/usr/bin/python3
"""Writes one bad ONNX model: make_onnx.py CASE OUT. Each is a one-node RNN, LSTM or GRU
graph X (3, 2, 4) -> op(W, R, B, ...) -> Y_h with one thing wrong; "good" is the unbroken
RNN model, for byte-level damage with damage.py. Built without onnx.checker, which refuses
most."""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

T, N, I, H = 3, 2, 4, 5
GATES = {"RNN": 1, "LSTM": 4, "GRU": 3}


def model(attrs=None, x_shape=(T, N, I), w=None, r=None, b=None, opset=14,
          inputs=("X", "W", "R", "B"), extra_init=(), y_type=TensorProto.FLOAT, y_shape=None,
          op="RNN"):
    rng = np.random.default_rng(0)
    g = GATES[op]
    init = [w if w is not None else
            numpy_helper.from_array(rng.uniform(-1, 1, (1, g * H, I)).astype(np.float32), "W"),
            r if r is not None else
            numpy_helper.from_array(rng.uniform(-1, 1, (1, g * H, H)).astype(np.float32), "R"),
            b if b is not None else
            numpy_helper.from_array(np.zeros((1, 2 * g * H), np.float32), "B")]
    node = helper.make_node(op, list(inputs), ["", "Y_h"], name=op.lower() + "_0",
                            **(attrs or {}))
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


def f32(name, shape, dtype=np.float32):
    return numpy_helper.from_array(np.full(shape, 0.5, dtype), name)


def lstm(attrs=None, **kw):
    return model(attrs, op="LSTM", **kw)


def gru(attrs=None, **kw):
    return model(attrs, op="GRU", **kw)


LSTM_INPUTS = ("X", "W", "R", "B", "", "", "", "P")

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
    # LSTM and GRU.
    "lstm_hidden_size": lambda: lstm({"hidden_size": H + 1}),
    "lstm_w_rows": lambda: lstm(w=f32("W", (1, 2 * H, I))),
    "lstm_b_half": lambda: lstm(b=f32("B", (1, 4 * H))),
    "lstm_p_shape": lambda: lstm(inputs=LSTM_INPUTS, extra_init=[f32("P", (1, 4 * H))]),
    "lstm_p_double": lambda: lstm(inputs=LSTM_INPUTS,
                                  extra_init=[f32("P", (1, 3 * H), np.float64)]),
    "lstm_initial_c_shape": lambda: lstm(inputs=("X", "W", "R", "B", "", "", "c0"),
                                         extra_init=[f32("c0", (1, N, 4 * H))]),
    "lstm_input_forget": lambda: lstm({"input_forget": 2}),
    "lstm_activation_count": lambda: lstm({"activations": ["Sigmoid", "Tanh"]}),
    "lstm_activation_unknown": lambda: lstm({"activations": ["Sigmoid", "Gelu", "Tanh"]}),
    "lstm_too_many_inputs": lambda: lstm(inputs=LSTM_INPUTS + ("P",),
                                         extra_init=[f32("P", (1, 3 * H))]),
    "gru_hidden_size": lambda: gru({"hidden_size": 3 * H}),
    "gru_r_square": lambda: gru(r=f32("R", (1, 3 * H, 3 * H))),
    "gru_linear_before_reset": lambda: gru({"linear_before_reset": 2}),
    "gru_activation_count": lambda: gru({"activations": ["Sigmoid", "Tanh", "Tanh"],
                                         "direction": "bidirectional"},
                                        w=f32("W", (2, 3 * H, I)), r=f32("R", (2, 3 * H, H)),
                                        b=f32("B", (2, 6 * H))),
    "gru_input_forget": lambda: gru({"input_forget": 1}),
}

if __name__ == "__main__":
    onnx.save(CASES[sys.argv[1]](), sys.argv[2])
