#!/usr/bin/python3
"""Writes the compile-time models: ONNX files as torch.onnx.export writes a stacked nn.RNN
(RNN nodes, each layer's (T, dirs, N, H) output transposed and reshaped to (T, N, dirs * H)),
of about 0.1, 1, 3 and 10 million parameters; and two of one 2048-unit layer with 256 and
6144 inputs (4.7 and 16.8 million parameters), whose code is the same: what the weights
alone cost. Dynamic batch, T = 20.

  gen_size_models.py --list        print the model names, one a line
  gen_size_models.py --out-dir DIR write DIR/NAME.onnx for every model

Weights uniform(-1/sqrt(H), 1/sqrt(H)) from numpy's PCG64, seed 0.
"""
import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# name: (input, hidden, layers, bidirectional)
MODELS = {
    "params_0.1M": (256, 256, 1, False),
    "params_1.3M": (256, 1024, 1, False),
    "params_3.1M": (512, 1024, 1, True),
    "params_8.9M": (256, 1024, 2, True),
    "same_code_4.7M": (256, 2048, 1, False),
    "same_code_16.8M": (6144, 2048, 1, False),
}
T = 20


def parameters(i, h, layers, bi):
    dirs = 2 if bi else 1
    total = 0
    for l in range(layers):
        il = i if l == 0 else dirs * h
        total += dirs * (h * il + h * h + 2 * h)
    return total


def model(i, h, layers, bi):
    rng = np.random.default_rng(0)
    dirs = 2 if bi else 1
    nodes, inits = [], []
    x, width = "X", i
    scale = 1 / np.sqrt(h)
    for l in range(layers):
        for name, shape in (("W", (dirs, h, width)), ("R", (dirs, h, h)), ("B", (dirs, 2 * h))):
            inits.append(numpy_helper.from_array(
                rng.uniform(-scale, scale, shape).astype(np.float32), f"{name}{l}"))
        nodes.append(helper.make_node(
            "RNN", [x, f"W{l}", f"R{l}", f"B{l}"], [f"Y{l}"], hidden_size=h,
            direction="bidirectional" if bi else "forward"))
        nodes.append(helper.make_node("Transpose", [f"Y{l}"], [f"Yt{l}"], perm=[0, 2, 1, 3]))
        inits.append(numpy_helper.from_array(np.array([0, 0, -1], np.int64), f"shape{l}"))
        nodes.append(helper.make_node("Reshape", [f"Yt{l}", f"shape{l}"], [f"X{l + 1}"]))
        x, width = f"X{l + 1}", dirs * h
    graph = helper.make_graph(
        nodes, "rnn", [helper.make_tensor_value_info("X", TensorProto.FLOAT, [T, "batch", i])],
        [helper.make_tensor_value_info(x, TensorProto.FLOAT, [T, "batch", width])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--out-dir")
    a = ap.parse_args()
    if a.list:
        for name, spec in MODELS.items():
            print(name, parameters(*spec))
        return 0
    if not a.out_dir:
        ap.error("--out-dir or --list is required")
    os.makedirs(a.out_dir, exist_ok=True)
    for name, spec in MODELS.items():
        onnx.save(model(*spec), os.path.join(a.out_dir, name + ".onnx"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
