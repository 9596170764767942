"""Float64 reference outputs of the models of keras_files.py, following Keras' semantics
(/work/shared/semantics.md): SimpleRNN layers without masks run through torch.nn.RNN
(weight_ih = kernel.T, weight_hh = recurrent_kernel.T, bias_ih = bias, bias_hh = 0);
masked layers and activations torch.nn.RNN lacks use the loop below, which is checked
against torch.nn.RNN wherever both apply."""
import numpy as np

try:  # the cross-check against torch.nn.RNN runs where PyTorch is installed
    import torch
except ImportError:
    torch = None

from keras_files import (LBidirectional, LDense, LEmbedding, LInput, LSimple,
                         LSimpleRNN, LTimeDistributed)


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def activation(name, v):
    """Keras `v`'s activation `name` on float64 arrays."""
    selu_a, selu_s = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
    table = {
        "linear": lambda x: x,
        "tanh": np.tanh,
        "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
        "relu": lambda x: np.maximum(x, 0.0),
        # Keras 1/2: clip(0.2x + 0.5); Keras 3: relu6(x + 3) / 6.
        "hard_sigmoid": (lambda x: np.clip(0.2 * x + 0.5, 0.0, 1.0)) if v < 3 else
                        (lambda x: np.minimum(np.maximum(x + 3.0, 0.0), 6.0) / 6.0),
        "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0.0))),
        "selu": lambda x: selu_s * np.where(x > 0, x, selu_a * np.expm1(np.minimum(x, 0.0))),
        "softplus": lambda x: np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0.0),
        "softsign": lambda x: x / (1.0 + np.abs(x)),
        "exponential": np.exp,
        "softmax": softmax,
    }
    return table[name]


def rnn_loop(x, layer, v, mask=None, zero_output=False):
    """One SimpleRNN layer: (sequence in processing order, last state)."""
    k = layer.kernel.astype(np.float64)
    r = layer.recurrent.astype(np.float64)
    b = np.zeros(layer.units) if layer.bias is None else layer.bias.astype(np.float64)
    act = activation(layer.activation, v)
    batch, steps, _ = x.shape
    h = np.zeros((batch, layer.units))
    outs = []
    order = range(steps - 1, -1, -1) if layer.go_backwards else range(steps)
    for t in order:
        hn = act(x[:, t] @ k + h @ r + b)
        out = hn
        if mask is not None:
            m = mask[:, t][:, None]
            # A masked step carries the previous state and output forward.
            hn = np.where(m, hn, h)
            out = np.where(m, hn, 0.0) if zero_output else hn
        h = hn
        outs.append(out)
    return np.stack(outs, axis=1), h


def rnn_torch(x, layer):
    """The same layer through torch.nn.RNN (tanh / relu, no mask)."""
    units, features = layer.units, x.shape[2]
    rnn = torch.nn.RNN(features, units, batch_first=True, nonlinearity=layer.activation,
                       bias=True, dtype=torch.float64)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(layer.kernel.astype(np.float64).T))
        rnn.weight_hh_l0.copy_(torch.from_numpy(layer.recurrent.astype(np.float64).T))
        bias = np.zeros(units) if layer.bias is None else layer.bias.astype(np.float64)
        rnn.bias_ih_l0.copy_(torch.from_numpy(bias))
        rnn.bias_hh_l0.zero_()
        xs = torch.from_numpy(x[:, ::-1].copy() if layer.go_backwards else x)
        seq, h = rnn(xs)
    return seq.numpy(), h[0].numpy()


def simple_rnn(x, layer, v, mask=None, zero_output=False):
    seq, last = rnn_loop(x, layer, v, mask, zero_output)
    if torch is not None and mask is None and layer.activation in ("tanh", "relu"):
        tseq, tlast = rnn_torch(x, layer)
        assert np.allclose(seq, tseq, rtol=0, atol=1e-12), "loop disagrees with torch"
        assert np.allclose(last, tlast, rtol=0, atol=1e-12)
        seq, last = tseq, tlast
    return seq, last


def merge(mode, a, b):
    return {"concat": lambda: np.concatenate([a, b], axis=-1), "sum": lambda: a + b,
            "mul": lambda: a * b, "ave": lambda: (a + b) / 2}[mode]()


def dense(x, layer, v):
    y = x @ layer.kernel.astype(np.float64)
    if layer.bias is not None:
        y = y + layer.bias.astype(np.float64)
    return activation(layer.activation, v)(y)


def run_layer(layer, x, mask, v):
    """[(value, mask)] outputs of one layer."""
    if isinstance(layer, LEmbedding):
        ids = x.astype(np.int64)
        return [(layer.table.astype(np.float64)[ids], ids != 0 if layer.mask_zero else None)]
    if isinstance(layer, LSimpleRNN):
        seq, last = simple_rnn(x, layer, v, mask)
        outs = [(seq, mask) if layer.return_sequences else (last, None)]
        if layer.return_state:
            outs.append((last, None))
        return outs
    if isinstance(layer, LBidirectional):
        rs = layer.forward.return_sequences
        # Keras 2/3 force zero_output_for_mask on both halves when returning sequences.
        zero = rs and mask is not None and v >= 2
        fseq, flast = simple_rnn(x, layer.forward, v, mask, zero)
        bseq, blast = simple_rnn(x, layer.backward, v, mask, zero)
        if rs:
            bseq = bseq[:, ::-1]
        f, b = (fseq, bseq) if rs else (flast, blast)
        m = mask if rs else None
        outs = [(f, m), (b, m)] if layer.merge_mode is None else \
            [(merge(layer.merge_mode, f, b), m)]
        if layer.forward.return_state:
            outs += [(flast, None), (blast, None)]
        return outs
    if isinstance(layer, LDense):
        return [(dense(x, layer, v), mask)]
    if isinstance(layer, LTimeDistributed):
        return [(dense(x, layer.inner, v), mask)]
    if isinstance(layer, LSimple):
        c = layer.cls
        if c == "Activation":
            return [(activation(layer.config["activation"], v)(x), mask)]
        if c == "Softmax":
            return [(softmax(x, layer.config.get("axis", -1)), None)]
        if c in ("Dropout", "SpatialDropout1D", "GaussianNoise"):
            return [(x, mask)]
        if c == "Flatten":
            return [(x.reshape(x.shape[0], -1), None)]
        if c == "RepeatVector":
            return [(np.repeat(x[:, None, :], layer.config["n"], axis=1), None)]
        if c == "Masking":
            m = np.any(x != layer.config["mask_value"], axis=-1)
            return [(x * m[..., None], m)]
    raise TypeError(layer)


def run_model(model, x, v):
    """The model's outputs on input `x`, in float64."""
    assert isinstance(model.layers[0], LInput)
    values = {model.layers[0].name: [(np.asarray(x, dtype=np.float64), None)]}
    prev = model.layers[0].name
    for layer in model.layers[1:]:
        value, mask = values[prev][0]
        values[layer.name] = run_layer(layer, value, mask, v)
        prev = layer.name
    outputs = model.outputs or [(prev, i) for i in range(len(values[prev]))]
    return [values[name][i][0] for name, i in outputs]
