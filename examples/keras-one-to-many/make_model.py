#!/usr/bin/python3
"""Writes one_to_many.h5 as Keras 2's model.save() of a functional model would:
Input(4) -> Dense(8, relu) -> RepeatVector(6) -> SimpleRNN(8, return_sequences=True) ->
TimeDistributed(Dense(2)): one feature vector in, a 6-step sequence of 2 values out. The
weights are random but fixed (untrained). The file layout comes from the Keras test
generator (test/Frontends/Keras/gen/keras_files.py), so no TensorFlow is needed."""
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "test", "Frontends", "Keras", "gen"))
from keras_files import (LDense, LInput, LSimple, LSimpleRNN, LTimeDistributed,  # noqa: E402
                         Model, write_legacy_h5)

rng = np.random.default_rng(5)


def w(*shape):
    return (rng.standard_normal(shape) * 0.5).astype(np.float32)


model = Model([
    LInput("features", [None, 4]),
    LDense("encode", w(4, 8), w(8), activation="relu"),
    LSimple("RepeatVector", "repeat", n=6),
    LSimpleRNN("decoder", w(8, 8), w(8, 8), w(8), return_sequences=True),
    LTimeDistributed("steps", LDense("dense", w(8, 2), w(2))),
], functional=True)
write_legacy_h5(os.path.join(here, "one_to_many.h5"), model, 2)
