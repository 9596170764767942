"""Writes Keras model files in each Keras version's on-disk layout, without TensorFlow.

A model is a list of layers (the `L*` classes below) holding their weights as float32
numpy arrays. The writers serialize the same model as:
  - Keras 1.2 legacy HDF5 (bare-list Sequential config, output_dim, weights _W/_U/_b;
    LSTM and GRU weights per gate, _W_i, _U_i, _b_i, ...),
  - Keras 2.x legacy HDF5 (InputLayer or batch_input_shape, weight_names
    "layer/cell/kernel:0"), and model.to_json() + save_weights() .h5,
  - Keras 3 legacy HDF5 (batch_shape, DTypePolicy objects), .keras zip archives
    (config.json, metadata.json, model.weights.h5 with layers/<key>/.../vars/0..), and
    model.to_json() + save_weights() .weights.h5,
following what those versions write (see /work/shared/semantics.md, "Keras files on disk").
"""
import io
import json
import re
import zipfile

import h5py
import numpy as np


# --------------------------------------------------------------------------------------
# Layers
# --------------------------------------------------------------------------------------

class L:
    """A layer: its Keras class, name and the fields every version shares."""
    cls = None

    def __init__(self, name):
        self.name = name

    def weights(self):
        """[(role, array)] in Keras' order."""
        return []

    def file_weights(self, v):
        """[(role, array)] as Keras `v` stores them."""
        return self.weights()


class LInput(L):
    cls = "InputLayer"

    def __init__(self, name, batch_shape, dtype="float32"):
        super().__init__(name)
        self.batch_shape = list(batch_shape)
        self.dtype = dtype


class LSimpleRNN(L):
    cls = "SimpleRNN"

    def __init__(self, name, kernel, recurrent, bias=None, activation="tanh",
                 return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, cell_name="simple_rnn_cell"):
        super().__init__(name)
        self.kernel, self.recurrent, self.bias = kernel, recurrent, bias
        self.units = kernel.shape[1]
        self.activation = activation
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.cell_name = cell_name

    def weights(self):
        w = [("kernel", self.kernel), ("recurrent_kernel", self.recurrent)]
        if self.bias is not None:
            w.append(("bias", self.bias))
        return w


class LGated(LSimpleRNN):
    """LSTM or GRU (`cls`: "LSTM", "GRU", "CuDNNLSTM", "CuDNNGRU"), holding its weights in
    Keras 2/3's layout: kernel (in, gates * units), recurrent (units, gates * units) with
    the gate blocks in Keras' order (i, f, c, o / z, r, h), bias (gates * units) or, for a
    reset-after GRU, (2, 3 * units). A CuDNNLSTM holds its two biases apart (`bias` is
    then their sum). The file writers convert to Keras 1's per-gate arrays (`per_gate`)
    and to cuDNN's layout."""

    def __init__(self, cls, name, kernel, recurrent, bias=None, activation="tanh",
                 recurrent_activation="sigmoid", reset_after=False, per_gate=True,
                 cudnn_biases=None, **kw):
        gates = 4 if "LSTM" in cls else 3
        units = recurrent.shape[0]
        kw.setdefault("cell_name", None if cls.startswith("CuDNN") else
                      ("lstm_cell" if gates == 4 else "gru_cell"))
        super().__init__(name, kernel, recurrent, bias, activation, **kw)
        self.cls = cls
        self.gates = gates
        self.units = units
        self.cudnn = cls.startswith("CuDNN")
        self.recurrent_activation = recurrent_activation
        self.reset_after = reset_after or (self.cudnn and gates == 3)
        self.per_gate = per_gate
        self.cudnn_biases = cudnn_biases

    def gate_blocks(self, a):
        return np.split(a, self.gates, axis=-1)

    def file_weights(self, v):
        if self.cudnn:
            # cuDNN's layout, the inverse of Keras' converter: an input block's bytes are
            # the (units, input_dim) matrix, a recurrent block is transposed.
            k = np.hstack([b.T.reshape(b.shape) for b in self.gate_blocks(self.kernel)])
            r = np.hstack([b.T for b in self.gate_blocks(self.recurrent)])
            bias = (np.concatenate(self.cudnn_biases) if self.gates == 4
                    else self.bias.reshape(-1))
            return [("kernel", k), ("recurrent_kernel", r), ("bias", bias)]
        if v == 1 and self.per_gate:
            letters = "ifco" if self.gates == 4 else "zrh"
            ws = dict(zip(letters, self.gate_blocks(self.kernel)))
            us = dict(zip(letters, self.gate_blocks(self.recurrent)))
            bs = dict(zip(letters, self.gate_blocks(self.bias)))
            out = []
            for g in ("icfo" if self.gates == 4 else "zrh"):   # Keras 1's order
                out += [("W_" + g, ws[g]), ("U_" + g, us[g]), ("b_" + g, bs[g])]
            return out
        return self.weights()


