"""Float64 reference outputs of the models of keras_files.py, following Keras' semantics
(/work/shared/semantics.md): SimpleRNN layers without masks run through torch.nn.RNN
(weight_ih = kernel.T, weight_hh = recurrent_kernel.T, bias_ih = bias, bias_hh = 0);
masked layers and activations torch.nn.RNN lacks use the loop below, which is checked
against torch.nn.RNN wherever both apply. LSTM and GRU cells are written out from the
equations of /work/shared/gated-cells.md, in Keras' gate orders (i, f, c, o and z, r, h)."""
import numpy as np

try:  # the cross-check against torch.nn.RNN runs where PyTorch is installed
    import torch
except ImportError:
    torch = None

from keras_files import (LBidirectional, LDense, LEmbedding, LGated, LInput, LSimple,
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


def recurrence(x, units, step, n_states, go_backwards, mask=None, zero_output=False):
    """Runs `step(x_t, states) -> states` (h first) over time: (sequence in processing
    order, final states)."""
    batch, steps, _ = x.shape
    states = [np.zeros((batch, units)) for _ in range(n_states)]
    outs = []
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    for t in order:
        new = step(x[:, t], states)
        out = new[0]
        if mask is not None:
            m = mask[:, t][:, None]
            # A masked step carries the previous states and output forward.
            new = [np.where(m, n, s) for n, s in zip(new, states)]
            out = np.where(m, new[0], 0.0) if zero_output else new[0]
        states = new
        outs.append(out)
    return np.stack(outs, axis=1), states


def rnn_loop(x, layer, v, mask=None, zero_output=False):
    """One SimpleRNN layer: (sequence in processing order, last state)."""
    k = layer.kernel.astype(np.float64)
    r = layer.recurrent.astype(np.float64)
    b = np.zeros(layer.units) if layer.bias is None else layer.bias.astype(np.float64)
    act = activation(layer.activation, v)
    seq, states = recurrence(x, layer.units, lambda xt, s: [act(xt @ k + s[0] @ r + b)], 1,
                             layer.go_backwards, mask, zero_output)
    return seq, states[0]


def gated_step(layer, v):
    """The step function of an LSTM (states [h, c]) or GRU (states [h])."""
    u = layer.units
    k = layer.kernel.astype(np.float64)
    r = layer.recurrent.astype(np.float64)
    if layer.cudnn:
        sigma, g = activation("sigmoid", v), np.tanh
    else:
        sigma = activation(layer.recurrent_activation, v)
        g = activation(layer.activation, v)

    def block(a, n):   # gate block n of the last axis
        return a[..., n * u:(n + 1) * u]

    if layer.gates == 4:
        b = np.zeros(4 * u) if layer.bias is None else layer.bias.astype(np.float64)

        def lstm(xt, s):
            h, c = s
            z = xt @ k + h @ r + b
            i, f = sigma(block(z, 0)), sigma(block(z, 1))
            cand, o = g(block(z, 2)), sigma(block(z, 3))
            c = f * c + i * cand
            return [o * g(c), c]
        return lstm, 2

    if layer.bias is None:
        bi, br = np.zeros(3 * u), np.zeros(3 * u)
    elif layer.reset_after:
        bi, br = layer.bias[0].astype(np.float64), layer.bias[1].astype(np.float64)
    else:
        bi, br = layer.bias.astype(np.float64), np.zeros(3 * u)

    def gru(xt, s):
        h = s[0]
        xz = xt @ k + bi
        z = sigma(block(xz, 0) + h @ block(r, 0) + block(br, 0))
        rr = sigma(block(xz, 1) + h @ block(r, 1) + block(br, 1))
        if layer.reset_after:   # the recurrent bias stays inside r * (...)
            cand = g(block(xz, 2) + rr * (h @ block(r, 2) + block(br, 2)))
        else:
            cand = g(block(xz, 2) + (rr * h) @ block(r, 2) + block(br, 2))
        return [z * h + (1.0 - z) * cand]
    return gru, 1


def cell_loop(x, layer, v, mask=None, zero_output=False):
    """Any recurrent layer: (sequence in processing order, [h] or [h, c])."""
    if not isinstance(layer, LGated):
        seq, last = simple_rnn(x, layer, v, mask, zero_output)
        return seq, [last]
    step, n = gated_step(layer, v)
    return recurrence(x, layer.units, step, n, layer.go_backwards, mask, zero_output)


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
        seq, states = cell_loop(x, layer, v, mask)
        outs = [(seq, mask) if layer.return_sequences else (states[0], None)]
        if layer.return_state:
            outs += [(s, None) for s in states]
        return outs
    if isinstance(layer, LBidirectional):
        rs = layer.forward.return_sequences
        # Keras 2/3 force zero_output_for_mask on both halves when returning sequences.
        zero = rs and mask is not None and v >= 2
        fseq, fstates = cell_loop(x, layer.forward, v, mask, zero)
        bseq, bstates = cell_loop(x, layer.backward, v, mask, zero)
        if rs:
            bseq = bseq[:, ::-1]
        f, b = (fseq, bseq) if rs else (fstates[0], bstates[0])
        m = mask if rs else None
        outs = [(f, m), (b, m)] if layer.merge_mode is None else \
            [(merge(layer.merge_mode, f, b), m)]
        if layer.forward.return_state:
            outs += [(s, None) for s in fstates + bstates]
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
