#!/usr/bin/python3
"""Trains the sentiment model of this example in numpy and writes sentiment.h5 as Keras 2's
model.save() would: Embedding(20, 8, mask_zero) -> SimpleRNN(16) -> Dense(1, sigmoid) over
sentences padded at the front to 12 tokens.

  make_model.py                  train (seeded, a few seconds), write sentiment.h5, print the
                                 accuracies and the float64 predictions for main.c's sentences
  make_model.py --reference DIR  no training: DIR/x.npy (main.c's sentences) and
                                 DIR/expected.npy (sentiment.h5's float64 outputs on them)

The corpus is generated: sentences over the 20-word vocabulary of main.c; a sentence is
positive when it has more positive than negative words, and "not" flips the word after it,
so the model has to read the words in order.
"""
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
# The shared numpy layers and file writers; no __pycache__ left in the examples' folder.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(here, "..", "common"))
import numpy_keras as nk  # noqa: E402

VOCAB = ["<pad>", "the", "movie", "was", "a", "plot", "and", "really", "not", "very",
         "good", "great", "fun", "loved", "best",
         "bad", "awful", "boring", "hated", "worst"]
POSITIVE = {"good", "great", "fun", "loved", "best"}
NEGATIVE = {"bad", "awful", "boring", "hated", "worst"}
FILLER = ["the", "movie", "was", "a", "plot", "and", "really", "very"]
STEPS = 12
# The sentences main.c scores (keep in sync).
EXAMPLES = ["the movie was great", "the plot was boring", "not good and really awful",
            "a very fun movie and the best plot", "the movie was not bad"]
MODEL = os.path.join(here, "sentiment.h5")


def build(rng):
    return nk.Model([
        nk.Input("words", [None, STEPS], dtype="int32"),
        nk.Embedding("embedding", rng, len(VOCAB), 8, mask_zero=True, input_length=STEPS),
        nk.SimpleRNN("simple_rnn", rng, 8, 16),
        nk.Dense("dense", rng, 16, 1, activation="sigmoid"),
    ])


def sentence(rng):
    """2 to 12 words; about a third are sentiment words, some with "not" before them."""
    words = []
    length = rng.integers(2, STEPS + 1)
    while len(words) < length:
        if rng.random() < 0.35:
            if rng.random() < 0.25 and len(words) + 2 <= length:
                words.append("not")
            words.append(rng.choice(sorted(POSITIVE | NEGATIVE)))
        else:
            words.append(rng.choice(FILLER))
    return words


def label(words):
    """1 when the positive words outnumber the negative ones ("not" flips the next word),
    0 when the negative ones do, None on a tie."""
    score, sign = 0, 1
    for w in words:
        if w in POSITIVE or w in NEGATIVE:
            score += sign * (1 if w in POSITIVE else -1)
        sign = -1 if w == "not" else 1
    return None if score == 0 else float(score > 0)


def encode(sentences):
    """Token ids padded with 0 at the front to STEPS, as main.c encodes them."""
    x = np.zeros((len(sentences), STEPS), dtype=np.int32)
    for row, words in enumerate(sentences):
        ids = [VOCAB.index(w) for w in words]
        x[row, STEPS - len(ids):] = ids
    return x


def corpus(rng, n):
    sentences, labels = [], []
    while len(sentences) < n:
        words = sentence(rng)
        y = label(words)
        if y is not None:   # ties are left out
            sentences.append(words)
            labels.append(y)
    return encode(sentences), np.array(labels)[:, None]


def loss(model, x, y):
    return nk.binary_cross_entropy(model.forward(x), y)


def accuracy(model, x, y):
    return np.mean((model.forward(x) > 0.5) == (y > 0.5))


def main(argv):
    rng = np.random.default_rng(0)
    model = build(rng)
    x_examples = encode([s.split() for s in EXAMPLES])
    if len(argv) == 3 and argv[1] == "--reference":
        nk.load(MODEL, model)
        nk.write_reference(argv[2], model, x_examples)
        return 0
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    x_train, y_train = corpus(rng, 3000)
    x_test, y_test = corpus(rng, 1000)
    nk.train(model, (x_train, y_train), loss, epochs=15, batch_size=32, rng=rng)
    model.round_to_float32()
    nk.save_h5(MODEL, model)
    print("accuracy: %.3f on the 3000 training sentences, %.3f on 1000 held-out ones"
          % (accuracy(model, x_train, y_train), accuracy(model, x_test, y_test)))
    for text, p in zip(EXAMPLES, model.forward(x_examples)[:, 0]):
        print("p(positive) = %.4f  %-8s  \"%s\"" % (p, "positive" if p > 0.5 else "negative",
                                                    text))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
