#!/usr/bin/python3
"""Writes one of python3-onnx's official backend node tests for RNN, LSTM or GRU, generated
by ONNX's own generator: backend_node_test.py TEST_NAME OUT_DIR

OUT_DIR/model.onnx and OUT_DIR/test_data_set_0/{input,output}_<k>.pb, exactly as
`python3 -m onnx.backend.test.cmd_tools generate-data` lays them out. That tool imports
every node-test module and one of them uses numpy aliases removed in numpy 1.24; this
script restores the aliases and imports only the module of the test's op (test_lstm_*:
LSTM, test_gru_*: GRU, else RNN), whose classes run their export_* functions (seeded with
np.random.seed(0)) as they are defined.
"""
import importlib
import os
import sys

import numpy as np

for alias, value in (("float", float), ("int", int), ("bool", bool), ("object", object),
                     ("complex", complex), ("str", str)):
    if alias not in np.__dict__:
        setattr(np, alias, value)

from onnx import numpy_helper  # noqa: E402
import onnx.backend.test.case.node as node_tests  # noqa: E402


def main(argv):
    if len(argv) != 3:
        print("usage: backend_node_test.py TEST_NAME OUT_DIR", file=sys.stderr)
        return 2
    name, out_dir = argv[1], argv[2]
    op = {"lstm": "LSTM", "gru": "GRU"}.get(name.split("_")[1], "RNN")
    node_tests._TargetOpType = op
    importlib.import_module("onnx.backend.test.case.node." + op.lower())  # runs the exports
    cases = {case.name: case for case in node_tests._NodeTestCases}
    if name not in cases:
        print("no node test %r; %s has: %s" % (name, op, ", ".join(sorted(cases))),
              file=sys.stderr)
        return 1
    case = cases[name]
    data_dir = os.path.join(out_dir, "test_data_set_0")
    os.makedirs(data_dir, exist_ok=True)
    with open(os.path.join(out_dir, "model.onnx"), "wb") as f:
        f.write(case.model.SerializeToString())
    inputs, outputs = case.data_sets[0]
    graph = case.model.graph
    for kind, values, infos in (("input", inputs, graph.input),
                                ("output", outputs, graph.output)):
        for k, value in enumerate(values):
            with open(os.path.join(data_dir, "%s_%d.pb" % (kind, k)), "wb") as f:
                f.write(numpy_helper.from_array(value, infos[k].name).SerializeToString())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
