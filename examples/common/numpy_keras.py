"""Small Keras models in numpy for the examples' make_model.py: the float64 forward and
backward passes of the layers they use, Adam, and the Keras 2 .h5 / Keras 3 .keras files
that model.save() would write (and a reader of them), so no TensorFlow is needed.

A model is a chain of layers from an Input, ending in a Dense (or TimeDistributed(Dense)).
The recurrent layers mask as Keras does: a step masked by Embedding(mask_zero=True) carries
the previous state and output forward, and a Bidirectional layer returning sequences zeroes
the masked steps' outputs of both halves.
"""
import io
import json
import os
import re
import zipfile

import h5py
import numpy as np


# --------------------------------------------------------------------------------------
# Activations
# --------------------------------------------------------------------------------------

def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


ACTIVATIONS = {"linear": lambda x: x, "relu": lambda x: np.maximum(x, 0.0),
               "tanh": np.tanh, "sigmoid": sigmoid, "softmax": softmax}


def activation_backward(name, y, dy):
    """The gradient through activation `name`, from its output `y`."""
    if name == "linear":
        return dy
    if name == "relu":
        return dy * (y > 0)
    if name == "tanh":
        return dy * (1.0 - y * y)
    if name == "sigmoid":
        return dy * y * (1.0 - y)
    if name == "softmax":
        return y * (dy - (dy * y).sum(axis=-1, keepdims=True))
    raise ValueError(name)


# --------------------------------------------------------------------------------------
# Layers. Each has forward(x, mask) -> (y, mask) and backward(dy) -> dx; a layer with
# weights holds them in `params` (Keras' order) and their gradients in `grads`.
# --------------------------------------------------------------------------------------

def glorot(rng, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, (fan_in, fan_out))


def orthogonal(rng, n, m):
    q, r = np.linalg.qr(rng.standard_normal((max(n, m), min(n, m))))
    q = q * np.sign(np.diag(r))
    return q if n >= m else q.T


class Layer:
    cls = None

    def __init__(self, name):
        self.name = name
        self.params = {}
        self.grads = {}

    def leaves(self):
        """The layers that hold weights (a wrapper's inner layers)."""
        return [self]

    def zero_grads(self):
        for layer in self.leaves():
            layer.grads = {k: np.zeros_like(v) for k, v in layer.params.items()}


class Input(Layer):
    cls = "InputLayer"

    def __init__(self, name, batch_shape, dtype="float32"):
        super().__init__(name)
        self.batch_shape = list(batch_shape)
        self.dtype = dtype

    def forward(self, x, mask):
        return x, mask

    def backward(self, dy):
        return dy


class Embedding(Layer):
    cls = "Embedding"

    def __init__(self, name, rng, vocab, dim, mask_zero=False, input_length=None):
        super().__init__(name)
        self.params = {"embeddings": rng.uniform(-0.05, 0.05, (vocab, dim))}
        self.mask_zero = mask_zero
        self.input_length = input_length

    def forward(self, ids, mask):
        self.ids = np.asarray(ids, dtype=np.int64)
        return self.params["embeddings"][self.ids], (self.ids != 0 if self.mask_zero else mask)

    def backward(self, dy):
        np.add.at(self.grads["embeddings"], self.ids, dy)
        return None


class Dense(Layer):
    """Dense on the last axis (so also what TimeDistributed(Dense) computes)."""
    cls = "Dense"

    def __init__(self, name, rng, fan_in, units, activation="linear"):
        super().__init__(name)
        self.params = {"kernel": glorot(rng, fan_in, units), "bias": np.zeros(units)}
        self.activation = activation

    def forward(self, x, mask):
        self.x = x
        self.y = ACTIVATIONS[self.activation](x @ self.params["kernel"] + self.params["bias"])
        return self.y, mask

    def backward(self, dy, from_logits=False):
        """`from_logits`: dy is the gradient of the pre-activation (a loss that folds the
        last activation in, such as cross-entropy after a sigmoid or softmax)."""
        dz = dy if from_logits else activation_backward(self.activation, self.y, dy)
        x2 = self.x.reshape(-1, self.x.shape[-1])
        dz2 = dz.reshape(-1, dz.shape[-1])
        self.grads["kernel"] += x2.T @ dz2
        self.grads["bias"] += dz2.sum(axis=0)
        return dz @ self.params["kernel"].T


