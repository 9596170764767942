#!/usr/bin/python3
"""Writes sentiment.h5 as Keras 2's model.save() would: Embedding(20, 8, mask_zero) ->
SimpleRNN(16) -> Dense(1, sigmoid) over sentences padded at the front to 12 tokens.
The weights are random but fixed (untrained). The file layout comes from the Keras test
generator (test/Frontends/Keras/gen/keras_files.py), so no TensorFlow is needed."""
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "test", "Frontends", "Keras", "gen"))
from keras_files import LDense, LEmbedding, LInput, LSimpleRNN, Model, write_legacy_h5  # noqa: E402

rng = np.random.default_rng(7)


def w(*shape):
    return (rng.standard_normal(shape) * 0.4).astype(np.float32)


model = Model([
    LInput("words", [None, 12], dtype="int32"),
    LEmbedding("embedding", w(20, 8), mask_zero=True, input_length=12),
    LSimpleRNN("simple_rnn", w(8, 16), w(16, 16), w(16)),
    LDense("dense", w(16, 1), w(1), activation="sigmoid"),
])
write_legacy_h5(os.path.join(here, "sentiment.h5"), model, 2)
