"""Random Keras models written with h5py in the Keras 1, 2 and 3 layouts
(test/Frontends/Keras/gen/keras_files.py), with the float64 reference of its reference.py.

Drawn per case: the Keras version and file form (.h5; Keras 2/3 JSON + weights; Keras 3
.keras), Sequential or functional; the input (floats with or without Masking and its
mask_value, token ids through an Embedding with or without mask_zero, or a vector repeated
by RepeatVector), static or dynamic T; one to three SimpleRNN or Bidirectional layers
(units, activation, bias, go_backwards, merge mode, return_sequences / return_state on the
last); Dropout between layers; and a head (Dense on the last state or on every step,
TimeDistributed(Dense), Flatten + Dense, Softmax, Activation); and --weight-precision=bf16
or int8 (against the reference on the rounded weight matrices and embedding tables).
"""
import os
import sys

import numpy as np

from cases import Case, RnnRun, narrow

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Frontends", "Keras", "gen"))
from keras_files import (LBidirectional, LDense, LEmbedding, LInput,  # noqa: E402
                         LSimple, LSimpleRNN, LTimeDistributed, Model,
                         write_json_and_weights, write_keras_archive, write_legacy_h5)
import reference  # noqa: E402

ACTIVATIONS = {1: ["tanh", "tanh", "relu", "sigmoid", "hard_sigmoid", "linear", "softsign",
                   "softplus"],
               2: ["tanh", "tanh", "relu", "sigmoid", "hard_sigmoid", "linear", "elu",
                   "selu", "softsign", "softplus"]}
ACTIVATIONS[3] = ACTIVATIONS[2]
HEAD_ACTIVATIONS = ["linear", "relu", "sigmoid", "tanh", "softmax"]
STEPS = [1, 2, 3, 4, 5, 7, 8, 13, 20, 31]


class Namer:
    """Layer names as each Keras version makes them: simplernn_1 (Keras 1), simple_rnn,
    simple_rnn_1 (Keras 2/3)."""

    def __init__(self, v):
        self.v, self.seen = v, {}

    def __call__(self, cls):
        base = {"SimpleRNN": "simplernn" if self.v == 1 else "simple_rnn",
                "TimeDistributed": "timedistributed" if self.v == 1 else "time_distributed",
                "RepeatVector": "repeatvector" if self.v == 1 else "repeat_vector"}.get(
                    cls, cls.lower())
        k = self.seen.get(base, 0)
        self.seen[base] = k + 1
        if self.v == 1:
            return "%s_%d" % (base, k + 1)
        return base if k == 0 else "%s_%d" % (base, k)


def glorot(rng, n_in, n_out):
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, (n_in, n_out)).astype(np.float32)


def orthogonal(rng, n):
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return (q * np.sign(np.diag(r))).astype(np.float32)


def bias(rng, n):
    return rng.uniform(-0.1, 0.1, n).astype(np.float32)


def simple_rnn(rng, v, name, features, units, activation, use_bias, **kw):
    b = bias(rng, units) if use_bias else None
    return LSimpleRNN(name, glorot(rng, features, units), orthogonal(rng, units), b,
                      activation=activation, **kw)


def dense(rng, v, name, n_in, n_out, activation):
    b = bias(rng, n_out) if v == 1 or rng.random() < 0.8 else None
    return LDense(name, glorot(rng, n_in, n_out), b, activation)