class TimeDistributed(Layer):
    cls = "TimeDistributed"

    def __init__(self, name, inner):
        super().__init__(name)
        self.inner = inner

    def leaves(self):
        return [self.inner]

    def forward(self, x, mask):
        return self.inner.forward(x, mask)

    def backward(self, dy, from_logits=False):
        return self.inner.backward(dy, from_logits)

    @property
    def activation(self):
        return self.inner.activation


class RepeatVector(Layer):
    cls = "RepeatVector"

    def __init__(self, name, n):
        super().__init__(name)
        self.n = n

    def forward(self, x, mask):
        return np.repeat(x[:, None, :], self.n, axis=1), None

    def backward(self, dy):
        return dy.sum(axis=1)


class Recurrent(Layer):
    """The time loop shared by SimpleRNN and LSTM; `step` and `step_backward` are the cell.
    Sequences come out in processing order (reversed for go_backwards), as in Keras."""

    def __init__(self, name, units, n_states, return_sequences, go_backwards):
        super().__init__(name)
        self.units = units
        self.n_states = n_states
        self.return_sequences = return_sequences
        self.go_backwards = go_backwards
        self.zero_output = False   # set by Bidirectional

    def forward(self, x, mask):
        batch, steps, _ = x.shape
        states = [np.zeros((batch, self.units)) for _ in range(self.n_states)]
        order = range(steps - 1, -1, -1) if self.go_backwards else range(steps)
        outs, self.tape = [], []
        for t in order:
            new, cache = self.step(x[:, t], states)
            m = np.ones((batch, 1)) if mask is None else mask[:, t, None].astype(np.float64)
            # A masked step carries the previous states and output forward.
            new = [m * n + (1.0 - m) * s for n, s in zip(new, states)]
            outs.append(m * new[0] if self.zero_output else new[0])
            self.tape.append((t, m, cache))
            states = new
        self.steps = steps
        if self.return_sequences:
            return np.stack(outs, axis=1), mask
        return states[0], None

    def backward(self, dy):
        dstates = [np.zeros_like(dy[:, 0] if self.return_sequences else dy)
                   for _ in range(self.n_states)]
        if not self.return_sequences:
            dstates[0] = dstates[0] + dy
        dx = None
        for k in range(len(self.tape) - 1, -1, -1):
            t, m, cache = self.tape[k]
            dout = dy[:, k] if self.return_sequences else 0.0
            if self.return_sequences and not self.zero_output:
                dstates[0] = dstates[0] + dout
            dnew = [m * d for d in dstates]
            if self.return_sequences and self.zero_output:
                dnew[0] = dnew[0] + m * dout
            dxt, dprev = self.step_backward(dnew, cache)
            if dx is None:
                dx = np.zeros((dxt.shape[0], self.steps, dxt.shape[1]))
            dx[:, t] = dxt
            dstates = [(1.0 - m) * d + p for d, p in zip(dstates, dprev)]
        return dx


class SimpleRNN(Recurrent):
    cls = "SimpleRNN"
    cell = "simple_rnn_cell"

    def __init__(self, name, rng, fan_in, units, return_sequences=False, go_backwards=False):
        super().__init__(name, units, 1, return_sequences, go_backwards)
        self.params = {"kernel": glorot(rng, fan_in, units),
                       "recurrent_kernel": orthogonal(rng, units, units),
                       "bias": np.zeros(units)}

    def step(self, xt, states):
        p = self.params
        h = np.tanh(xt @ p["kernel"] + states[0] @ p["recurrent_kernel"] + p["bias"])
        return [h], (xt, states[0], h)

    def step_backward(self, dnew, cache):
        xt, h_prev, h = cache
        da = dnew[0] * (1.0 - h * h)
        self.grads["kernel"] += xt.T @ da
        self.grads["recurrent_kernel"] += h_prev.T @ da
        self.grads["bias"] += da.sum(axis=0)
        return da @ self.params["kernel"].T, [da @ self.params["recurrent_kernel"].T]


