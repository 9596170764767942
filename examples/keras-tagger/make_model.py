#!/usr/bin/python3
"""Writes tagger.keras as Keras 3's model.save() would: Embedding(16, 8, mask_zero) ->
Bidirectional(SimpleRNN(8, return_sequences=True)) -> TimeDistributed(Dense(4, softmax)),
tagging each word of a sentence of any length. The weights are random but fixed
(untrained). The file layout comes from the Keras test generator
(test/Frontends/Keras/gen/keras_files.py), so no TensorFlow is needed."""
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "test", "Frontends", "Keras", "gen"))
from keras_files import (LBidirectional, LDense, LEmbedding, LInput, LSimpleRNN,  # noqa: E402
                         LTimeDistributed, Model, write_keras_archive)

rng = np.random.default_rng(11)


def w(*shape):
    return (rng.standard_normal(shape) * 0.5).astype(np.float32)


def rnn(go_backwards):
    return LSimpleRNN("simple_rnn", w(8, 8), w(8, 8), w(8), return_sequences=True,
                      go_backwards=go_backwards)


model = Model([
    LInput("words", [None, None], dtype="int32"),
    LEmbedding("embedding", w(16, 8), mask_zero=True),
    LBidirectional("bidirectional", rnn(False), rnn(True), "concat"),
    LTimeDistributed("tags", LDense("dense", w(16, 4), w(4), activation="softmax")),
])
write_keras_archive(os.path.join(here, "tagger.keras"), model, compress=True)