def matrices(obj, seen=None):
    """Every 2-D float array the layers (and the layers they wrap) hold."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, np.ndarray):
        if obj.ndim == 2 and obj.dtype.kind == "f":
            yield obj
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            yield from matrices(item, seen)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from matrices(item, seen)
    elif hasattr(obj, "__dict__"):
        for item in vars(obj).values():
            yield from matrices(item, seen)


def make(seed, work):
    rng = np.random.default_rng(seed)
    v = int(rng.choice([1, 2, 3]))
    form = {1: ["h5"], 2: ["h5", "json"], 3: ["h5", "keras", "keras", "json"]}[v]
    form = str(rng.choice(form))
    functional = v >= 2 and rng.random() < 0.3
    name = Namer(v)
    N = int(rng.integers(1, 5))
    T = int(rng.choice(STEPS))
    dynamic_t = rng.random() < 0.3
    kind = str(rng.choice(["floats", "floats", "ids", "vector"]))
    layers, notes = [], []
    acts = ACTIVATIONS[v]

    # The input.
    mask = False
    if kind == "floats":
        F = int(rng.integers(1, 9))
        layers.append(LInput("input_1" if v < 3 else "input_layer",
                             [None, None if dynamic_t else T, F]))
        x = rng.uniform(-1, 1, (N, T, F)).astype(np.float32)
        if rng.random() < 0.3:
            value = float(rng.choice([0.0, -1.0, 0.5]))
            layers.append(LSimple("Masking", name("Masking"), mask_value=value))
            # Whole steps at the mask value: at the front, inside, at the end.
            for n in range(N):
                for t in range(T):
                    if rng.random() < 0.25:
                        x[n, t] = value
            mask = True
            notes.append("masking(%g)" % value)
        features = F
    elif kind == "ids":
        vocab, E = int(rng.integers(2, 30)), int(rng.integers(1, 9))
        layers.append(LInput("input_1" if v < 3 else "input_layer",
                             [None, None if dynamic_t else T], "int32"))
        mask_zero = bool(rng.random() < 0.6)
        table = rng.uniform(-0.5, 0.5, (vocab, E)).astype(np.float32)
        layers.append(LEmbedding(name("Embedding"), table, mask_zero=mask_zero,
                                 input_length=None if dynamic_t else T))
        x = rng.integers(0, vocab, (N, T)).astype(np.int32)
        x[rng.random((N, T)) < 0.2] = 0
        if N > 1 and rng.random() < 0.3:
            x[rng.integers(0, N)] = 0  # a row of nothing but padding
        mask = mask_zero
        notes.append("embedding(%d, mask_zero=%s)" % (vocab, mask_zero))
        features = E
    else:
        F = int(rng.integers(1, 9))
        layers.append(LInput("input_1" if v < 3 else "input_layer", [None, F]))
        x = rng.uniform(-1, 1, (N, F)).astype(np.float32)
        U = int(rng.integers(1, 9))
        layers.append(dense(rng, v, name("Dense"), F, U, str(rng.choice(HEAD_ACTIVATIONS[:4]))))
        layers.append(LSimple("RepeatVector", name("RepeatVector"), n=T))
        dynamic_t = False
        features = U
        notes.append("repeat(%d)" % T)

    # The recurrent stack.
    depth = int(rng.integers(1, 4))
    last_multi = False
    for i in range(depth):
        last = i == depth - 1
        units = int(rng.choice([1, 2, 3, 4, 5, 7, 8, 16, 17]))
        seq = True if not last else bool(rng.random() < 0.5)
        state = last and v >= 2 and rng.random() < 0.15
        act = str(rng.choice(acts))
        use_bias = v == 1 or rng.random() < 0.8  # Keras 1's SimpleRNN always has one
        if rng.random() < 0.4:
            mode = str(rng.choice(["concat", "sum", "ave", "mul"] +
                                  (["none"] if last and v >= 2 else [])))
            merge = None if mode == "none" else mode
            layer_name = name("Bidirectional")
            fw = simple_rnn(rng, v, layer_name, features, units, act, use_bias,
                            return_sequences=seq,
                            return_state=state)
            bw = simple_rnn(rng, v, layer_name, features, units, act, use_bias,
                            return_sequences=seq,
                            return_state=state, go_backwards=True)
            layers.append(LBidirectional(layer_name, fw, bw, merge))
            features = 2 * units if merge == "concat" else units
            last_multi = merge is None or state
            notes.append("bidi(%d, %s, %s, seq=%s, state=%s)" % (units, act, mode, seq, state))
        else:
            back = bool(rng.random() < 0.3)
            layers.append(simple_rnn(rng, v, name("SimpleRNN"), features, units, act, use_bias,
                                     return_sequences=seq, return_state=state,
                                     go_backwards=back))
            features = units
            last_multi = state
            notes.append("rnn(%d, %s, seq=%s, back=%s, state=%s)" % (units, act, seq, back,
                                                                      state))
        if not last and rng.random() < 0.2:
            layers.append(LSimple("Dropout", name("Dropout"), rate=0.3, noise_shape=None,
                                  seed=None))

    # The head (a model with several outputs ends at the recurrence).
    if not last_multi:
        seq = layers[-1].forward.return_sequences if isinstance(layers[-1], LBidirectional) \
            else layers[-1].return_sequences
        choice = str(rng.choice(["none", "dense", "dense_softmax", "activation"] +
                                (["time_distributed", "flatten"] if seq else [])))
        if choice == "flatten" and dynamic_t:
            choice = "time_distributed"
        out = int(rng.integers(1, 6))
        if choice in ("dense", "dense_softmax"):
            layers.append(dense(rng, v, name("Dense"), features, out,
                                str(rng.choice(HEAD_ACTIVATIONS))))
            # Keras' Softmax layer cannot take a (batch, time) mask over features.
            if choice == "dense_softmax" and v >= 2 and not (mask and seq):
                layers.append(LSimple("Softmax", name("Softmax"), axis=-1))
        elif choice == "activation":
            layers.append(LSimple("Activation", name("Activation"),
                                  activation=str(rng.choice(HEAD_ACTIVATIONS))))
        elif choice == "time_distributed":
            layers.append(LTimeDistributed(name("TimeDistributed"), dense(
                rng, v, name("Dense"), features, out, str(rng.choice(HEAD_ACTIVATIONS)))))
        elif choice == "flatten":
            layers.append(LSimple("Flatten", name("Flatten"), data_format="channels_last"))
            layers.append(dense(rng, v, name("Dense"), features * T, out, "linear"))
        notes.append("head=" + choice)

    model = Model(layers, functional=functional)
    if functional and last_multi:
        n_out = 2 if not isinstance(layers[-1], LBidirectional) else \
            (2 if layers[-1].merge_mode is None else 1) + \
            (2 if layers[-1].forward.return_state else 0)
        model.outputs = [(layers[-1].name, i) for i in range(n_out)]

    if form == "h5":
        write_legacy_h5(os.path.join(work, "model.h5"), model, v)
        args = ["model.h5"]
    elif form == "keras":
        write_keras_archive(os.path.join(work, "model.keras"), model)
        args = ["model.keras"]
    else:
        weights = "model.weights.h5" if v == 3 else "model.w.h5"
        write_json_and_weights(os.path.join(work, "model.json"), os.path.join(work, weights),
                               model, v)
        args = ["model.json", "--weights-file=" + weights]
    flags = []
    if dynamic_t and rng.random() < 0.3:
        flags.append("--timesteps=%d" % T)
    if rng.random() < 0.2:
        flags.append("--batch=%d" % N)
    # --weight-precision rounds the weight matrices and embedding tables (the 2-D weights;
    # under int8 the tables go to bf16): the reference runs on the rounded values, the files
    # keep float32.
    precision = str(rng.choice(["f32"] * 8 + ["bf16", "int8"]))
    if precision != "f32":
        flags.append("--weight-precision=" + precision)
        tables = {id(layer.table) for layer in layers if isinstance(layer, LEmbedding)}
        for a in matrices(layers):
            narrow(a, "bf16" if precision == "int8" and id(a) in tables else precision)
    expected = reference.run_model(model, x, v)
    describe = "keras v%d %s %s N=%d T=%d%s %s %s" % (
        v, form, "functional" if functional else "sequential", N, T,
        " dynamic" if dynamic_t else "", " ".join(notes), " ".join(flags))
    compile_args = args + ["--emit=shared", "-o", "model.so"] + flags
    return Case(describe, compile_args, [RnnRun("model.so", [x], expected)])