class LBidirectional(L):
    cls = "Bidirectional"

    def __init__(self, name, forward, backward, merge_mode="concat",
                 explicit_backward=False):
        super().__init__(name)
        self.forward, self.backward = forward, backward
        self.merge_mode = merge_mode
        self.explicit_backward = explicit_backward

    def weights(self):
        return self.forward.weights() + self.backward.weights()

    def file_weights(self, v):
        return self.forward.file_weights(v) + self.backward.file_weights(v)


class LDense(L):
    cls = "Dense"

    def __init__(self, name, kernel, bias=None, activation="linear"):
        super().__init__(name)
        self.kernel, self.bias = kernel, bias
        self.units = kernel.shape[1]
        self.activation = activation

    def weights(self):
        w = [("kernel", self.kernel)]
        if self.bias is not None:
            w.append(("bias", self.bias))
        return w


class LTimeDistributed(L):
    cls = "TimeDistributed"

    def __init__(self, name, inner):
        super().__init__(name)
        self.inner = inner

    def weights(self):
        return self.inner.weights()


class LEmbedding(L):
    cls = "Embedding"

    def __init__(self, name, table, mask_zero=False, input_length=None):
        super().__init__(name)
        self.table = table
        self.mask_zero = mask_zero
        self.input_length = input_length

    def weights(self):
        return [("embeddings", self.table)]


class LSimple(L):
    """Layers without weights: Activation, Softmax, Dropout, SpatialDropout1D,
    GaussianNoise, Flatten, RepeatVector, Masking, or anything else (for errors)."""

    def __init__(self, cls, name, **config):
        super().__init__(name)
        self.cls = cls
        self.config = config


class LRaw(L):
    """A layer with a hand-written config and weights (unsupported layers)."""

    def __init__(self, cls, name, config, weights):
        super().__init__(name)
        self.cls = cls
        self.config = config
        self._weights = weights

    def weights(self):
        return self._weights


class Model:
    """A Sequential model, or a functional one when `functional` is set (each layer
    then reads the previous layer's output `inbound_index`, and `outputs` lists
    (layer, tensor index) pairs)."""

    def __init__(self, layers, functional=False, outputs=None, name=None):
        self.layers = layers
        self.functional = functional
        self.outputs = outputs
        self.name = name or ("model" if functional else "sequential")


def snake(cls):
    name = re.sub(r"\W+", "", cls)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


# --------------------------------------------------------------------------------------
# Configs
# --------------------------------------------------------------------------------------

def initializer(v, name):
    if v == 3:
        return {"module": "keras.initializers", "class_name": name,
                "config": {"seed": None}, "registered_name": None}
    return {"class_name": name, "config": {"seed": None}}


def dtype_of(v, name="float32"):
    if v == 3:
        return {"module": "keras", "class_name": "DTypePolicy",
                "config": {"name": name}, "registered_name": None}
    return name