class LSTM(Recurrent):
    """Keras' LSTM: gate blocks i, f, c, o; sigmoid recurrent activation, tanh activation."""
    cls = "LSTM"
    cell = "lstm_cell"

    def __init__(self, name, rng, fan_in, units, return_sequences=False, go_backwards=False):
        super().__init__(name, units, 2, return_sequences, go_backwards)
        bias = np.zeros(4 * units)
        bias[units:2 * units] = 1.0   # unit_forget_bias
        self.params = {"kernel": glorot(rng, fan_in, 4 * units),
                       "recurrent_kernel": np.hstack([orthogonal(rng, units, units)
                                                      for _ in range(4)]),
                       "bias": bias}

    def step(self, xt, states):
        p, u = self.params, self.units
        h, c = states
        z = xt @ p["kernel"] + h @ p["recurrent_kernel"] + p["bias"]
        i, f = sigmoid(z[:, :u]), sigmoid(z[:, u:2 * u])
        g, o = np.tanh(z[:, 2 * u:3 * u]), sigmoid(z[:, 3 * u:])
        c_new = f * c + i * g
        tc = np.tanh(c_new)
        return [o * tc, c_new], (xt, h, c, i, f, g, o, tc)

    def step_backward(self, dnew, cache):
        xt, h, c, i, f, g, o, tc = cache
        dh, dc = dnew
        dc = dc + dh * o * (1.0 - tc * tc)
        dz = np.hstack([dc * g * i * (1.0 - i), dc * c * f * (1.0 - f),
                        dc * i * (1.0 - g * g), dh * tc * o * (1.0 - o)])
        self.grads["kernel"] += xt.T @ dz
        self.grads["recurrent_kernel"] += h.T @ dz
        self.grads["bias"] += dz.sum(axis=0)
        return dz @ self.params["kernel"].T, [dz @ self.params["recurrent_kernel"].T, dc * f]


class Bidirectional(Layer):
    """Bidirectional(merge_mode="concat") of two layers, the second with go_backwards."""
    cls = "Bidirectional"

    def __init__(self, name, forward, backward):
        super().__init__(name)
        self.fwd, self.bwd = forward, backward

    def leaves(self):
        return [self.fwd, self.bwd]

    def forward(self, x, mask):
        seq = self.fwd.return_sequences
        for half in (self.fwd, self.bwd):
            half.zero_output = seq and mask is not None
        f, _ = self.fwd.forward(x, mask)
        b, _ = self.bwd.forward(x, mask)
        if seq:
            b = b[:, ::-1]
        return np.concatenate([f, b], axis=-1), (mask if seq else None)

    def backward(self, dy):
        u = self.fwd.units
        df, db = dy[..., :u], dy[..., u:]
        if self.fwd.return_sequences:
            db = db[:, ::-1]
        return self.fwd.backward(df) + self.bwd.backward(db)


class Model:
    """A chain of layers from an Input; `functional` only changes how the files describe
    it (a Keras functional model instead of a Sequential one)."""

    def __init__(self, layers, functional=False, name=None):
        self.layers = layers
        self.functional = functional
        self.name = name or ("model" if functional else "sequential")

    def leaves(self):
        return [leaf for layer in self.layers for leaf in layer.leaves() if leaf.params]

    def forward(self, x):
        mask = None
        for layer in self.layers:
            x, mask = layer.forward(x, mask)
        self.mask = mask
        return x

    def backward(self, dlogits):
        """Backpropagates the gradient of the last layer's pre-activation."""
        for layer in self.leaves():
            layer.zero_grads()
        d = self.layers[-1].backward(dlogits, from_logits=True)
        for layer in reversed(self.layers[:-1]):
            d = layer.backward(d)

    def round_to_float32(self):
        """The weights as the files store them, so predictions match the saved model."""
        for layer in self.leaves():
            for k in layer.params:
                layer.params[k] = layer.params[k].astype(np.float32).astype(np.float64)


