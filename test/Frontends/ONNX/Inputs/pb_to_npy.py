#!/usr/bin/python3
"""Converts serialized ONNX TensorProtos (an ONNX test data set) to .npy files:
pb_to_npy.py IN.pb... OUT_DIR  writes OUT_DIR/<basename of IN>.npy for each IN.
"""
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def main(argv):
    if len(argv) < 3:
        print("usage: pb_to_npy.py IN.pb... OUT_DIR", file=sys.stderr)
        return 2
    out_dir = argv[-1]
    os.makedirs(out_dir, exist_ok=True)
    for path in argv[1:-1]:
        tensor = onnx.TensorProto()
        with open(path, "rb") as f:
            tensor.ParseFromString(f.read())
        stem = os.path.splitext(os.path.basename(path))[0]
        np.save(os.path.join(out_dir, stem + ".npy"), numpy_helper.to_array(tensor))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