def recurrent_weight_settings(v):
    """The initializers, regularizers and constraints of a Keras 2/3 recurrent layer."""
    return {"kernel_initializer": initializer(v, "GlorotUniform"),
            "recurrent_initializer": initializer(v, "Orthogonal"),
            "bias_initializer": initializer(v, "Zeros"),
            "kernel_regularizer": None, "recurrent_regularizer": None,
            "bias_regularizer": None, "activity_regularizer": None,
            "kernel_constraint": None, "recurrent_constraint": None,
            "bias_constraint": None}


def layer_config(layer, v, batch_shape=None):
    """The `config` dict of `layer` as Keras `v` writes it; `batch_shape` goes on the
    first layer of Keras 1/2 Sequential models without an InputLayer."""
    c = {"name": layer.name, "trainable": True}
    if v >= 2:
        c["dtype"] = dtype_of(v)
    if batch_shape is not None:
        c["batch_input_shape"] = batch_shape
        if v == 1:
            c["input_dtype"] = "float32"
    if isinstance(layer, LInput):
        c = {"name": layer.name, "dtype": layer.dtype, "sparse": False}
        c["batch_shape" if v == 3 else "batch_input_shape"] = layer.batch_shape
        if v == 2:
            c["ragged"] = False
        return c
    if isinstance(layer, LGated):
        return gated_config(layer, v, c)
    if isinstance(layer, LSimpleRNN):
        if v == 1:
            c.update({"output_dim": layer.units, "init": "glorot_uniform",
                      "inner_init": "orthogonal", "activation": layer.activation,
                      "W_regularizer": None, "U_regularizer": None,
                      "b_regularizer": None, "dropout_W": 0.0, "dropout_U": 0.0})
            if layer.bias is None:
                raise ValueError("Keras 1 SimpleRNN always has a bias")
        else:
            c.update({"units": layer.units, "activation": layer.activation,
                      "use_bias": layer.bias is not None})
            c.update(recurrent_weight_settings(v))
            c.update({"dropout": 0.0, "recurrent_dropout": 0.0})
        c.update({"return_sequences": layer.return_sequences,
                  "go_backwards": layer.go_backwards, "stateful": layer.stateful,
                  "unroll": False})
        if v >= 2:
            c["return_state"] = layer.return_state
        if v == 2:
            c["time_major"] = False
        if v == 3:
            c["zero_output_for_mask"] = False
            c["seed"] = None
        if v == 1:
            c["consume_less"] = "cpu"
        return c
    if isinstance(layer, LBidirectional):
        c["merge_mode"] = layer.merge_mode
        c["layer"] = entry(layer.forward, v)
        if v == 3:
            # Keras 3 renames the halves and always records the backward layer.
            c["layer"]["config"]["name"] = "forward_" + layer.forward.name
            c["backward_layer"] = entry(layer.backward, v)
            c["backward_layer"]["config"]["name"] = "backward_" + layer.forward.name
        elif layer.explicit_backward:
            c["backward_layer"] = entry(layer.backward, v)
        return c
    if isinstance(layer, LDense):
        if v == 1:
            c.update({"output_dim": layer.units, "init": "glorot_uniform",
                      "activation": layer.activation, "W_regularizer": None,
                      "b_regularizer": None, "bias": layer.bias is not None,
                      "input_dim": layer.kernel.shape[0]})
        else:
            c.update({"units": layer.units, "activation": layer.activation,
                      "use_bias": layer.bias is not None,
                      "kernel_initializer": initializer(v, "GlorotUniform"),
                      "bias_initializer": initializer(v, "Zeros"),
                      "kernel_regularizer": None, "bias_regularizer": None,
                      "kernel_constraint": None, "bias_constraint": None})
        return c
    if isinstance(layer, LTimeDistributed):
        c["layer"] = entry(layer.inner, v)
        return c
    if isinstance(layer, LEmbedding):
        c.update({"input_dim": layer.table.shape[0], "output_dim": layer.table.shape[1],
                  "mask_zero": layer.mask_zero})
        if v < 3:
            c["input_length"] = layer.input_length
        if v == 1:
            c.update({"init": "uniform", "dropout": 0.0})
        else:
            c["embeddings_initializer"] = initializer(v, "RandomUniform")
        return c
    if isinstance(layer, (LSimple, LRaw)):
        c.update(layer.config)
        return c
    raise TypeError(layer)


