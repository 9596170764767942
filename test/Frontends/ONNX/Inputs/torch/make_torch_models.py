#!/usr/bin/python3
"""Regenerates the PyTorch-exported ONNX models of the ONNX frontend tests and their
expected outputs: make_torch_models.py [OUT_DIR]  (default: this script's directory).

Each model <name> is exported by torch.onnx.export (float32 weights) to <name>.onnx; its
inputs are <name>.in<k>.npy and its outputs, computed by the same module run in float64,
<name>.expected<k>.npy. Models with dynamic axes also get a second input shape
(<name>.set2.in<k>.npy, <name>.set2.expected<k>.npy). Deterministic (fixed seeds).
"""
import copy
import os
import sys
import warnings

import numpy as np
import torch
from torch import nn

warnings.filterwarnings("ignore")
torch.set_num_threads(1)


class Sentiment(nn.Module):
    """Embedding -> RNN -> Linear -> Sigmoid on the last step (many-to-one)."""

    def __init__(self, vocab=40, embed=8, hidden=12):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed)
        self.rnn = nn.RNN(embed, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, tokens):
        out, _ = self.rnn(self.embedding(tokens))
        return torch.sigmoid(self.fc(out[:, -1]))


class Tagger(nn.Module):
    """Embedding -> bidirectional RNN -> per-step Linear + Softmax."""

    def __init__(self, vocab=30, embed=6, hidden=8, tags=5):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed)
        self.rnn = nn.RNN(embed, hidden, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hidden, tags)

    def forward(self, tokens):
        out, _ = self.rnn(self.embedding(tokens))
        return torch.softmax(self.fc(out), dim=-1)


class WithState(nn.Module):
    """An RNN whose initial state is a model input (2 layers: sliced per layer)."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(4, 6, num_layers=2, batch_first=True)

    def forward(self, x, h0):
        return self.rnn(x, h0)


def rnn(**kwargs):
    return nn.RNN(**kwargs)


# name -> (module factory, example inputs factory, opset, input names, output names,
#          dynamic axes, second-shape inputs factory or None)
def models():
    g = torch.Generator().manual_seed(1234)

    def floats(*shape):
        return torch.rand(*shape, generator=g) * 2 - 1

    def tokens(vocab, *shape):
        return torch.randint(0, vocab, shape, generator=g)

    return {
        # One layer, time-major (batch_first=False), Y and Y_h.
        "rnn_one_layer": (lambda: rnn(input_size=4, hidden_size=8),
                          lambda: (floats(6, 2, 4),), 14, ["x"], ["y", "h"], None, None),
        # Three stacked layers, batch-first.
        "rnn_stacked3": (lambda: rnn(input_size=5, hidden_size=7, num_layers=3,
                                     batch_first=True),
                         lambda: (floats(2, 6, 5),), 14, ["x"], ["y", "h"], None, None),
        # Two bidirectional layers (opset 13: Squeeze / Unsqueeze take axes as inputs).
        "rnn_bidirectional2": (lambda: rnn(input_size=4, hidden_size=6, num_layers=2,
                                           batch_first=True, bidirectional=True),
                               lambda: (floats(3, 5, 4),), 13, ["x"], ["y", "h"], None,
                               None),
        # nonlinearity='relu', opset 17.
        "rnn_relu": (lambda: rnn(input_size=3, hidden_size=5, nonlinearity="relu",
                                 num_layers=2),
                     lambda: (floats(7, 2, 3),), 17, ["x"], ["y", "h"], None, None),
        # Dynamic batch and time axes, bidirectional: run with two shapes.
        "rnn_dynamic": (lambda: rnn(input_size=4, hidden_size=6, batch_first=True,
                                    bidirectional=True),
                        lambda: (floats(2, 5, 4),), 14, ["x"], ["y", "h"],
                        {"x": {0: "batch", 1: "time"}, "y": {0: "batch", 1: "time"},
                         "h": {1: "batch"}},
                        lambda: (floats(3, 9, 4),)),
        # The initial state as an input.
        "rnn_initial_state": (WithState, lambda: (floats(2, 5, 4), floats(2, 2, 6)), 14,
                              ["x", "h0"], ["y", "h"], None, None),
        # Sentiment: tokens in, one probability per sequence out; dynamic batch / time.
        "sentiment": (Sentiment, lambda: (tokens(40, 3, 7),), 14, ["tokens"], ["prob"],
                      {"tokens": {0: "batch", 1: "time"}, "prob": {0: "batch"}},
                      lambda: (tokens(40, 2, 11),)),
        # Tagger: tokens in, per-step tag distributions out.
        "tagger": (Tagger, lambda: (tokens(30, 2, 6),), 14, ["tokens"], ["tags"],
                   None, None),
    }


def run_double(module, inputs):
    m = copy.deepcopy(module).double()
    with torch.no_grad():
        args = [x.double() if x.is_floating_point() else x for x in inputs]
        out = m(*args)
    if isinstance(out, tuple):
        return [o.numpy() for o in out]
    return [out.numpy()]


def main(argv):
    out_dir = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out_dir, exist_ok=True)
    for name, (make, example, opset, in_names, out_names, dynamic, second) in \
            models().items():
        torch.manual_seed(sum(map(ord, name)))
        module = make().eval()
        inputs = example()
        path = os.path.join(out_dir, name + ".onnx")
        torch.onnx.export(module, inputs, path, opset_version=opset,
                          input_names=in_names, output_names=out_names,
                          dynamic_axes=dynamic)
        sets = [("", inputs)] + ([(".set2", second())] if second else [])
        for prefix, xs in sets:
            for k, x in enumerate(xs):
                np.save(os.path.join(out_dir, "%s%s.in%d.npy" % (name, prefix, k)),
                        x.numpy())
            for k, y in enumerate(run_double(module, xs)):
                np.save(os.path.join(out_dir, "%s%s.expected%d.npy" % (name, prefix, k)),
                        y)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
