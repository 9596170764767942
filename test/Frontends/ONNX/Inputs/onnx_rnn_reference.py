"""A float64 numpy reference of ONNX RNN (opset 14), written from the operator spec.

sequence_lens follows onnxruntime: steps past a sequence's length leave its state
unchanged and write zeros to Y; Y_h is the last valid state; the reverse direction
starts at each sequence's own last valid step. Activation parameters are consumed from
activation_alpha / activation_beta in order by the activations that take them, with the
defaults of the ONNX op of the same name when the lists run out.
"""
import numpy as np

# name -> (takes alpha, takes beta, default alpha, default beta)
PARAMS = {
    "tanh": (False, False, 0, 0), "sigmoid": (False, False, 0, 0),
    "relu": (False, False, 0, 0), "softsign": (False, False, 0, 0),
    "softplus": (False, False, 0, 0), "affine": (True, True, 1.0, 0.0),
    "leakyrelu": (True, False, 0.01, 0), "thresholdedrelu": (True, False, 1.0, 0),
    "scaledtanh": (True, True, 1.0, 1.0), "hardsigmoid": (True, True, 0.2, 0.5),
    "elu": (True, False, 1.0, 0),
}


def activation(name, a, b):
    n = name.lower()
    return {
        "tanh": np.tanh,
        "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
        "relu": lambda x: np.maximum(x, 0.0),
        "softsign": lambda x: x / (1.0 + np.abs(x)),
        "softplus": lambda x: np.log1p(np.exp(x)),
        "affine": lambda x: a * x + b,
        "leakyrelu": lambda x: np.where(x >= 0, x, a * x),
        "thresholdedrelu": lambda x: np.where(x > a, x, 0.0),
        "scaledtanh": lambda x: a * np.tanh(b * x),
        "hardsigmoid": lambda x: np.clip(a * x + b, 0.0, 1.0),
        "elu": lambda x: np.where(x >= 0, x, a * (np.exp(x) - 1.0)),
    }[n]


def activations(names, alphas, betas):
    alphas, betas = list(alphas or []), list(betas or [])
    out = []
    for name in names:
        ta, tb, da, db = PARAMS[name.lower()]
        a = (alphas.pop(0) if alphas else da) if ta else 0.0
        b = (betas.pop(0) if betas else db) if tb else 0.0
        # Attributes are float32 in the model.
        out.append(activation(name, float(np.float32(a)), float(np.float32(b))))
    return out


def rnn(X, W, R, B=None, sequence_lens=None, initial_h=None, direction="forward",
        names=None, alphas=None, betas=None, clip=None, layout=0):
    """Returns (Y, Y_h) in the layout of the node."""
    X = np.asarray(X, np.float64)
    if layout == 1:
        X = X.transpose(1, 0, 2)
        if initial_h is not None:
            initial_h = np.asarray(initial_h).transpose(1, 0, 2)
    T, N, _ = X.shape
    D, H, _ = W.shape
    W = np.asarray(W, np.float64)
    R = np.asarray(R, np.float64)
    B = np.zeros((D, 2 * H)) if B is None else np.asarray(B, np.float64)
    lens = [T] * N if sequence_lens is None else [int(v) for v in sequence_lens]
    h0 = np.zeros((D, N, H)) if initial_h is None else np.asarray(initial_h, np.float64)
    fs = activations(names or ["Tanh"] * D, alphas, betas)
    Y = np.zeros((T, D, N, H))
    Y_h = np.zeros((D, N, H))
    for d in range(D):
        reverse = direction == "reverse" or (direction == "bidirectional" and d == 1)
        for n in range(N):
            h = h0[d, n].copy()
            steps = range(lens[n])
            for t in (reversed(steps) if reverse else steps):
                pre = X[t, n] @ W[d].T + h @ R[d].T + B[d, :H] + B[d, H:]
                if clip is not None:
                    pre = np.clip(pre, -clip, clip)
                h = fs[d](pre)
                Y[t, d, n] = h
            Y_h[d, n] = h
    if layout == 1:
        return Y.transpose(2, 0, 1, 3), Y_h.transpose(1, 0, 2)
    return Y, Y_h