def gated_config(layer, v, c):
    """The config of an LSTM / GRU / CuDNNLSTM / CuDNNGRU layer."""
    lstm = layer.gates == 4
    if v == 1:
        c.update({"output_dim": layer.units, "init": "glorot_uniform",
                  "inner_init": "orthogonal", "activation": layer.activation,
                  "inner_activation": layer.recurrent_activation,
                  "W_regularizer": None, "U_regularizer": None, "b_regularizer": None,
                  "dropout_W": 0.0, "dropout_U": 0.0,
                  "consume_less": "cpu" if layer.per_gate else "gpu"})
        if lstm:
            c["forget_bias_init"] = "one"
    elif layer.cudnn:
        c["units"] = layer.units
        c.update(recurrent_weight_settings(v))
        if lstm:
            c["unit_forget_bias"] = True
    else:
        c.update({"units": layer.units, "activation": layer.activation,
                  "recurrent_activation": layer.recurrent_activation,
                  "use_bias": layer.bias is not None})
        c.update(recurrent_weight_settings(v))
        c.update({"dropout": 0.0, "recurrent_dropout": 0.0, "implementation": 2})
        if lstm:
            c["unit_forget_bias"] = True
        else:
            c["reset_after"] = layer.reset_after
    c.update({"return_sequences": layer.return_sequences,
              "go_backwards": layer.go_backwards, "stateful": layer.stateful})
    if v >= 2:
        c["return_state"] = layer.return_state
    if not layer.cudnn:
        c["unroll"] = False
    if v == 2 and not layer.cudnn:
        c["time_major"] = False
    if v == 3:
        c.update({"zero_output_for_mask": False, "seed": None, "use_cudnn": "auto"})
    return c


def entry(layer, v, batch_shape=None):
    e = {"class_name": layer.cls, "config": layer_config(layer, v, batch_shape)}
    if v == 3:
        e = {"module": "keras.layers", "class_name": layer.cls,
             "config": e["config"], "registered_name": None}
    return e


def model_config(model, v, input_in_config=True):
    """The model's serialized config. Sequential: Keras 1 writes a bare list with the
    input shape on the first layer; Keras 2 an InputLayer (or batch_input_shape when
    `input_in_config` is False); Keras 3 always an InputLayer with batch_shape."""
    layers = model.layers
    inp = layers[0]
    assert isinstance(inp, LInput)
    if not model.functional:
        entries = []
        if v == 3 or (v == 2 and input_in_config):
            entries.append(entry(inp, v))
            entries += [entry(l, v) for l in layers[1:]]
        else:
            entries.append(entry(layers[1], v, batch_shape=inp.batch_shape))
            if v == 1 and isinstance(layers[1], (LSimpleRNN, LDense)):
                entries[0]["config"]["input_dim"] = inp.batch_shape[-1]
            entries += [entry(l, v) for l in layers[2:]]
        if v == 1:
            return {"class_name": "Sequential", "config": entries}
        cfg = {"name": model.name, "layers": entries}
        if v == 3:
            cfg.update({"trainable": True, "dtype": dtype_of(3),
                        "build_input_shape": inp.batch_shape})
            return {"module": "keras", "class_name": "Sequential", "config": cfg,
                    "registered_name": None,
                    "build_config": {"input_shape": inp.batch_shape},
                    "compile_config": None}
        return {"class_name": "Sequential", "config": cfg}

    # Functional: a chain; layer i reads layer i-1's output.
    entries = []
    shape = inp.batch_shape
    for i, layer in enumerate(layers):
        e = entry(layer, v)
        e["name"] = layer.name
        if i == 0:
            e["inbound_nodes"] = []
        elif v == 3:
            e["inbound_nodes"] = [{
                "args": [{"class_name": "__keras_tensor__",
                          "config": {"shape": shape, "dtype": "float32",
                                     "keras_history": [layers[i - 1].name, 0, 0]}}],
                "kwargs": {"training": False} if layer.cls == "Dropout" else {}}]
        elif v == 2:
            e["inbound_nodes"] = [[[layers[i - 1].name, 0, 0, {}]]]
        else:
            e["inbound_nodes"] = [[[layers[i - 1].name, 0, 0]]]
        entries.append(e)
    outputs = model.outputs or [(layers[-1].name, 0)]
    cfg = {"name": model.name, "layers": entries,
           "input_layers": [[inp.name, 0, 0]],
           "output_layers": [[n, 0, i] for n, i in outputs]}
    if v == 3:
        if len(outputs) == 1:
            cfg["output_layers"] = [outputs[0][0], 0, outputs[0][1]]
        cfg["trainable"] = True
        return {"module": "keras.src.models.functional", "class_name": "Functional",
                "config": cfg, "registered_name": "Functional",
                "build_config": {"input_shape": None}, "compile_config": None}
    return {"class_name": "Model" if v == 1 else "Functional", "config": cfg}


