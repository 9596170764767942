#!/usr/bin/python3
"""Trains the tagger of this example in numpy and writes tagger.keras as Keras 3's
model.save() would: Embedding(16, 8, mask_zero) -> Bidirectional(SimpleRNN(8,
return_sequences=True)) -> TimeDistributed(Dense(4, softmax)), one of the tags DET, NOUN,
VERB, ADJ for each word of a sentence of any length (padded with 0 at the end).

  make_model.py                  train (seeded, some seconds), write tagger.keras, print the
                                 accuracies and the float64 tags of main.c's sentences
  make_model.py --reference DIR  no training: DIR/x.npy (main.c's sentences) and
                                 DIR/expected.npy (tagger.keras's float64 outputs on them)

The corpus is generated from a small grammar over main.c's 15 words. "fish", "duck" and
"watch" are nouns after a determiner or adjective and verbs after "can", so the tagger has
to read the context, not just the word.
"""
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
# The shared numpy layers and file writers; no __pycache__ left in the examples' folder.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(here, "..", "common"))
import numpy_keras as nk  # noqa: E402

VOCAB = ["<pad>", "the", "a", "dog", "cat", "bird", "sees", "chases", "likes", "can",
         "big", "small", "red", "fish", "duck", "watch"]
TAGS = ["DET", "NOUN", "VERB", "ADJ"]
DET, NOUN, VERB, ADJ = range(4)
NOUNS = ["dog", "cat", "bird", "fish", "duck", "watch"]
ADJECTIVES = ["big", "small", "red"]
VERBS = ["sees", "chases", "likes"]   # after a singular subject
BARE_VERBS = ["fish", "duck", "watch"]   # after "can"
# The sentences main.c tags (keep in sync).
EXAMPLES = ["the big dog sees a small duck", "a red bird can fish",
            "the cat can watch the fish"]
MODEL = os.path.join(here, "tagger.keras")


def build(rng):
    return nk.Model([
        nk.Input("words", [None, None], dtype="int32"),
        nk.Embedding("embedding", rng, len(VOCAB), 8, mask_zero=True),
        nk.Bidirectional("bidirectional",
                         nk.SimpleRNN("simple_rnn", rng, 8, 8, return_sequences=True),
                         nk.SimpleRNN("simple_rnn", rng, 8, 8, return_sequences=True,
                                      go_backwards=True)),
        nk.TimeDistributed("tags", nk.Dense("dense", rng, 16, len(TAGS),
                                            activation="softmax")),
    ])


def noun_phrase(rng):
    words = [(rng.choice(["the", "a"]), DET)]
    words += [(rng.choice(ADJECTIVES), ADJ) for _ in range(rng.choice(3, p=[0.5, 0.3, 0.2]))]
    return words + [(rng.choice(NOUNS), NOUN)]


def sentence(rng):
    """[(word, tag)]: a noun phrase, then a verb with an object or "can" and a bare verb
    with or without one."""
    words = noun_phrase(rng)
    if rng.random() < 0.5:
        return words + [(rng.choice(VERBS), VERB)] + noun_phrase(rng)
    words += [("can", VERB), (rng.choice(BARE_VERBS), VERB)]
    return words + (noun_phrase(rng) if rng.random() < 0.5 else [])


def encode(sentences):
    """Token ids padded with 0 at the end to the longest sentence, as main.c does."""
    steps = max(len(s) for s in sentences)
    x = np.zeros((len(sentences), steps), dtype=np.int32)
    for row, words in enumerate(sentences):
        x[row, :len(words)] = [VOCAB.index(w) for w in words]
    return x


def corpus(rng, n):
    sentences = [sentence(rng) for _ in range(n)]
    x = encode([[w for w, _ in s] for s in sentences])
    tags = np.zeros(x.shape, dtype=np.int64)
    for row, s in enumerate(sentences):
        tags[row, :len(s)] = [t for _, t in s]
    return x, tags


def loss(model, x, tags):
    return nk.sequence_cross_entropy(model.forward(x), tags, (x != 0).astype(np.float64))


def accuracies(model, x, tags):
    """(word accuracy, sentence accuracy) over the real words."""
    right = (model.forward(x).argmax(axis=-1) == tags) | (x == 0)
    return right[x != 0].mean(), right.all(axis=1).mean()


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
    x_train, t_train = corpus(rng, 2000)
    x_test, t_test = corpus(rng, 500)
    nk.train(model, (x_train, t_train), loss, epochs=10, batch_size=32, rng=rng)
    model.round_to_float32()
    nk.save_keras(MODEL, model)
    print("accuracy: %.3f of the words (%.3f of the sentences) of 2000 training sentences, "
          "%.3f (%.3f) of 500 held-out ones"
          % (accuracies(model, x_train, t_train) + accuracies(model, x_test, t_test)))
    probs = model.forward(x_examples)
    for row, text in enumerate(EXAMPLES):
        words = text.split()
        print(" ".join("%s/%s(%.2f)" % (w, TAGS[p.argmax()], p.max())
                       for w, p in zip(words, probs[row])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