class Adam:
    """Adam with global gradient-norm clipping (recurrent gradients can spike)."""

    def __init__(self, model, lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8, clip=5.0):
        self.model, self.lr, self.b1, self.b2, self.eps, self.clip = \
            model, lr, beta1, beta2, eps, clip
        self.slots = [(layer, k) for layer in model.leaves() for k in layer.params]
        self.m = [np.zeros_like(l.params[k]) for l, k in self.slots]
        self.v = [np.zeros_like(l.params[k]) for l, k in self.slots]
        self.t = 0

    def step(self):
        grads = [l.grads[k] for l, k in self.slots]
        norm = np.sqrt(sum((g * g).sum() for g in grads))
        scale = min(1.0, self.clip / (norm + 1e-12))
        self.t += 1
        for n, ((layer, k), g) in enumerate(zip(self.slots, grads)):
            g = g * scale
            self.m[n] = self.b1 * self.m[n] + (1 - self.b1) * g
            self.v[n] = self.b2 * self.v[n] + (1 - self.b2) * g * g
            mhat = self.m[n] / (1 - self.b1 ** self.t)
            vhat = self.v[n] / (1 - self.b2 ** self.t)
            layer.params[k] -= self.lr * mhat / (np.sqrt(vhat) + self.eps)


# Losses: (mean loss, gradient of the last layer's pre-activation).

def binary_cross_entropy(p, y):
    eps = 1e-12
    loss = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
    return loss, (p - y) / p.size


def sequence_cross_entropy(p, tags, mask):
    """Softmax cross-entropy per step, over the steps `mask` keeps."""
    batch, steps, _ = p.shape
    n = mask.sum()
    picked = p[np.arange(batch)[:, None], np.arange(steps)[None, :], tags]
    loss = -(np.log(picked + 1e-12) * mask).sum() / n
    d = p.copy()
    d[np.arange(batch)[:, None], np.arange(steps)[None, :], tags] -= 1.0
    return loss, d * mask[..., None] / n


def mean_squared_error(y, target):
    diff = y - target
    return np.mean(diff * diff), 2.0 * diff / diff.size


# --------------------------------------------------------------------------------------
# Configs, as Keras 2 (v=2) and Keras 3 (v=3) serialize them
# --------------------------------------------------------------------------------------

def snake(cls):
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", cls)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def initializer(v, name):
    if v == 3:
        return {"module": "keras.initializers", "class_name": name,
                "config": {"seed": None}, "registered_name": None}
    return {"class_name": name, "config": {"seed": None}}


def dtype_policy(v):
    if v == 3:
        return {"module": "keras", "class_name": "DTypePolicy",
                "config": {"name": "float32"}, "registered_name": None}
    return "float32"


def unset(*names):
    """Regularizers and constraints Keras writes as null."""
    return {n: None for n in names}


def layer_config(layer, v):
    if isinstance(layer, Input):
        c = {"name": layer.name, "dtype": layer.dtype, "sparse": False}
        if v == 3:
            c["batch_shape"] = layer.batch_shape
        else:
            c.update({"batch_input_shape": layer.batch_shape, "ragged": False})
        return c
    c = {"name": layer.name, "trainable": True, "dtype": dtype_policy(v)}
    if isinstance(layer, Embedding):
        vocab, dim = layer.params["embeddings"].shape
        c.update({"input_dim": vocab, "output_dim": dim, "mask_zero": layer.mask_zero,
                  "embeddings_initializer": initializer(v, "RandomUniform")})
        if v == 2:
            c["input_length"] = layer.input_length
    elif isinstance(layer, Dense):
        c.update({"units": layer.params["kernel"].shape[1], "activation": layer.activation,
                  "use_bias": True, "kernel_initializer": initializer(v, "GlorotUniform"),
                  "bias_initializer": initializer(v, "Zeros")})
        c.update(unset("kernel_regularizer", "bias_regularizer", "kernel_constraint",
                       "bias_constraint"))
    elif isinstance(layer, TimeDistributed):
        c["layer"] = entry(layer.inner, v)
    elif isinstance(layer, RepeatVector):
        c["n"] = layer.n
    elif isinstance(layer, Recurrent):
        c.update({"units": layer.units, "activation": "tanh", "use_bias": True,
                  "kernel_initializer": initializer(v, "GlorotUniform"),
                  "recurrent_initializer": initializer(v, "Orthogonal"),
                  "bias_initializer": initializer(v, "Zeros"),
                  **unset("kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                          "activity_regularizer", "kernel_constraint",
                          "recurrent_constraint", "bias_constraint"),
                  "dropout": 0.0, "recurrent_dropout": 0.0,
                  "return_sequences": layer.return_sequences, "return_state": False,
                  "go_backwards": layer.go_backwards, "stateful": False, "unroll": False})
        if isinstance(layer, LSTM):
            c.update({"recurrent_activation": "sigmoid", "unit_forget_bias": True,
                      "implementation": 2})
        if v == 2:
            c["time_major"] = False
        else:
            c.update({"zero_output_for_mask": False, "seed": None})
            if isinstance(layer, LSTM):
                c["use_cudnn"] = "auto"
    elif isinstance(layer, Bidirectional):
        c.update({"merge_mode": "concat", "layer": entry(layer.fwd, v)})
        if v == 3:
            # Keras 3 names the halves after the wrapped layer and records both.
            c["layer"]["config"]["name"] = "forward_" + layer.fwd.name
            c["backward_layer"] = entry(layer.bwd, v)
            c["backward_layer"]["config"]["name"] = "backward_" + layer.fwd.name
    else:
        raise TypeError(layer)
    return c