# --------------------------------------------------------------------------------------
# Weights: legacy HDF5
# --------------------------------------------------------------------------------------

def legacy_weight_names(layer, v):
    """Names of `layer`'s weights as Keras `v` records them in `weight_names`."""
    if v == 1:
        suffix = {"kernel": "_W", "recurrent_kernel": "_U", "bias": "_b",
                  "embeddings": "_W"}
        if isinstance(layer, LBidirectional):
            return ([("forward_" + layer.forward.name) + suffix.get(r, "_" + r)
                     for r, _ in layer.forward.file_weights(v)] +
                    [("backward_" + layer.forward.name) + suffix.get(r, "_" + r)
                     for r, _ in layer.backward.file_weights(v)])
        if isinstance(layer, LTimeDistributed):
            return [layer.inner.name + suffix[r] for r, _ in layer.weights()]
        return [layer.name + suffix.get(r, "_" + r) for r, _ in layer.file_weights(v)]
    tail = ":0" if v == 2 else ""
    def cell_path(half, r):
        return "%s/%s%s" % (half.cell_name, r, tail) if half.cell_name else r + tail
    if isinstance(layer, LSimpleRNN):
        return ["%s/%s" % (layer.name, cell_path(layer, r))
                for r, _ in layer.file_weights(v)]
    if isinstance(layer, LBidirectional):
        return (["%s/forward_%s/%s" % (layer.name, layer.forward.name,
                                       cell_path(layer.forward, r))
                 for r, _ in layer.forward.file_weights(v)] +
                ["%s/backward_%s/%s" % (layer.name, layer.forward.name,
                                        cell_path(layer.backward, r))
                 for r, _ in layer.backward.file_weights(v)])
    return ["%s/%s%s" % (layer.name, r, tail) for r, _ in layer.weights()]


def write_legacy_weights(group, model, v, skip_weights=()):
    """Layer groups with `weight_names` under `group` (model_weights, or a
    save_weights file's root)."""
    # model.layers: a Sequential model's InputLayer is not one of them.
    weighted = [l for l in model.layers
                if model.functional or not isinstance(l, LInput)]
    names = [l.name for l in weighted]
    group.attrs["layer_names"] = np.array([n.encode() for n in names])
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = {1: b"1.2.2", 2: b"2.4.0", 3: b"3.3.3"}[v]
    for layer in sorted(weighted, key=lambda l: l.name):
        g = group.create_group(layer.name)
        wnames = legacy_weight_names(layer, v)
        arrays = [a for _, a in layer.file_weights(v)]
        if not wnames:
            g.attrs["weight_names"] = np.asarray([])
            continue
        g.attrs["weight_names"] = np.array([n.encode() for n in wnames])
        for n, a in zip(wnames, arrays):
            if (layer.name, n) in skip_weights:
                continue
            g.create_dataset(n, data=a)


