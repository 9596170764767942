#!/usr/bin/python3
"""Trains the LSTM sentiment model of this example in numpy and writes lstm_sentiment.keras
as Keras 3's model.save() would: Embedding(32, 16, mask_zero) -> LSTM(24) -> Dense(1,
sigmoid) over sentences of any length padded with 0 at the front.

  make_model.py                  train (seeded, under a minute), write lstm_sentiment.keras,
                                 print the accuracies and the float64 predictions for
                                 main.c's sentences
  make_model.py --reference DIR  no training: DIR/x.npy (main.c's sentences) and
                                 DIR/expected.npy (lstm_sentiment.keras's outputs on them)

The corpus is generated over main.c's 31 words: within a clause the positive and negative
words are counted ("not" flips the word after it), and in "... but ..." only the clause
after "but" counts, so the model has to remember what came before and when to forget it.
"""
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
# The shared numpy layers and file writers; no __pycache__ left in the examples' folder.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(here, "..", "common"))
import numpy_keras as nk  # noqa: E402

FILLER = ["the", "movie", "film", "plot", "acting", "story", "was", "is", "a", "and",
          "really", "very", "so", "quite", "it"]
POSITIVE = ["good", "great", "fun", "excellent", "loved", "enjoyed", "best"]
NEGATIVE = ["bad", "awful", "boring", "dull", "hated", "terrible", "worst"]
VOCAB = ["<pad>"] + FILLER + POSITIVE + NEGATIVE + ["not", "but"]
# The sentences main.c scores (keep in sync).
EXAMPLES = ["loved it", "the acting was not good",
            "the plot was boring but the acting was excellent",
            "the movie was fun but the story was not good", "not bad"]
MODEL = os.path.join(here, "lstm_sentiment.keras")


def build(rng):
    return nk.Model([
        nk.Input("words", [None, None], dtype="int32"),
        nk.Embedding("embedding", rng, len(VOCAB), 16, mask_zero=True),
        nk.LSTM("lstm", rng, 16, 24),
        nk.Dense("dense", rng, 24, 1, activation="sigmoid"),
    ])


def clause(rng, lo, hi):
    """lo to hi words; about a third are sentiment words, some with "not" before them."""
    words = []
    length = rng.integers(lo, hi + 1)
    while len(words) < length:
        if rng.random() < 0.35:
            if rng.random() < 0.25 and len(words) + 2 <= length:
                words.append("not")
            words.append(rng.choice(POSITIVE + NEGATIVE))
        else:
            words.append(rng.choice(FILLER))
    return words


def score(words):
    """Positive minus negative words; "not" flips the word after it."""
    total, sign = 0, 1
    for w in words:
        if w in POSITIVE or w in NEGATIVE:
            total += sign * (1 if w in POSITIVE else -1)
        sign = -1 if w == "not" else 1
    return total


def label(words):
    """1 or 0 by the score of the part after the last "but"; None on a tie."""
    last = len(words) - words[::-1].index("but") if "but" in words else 0
    s = score(words[last:])
    return None if s == 0 else float(s > 0)


def sentence(rng):
    """One clause, or two joined by "but" whose first usually leans the other way."""
    if rng.random() < 0.5:
        return clause(rng, 2, 10)
    while True:
        first, second = clause(rng, 2, 7), clause(rng, 2, 7)
        if score(first) * score(second) < 0 or rng.random() < 0.2:
            return first + ["but"] + second


def encode(sentences):
    """Token ids padded with 0 at the front to the longest sentence, as main.c does."""
    steps = max(len(s) for s in sentences)
    x = np.zeros((len(sentences), steps), dtype=np.int32)
    for row, words in enumerate(sentences):
        x[row, steps - len(words):] = [VOCAB.index(w) for w in words]
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
    x_train, y_train = corpus(rng, 4000)
    x_test, y_test = corpus(rng, 1000)
    nk.train(model, (x_train, y_train), loss, epochs=15, batch_size=32, rng=rng)
    model.round_to_float32()
    nk.save_keras(MODEL, model)
    print("accuracy: %.3f on the 4000 training sentences, %.3f on 1000 held-out ones"
          % (accuracy(model, x_train, y_train), accuracy(model, x_test, y_test)))
    for text, p in zip(EXAMPLES, model.forward(x_examples)[:, 0]):
        print("p(positive) = %.4f  %-8s  \"%s\"" % (p, "positive" if p > 0.5 else "negative",
                                                    text))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