def entry(layer, v):
    if v == 3:
        return {"module": "keras.layers", "class_name": layer.cls,
                "config": layer_config(layer, v), "registered_name": None}
    return {"class_name": layer.cls, "config": layer_config(layer, v)}


def model_config(model, v):
    inp = model.layers[0]
    if not model.functional:
        cfg = {"name": model.name, "layers": [entry(l, v) for l in model.layers]}
        if v == 2:
            return {"class_name": "Sequential", "config": cfg}
        cfg.update({"trainable": True, "dtype": dtype_policy(3),
                    "build_input_shape": inp.batch_shape})
        return {"module": "keras", "class_name": "Sequential", "config": cfg,
                "registered_name": None, "build_config": {"input_shape": inp.batch_shape},
                "compile_config": None}
    if v != 2:
        raise ValueError("functional models are written as Keras 2 .h5 files only")
    entries = []
    for i, layer in enumerate(model.layers):
        e = entry(layer, v)
        e["name"] = layer.name
        e["inbound_nodes"] = [[[model.layers[i - 1].name, 0, 0, {}]]] if i else []
        entries.append(e)
    return {"class_name": "Functional", "config": {
        "name": model.name, "layers": entries, "input_layers": [[inp.name, 0, 0]],
        "output_layers": [[model.layers[-1].name, 0, 0]]}}


# --------------------------------------------------------------------------------------
# Where each weight lives in the files
# --------------------------------------------------------------------------------------

def saved_layers(model):
    """model.layers as Keras counts them: a Sequential model's Input is not one."""
    return [l for l in model.layers if model.functional or not isinstance(l, Input)]


def h5_weights(layer):
    """[(weight name, leaf, role)] of a layer in a Keras 2 .h5 file ('layer/cell/kernel:0')."""
    def rnn(prefix, leaf):
        return [("%s/%s/%s:0" % (prefix, leaf.cell, k), leaf, k) for k in leaf.params]
    if isinstance(layer, Recurrent):
        return rnn(layer.name, layer)
    if isinstance(layer, Bidirectional):
        return (rnn("%s/forward_%s" % (layer.name, layer.fwd.name), layer.fwd) +
                rnn("%s/backward_%s" % (layer.name, layer.fwd.name), layer.bwd))
    if isinstance(layer, TimeDistributed):
        return [("%s/%s:0" % (layer.name, k), layer.inner, k) for k in layer.inner.params]
    return [("%s/%s:0" % (layer.name, k), layer, k) for k in layer.params]