def write_legacy_h5(path, model, v, input_in_config=True, config_override=None,
                    skip_weights=()):
    """model.save('m.h5') of Keras 1, 2 or 3."""
    config = config_override or model_config(model, v, input_in_config)
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = {1: b"1.2.2", 2: "2.4.0", 3: "3.3.3"}[v]
        f.attrs["backend"] = "tensorflow" if v > 1 else b"tensorflow"
        text = json.dumps(config)
        # Keras 1 stored bytes (fixed-length strings); Keras 2/3 str (variable length).
        f.attrs["model_config"] = text.encode() if v == 1 else text
        write_legacy_weights(f.create_group("model_weights"), model, v, skip_weights)


def write_json_and_weights(json_path, weights_path, model, v):
    """model.to_json() and model.save_weights(): legacy .h5 (Keras 2) or the Keras 3
    .weights.h5 layout."""
    config = model_config(model, v)
    if v < 3:
        config["keras_version"] = "2.4.0"
        config["backend"] = "tensorflow"
    with open(json_path, "w") as f:
        json.dump(config, f)
    with h5py.File(weights_path, "w") as f:
        if v < 3:
            write_legacy_weights(f, model, v)
        else:
            write_keras3_weights(f, model)


# --------------------------------------------------------------------------------------
# Weights: Keras 3
# --------------------------------------------------------------------------------------

def write_vars(group, arrays):
    vars_ = group.create_group("vars")
    for i, a in enumerate(arrays):
        vars_.create_dataset(str(i), data=a)


def write_keras3_weights(f, model, key_by_name=False):
    """layers/<key>/...: <key> is the snake_case class name with a per-class counter,
    as Keras 3's saving_lib writes it (or the layer name, with `key_by_name`)."""
    f.create_group("vars")
    layers_group = f.create_group("layers")
    used = {}
    for layer in model.layers:
        if isinstance(layer, LInput) and not model.functional:
            continue
        key = snake(layer.cls)
        if key in used:
            used[key] += 1
            key = "%s_%d" % (key, used[key])
        else:
            used[key] = 0
        if key_by_name:
            key = layer.name
        g = layers_group.create_group(key)
        if isinstance(layer, LSimpleRNN):
            g.create_group("vars")
            write_vars(g.create_group("cell"), [a for _, a in layer.file_weights(3)])
        elif isinstance(layer, LBidirectional):
            g.create_group("vars")
            for half, part in (("forward_layer", layer.forward),
                               ("backward_layer", layer.backward)):
                h = g.create_group(half)
                h.create_group("vars")
                write_vars(h.create_group("cell"), [a for _, a in part.file_weights(3)])
        elif isinstance(layer, LTimeDistributed):
            g.create_group("vars")
            write_vars(g.create_group("layer"), [a for _, a in layer.weights()])
        else:
            write_vars(g, [a for _, a in layer.weights()])


def write_keras_archive(path, model, key_by_name=False, omit=(), compress=False,
                        config_override=None):
    """model.save('m.keras') of Keras 3."""
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        write_keras3_weights(f, model, key_by_name)
    config = config_override or model_config(model, 3)
    files = {
        "metadata.json": json.dumps({"keras_version": "3.3.3",
                                     "date_saved": "2024-05-01@12:00:00"}),
        "config.json": json.dumps(config),
        "model.weights.h5": buf.getvalue(),
    }
    mode = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", compression=mode) as z:
        for name, data in files.items():
            if name in omit:
                continue
            info = zipfile.ZipInfo(name, date_time=(2024, 5, 1, 12, 0, 0))
            info.compress_type = mode
            z.writestr(info, data)
