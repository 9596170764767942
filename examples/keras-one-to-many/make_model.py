#!/usr/bin/python3
"""Trains the one-to-many model of this example in numpy and writes one_to_many.h5 as
Keras 2's model.save() of a functional model would: Input(4) -> Dense(8, relu) ->
RepeatVector(6) -> SimpleRNN(8, return_sequences=True) -> TimeDistributed(Dense(2)).

  make_model.py                  train (seeded, some seconds), write one_to_many.h5, print
                                 the errors and the float64 outputs for main.c's inputs
  make_model.py --reference DIR  no training: DIR/x.npy (main.c's inputs) and
                                 DIR/expected.npy (one_to_many.h5's float64 outputs on them)

The task: a ball thrown from (x, y) with velocity (vx, vy) per step falls under a gravity
of 0.1 per step squared; from those 4 numbers, draw its next 6 positions. The training set
is drawn at random; the exact positions are computed (trajectory()).
"""
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
# The shared numpy layers and file writers; no __pycache__ left in the examples' folder.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(here, "..", "common"))
import numpy_keras as nk  # noqa: E402

STEPS = 6
GRAVITY = 0.1
# The feature vectors main.c runs (keep in sync): x, y, vx, vy.
EXAMPLES = np.array([[-1.0, 0.0, 0.25, 0.25], [0.5, 0.75, -0.125, 0.0]], dtype=np.float32)
MODEL = os.path.join(here, "one_to_many.h5")


def build(rng):
    return nk.Model([
        nk.Input("features", [None, 4]),
        nk.Dense("encode", rng, 4, 8, activation="relu"),
        nk.RepeatVector("repeat", STEPS),
        nk.SimpleRNN("decoder", rng, 8, 8, return_sequences=True),
        nk.TimeDistributed("steps", nk.Dense("dense", rng, 8, 2)),
    ], functional=True)


def trajectory(features):
    """[batch, STEPS, 2]: position t + 1 of the ball, (x + vx t, y + vy t - 0.05 t^2)."""
    x, y, vx, vy = (features[:, i, None].astype(np.float64) for i in range(4))
    t = np.arange(1, STEPS + 1)[None, :]
    return np.stack([x + vx * t, y + vy * t - 0.5 * GRAVITY * t * t], axis=-1)


def corpus(rng, n):
    features = np.column_stack([rng.uniform(-1, 1, (n, 2)), rng.uniform(-0.3, 0.3, n),
                                rng.uniform(-0.2, 0.5, n)])
    return features, trajectory(features)


def loss(model, x, y):
    return nk.mean_squared_error(model.forward(x), y)


def rms_error(model, x, y):
    return np.sqrt(np.mean((model.forward(x) - y) ** 2))


def main(argv):
    rng = np.random.default_rng(0)
    model = build(rng)
    if len(argv) == 3 and argv[1] == "--reference":
        nk.load(MODEL, model)
        nk.write_reference(argv[2], model, EXAMPLES)
        return 0
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    x_train, y_train = corpus(rng, 4000)
    x_test, y_test = corpus(rng, 1000)
    nk.train(model, (x_train, y_train), loss, epochs=150, batch_size=32, rng=rng, lr=0.01)
    model.round_to_float32()
    nk.save_h5(MODEL, model)
    print("root-mean-square error of a coordinate: %.4f on the 4000 training inputs, %.4f "
          "on 1000 held-out ones (the coordinates' own RMS: %.4f)"
          % (rms_error(model, x_train, y_train), rms_error(model, x_test, y_test),
             np.sqrt(np.mean(y_test ** 2))))
    for b, (got, want) in enumerate(zip(model.forward(EXAMPLES), trajectory(EXAMPLES))):
        for name, points in (("model", got), ("exact", want)):
            print("sequence %d %s:" % (b, name) +
                  "".join(" (%+.4f, %+.4f)" % tuple(p) for p in points))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