def keras3_weights(model):
    """[(group path, leaf)] in a .keras archive's model.weights.h5, each group holding the
    leaf's weights as vars/0, vars/1, ...: layers/<snake_case class><_n>/..."""
    out, used = [], {}
    for layer in saved_layers(model):
        key = snake(layer.cls)
        used[key] = used.get(key, -1) + 1
        if used[key]:
            key = "%s_%d" % (key, used[key])
        base = "layers/" + key
        if isinstance(layer, Recurrent):
            out.append((base + "/cell", layer))
        elif isinstance(layer, Bidirectional):
            out += [(base + "/forward_layer/cell", layer.fwd),
                    (base + "/backward_layer/cell", layer.bwd)]
        elif isinstance(layer, TimeDistributed):
            out.append((base + "/layer", layer.inner))
        else:
            out.append((base, layer))
    return out


# --------------------------------------------------------------------------------------
# Writers and reader
# --------------------------------------------------------------------------------------

def save_h5(path, model):
    """model.save('model.h5') of Keras 2 (the legacy HDF5 format)."""
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = "2.4.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(model_config(model, 2))
        g = f.create_group("model_weights")
        layers = saved_layers(model)
        g.attrs["layer_names"] = np.array([l.name.encode() for l in layers])
        g.attrs["backend"] = b"tensorflow"
        g.attrs["keras_version"] = b"2.4.0"
        for layer in sorted(layers, key=lambda l: l.name):
            lg = g.create_group(layer.name)
            weights = h5_weights(layer)
            lg.attrs["weight_names"] = np.array([n.encode() for n, _, _ in weights])
            for n, leaf, k in weights:
                lg.create_dataset(n, data=leaf.params[k].astype(np.float32))


def save_keras(path, model):
    """model.save('model.keras') of Keras 3: a zip of config.json, metadata.json and
    model.weights.h5."""
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        f.create_group("vars")
        for group, leaf in keras3_weights(model):
            # Every level of the path has its own (here empty) vars group.
            parts = group.split("/")
            for n in range(2, len(parts)):
                f.require_group("/".join(parts[:n]) + "/vars")
            vars_ = f.require_group(group).create_group("vars")
            for n, k in enumerate(leaf.params):
                vars_.create_dataset(str(n), data=leaf.params[k].astype(np.float32))
    files = {"metadata.json": json.dumps({"keras_version": "3.3.3",
                                          "date_saved": "2024-05-01@12:00:00"}),
             "config.json": json.dumps(model_config(model, 3)),
             "model.weights.h5": buf.getvalue()}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            # A fixed date keeps the archive the same from one run to the next.
            info = zipfile.ZipInfo(name, date_time=(2024, 5, 1, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def load(path, model):
    """Reads the weights of a file save_h5 or save_keras wrote into `model` (same layers),
    as float64."""
    if path.endswith(".keras"):
        with zipfile.ZipFile(path) as z:
            data = z.read("model.weights.h5")
        with h5py.File(io.BytesIO(data), "r") as f:
            for group, leaf in keras3_weights(model):
                for n, k in enumerate(leaf.params):
                    leaf.params[k] = f[group + "/vars/" + str(n)][()].astype(np.float64)
        return
    with h5py.File(path, "r") as f:
        for layer in saved_layers(model):
            for n, leaf, k in h5_weights(layer):
                leaf.params[k] = f["model_weights"][layer.name][n][()].astype(np.float64)


# --------------------------------------------------------------------------------------
# Training loop and the make_model.py command line
# --------------------------------------------------------------------------------------

def train(model, data, loss_fn, epochs, batch_size, rng, lr=0.01):
    """Adam over shuffled minibatches of `data` (a tuple of arrays, first axis the
    examples); `loss_fn(model, *batch)` runs the forward pass and returns (loss, dlogits)."""
    opt = Adam(model, lr=lr)
    n = len(data[0])
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            _, d = loss_fn(model, *[a[idx] for a in data])
            model.backward(d)
            opt.step()


def write_reference(directory, model, x):
    """x.npy and expected.npy: the inputs main.c uses and the float64 outputs of `model`
    on them, for `rnn-run MODEL.so --input x.npy --expected expected.npy`."""
    os.makedirs(directory, exist_ok=True)
    np.save(os.path.join(directory, "x.npy"), x)
    np.save(os.path.join(directory, "expected.npy"), model.forward(x))
