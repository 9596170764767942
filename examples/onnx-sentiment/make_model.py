#!/usr/bin/python3
"""Trains a tiny PyTorch sentiment model and exports it to sentiment.onnx (run with
/usr/bin/python3, which has torch): make_model.py [OUT.onnx]

Embedding(20, 8) -> RNN(8, 16) -> Linear(16, 1) -> sigmoid of the last step, trained for a
few seconds on made-up sentences over a 20-word vocabulary (a sentence is positive when it
has more positive than negative words, and "not" flips the word after it). Exported with
dynamic batch and time axes, so one compiled model takes sentences of any length. Prints
the probabilities torch gives the sentences main.c scores, for comparison.
"""
import os
import random
import sys
import warnings

import torch
from torch import nn

warnings.filterwarnings("ignore")

VOCAB = ["<pad>", "the", "movie", "was", "a", "plot", "and", "really", "not", "very",
         "good", "great", "fun", "loved", "best",
         "bad", "awful", "boring", "hated", "worst"]
POSITIVE = {"good", "great", "fun", "loved", "best"}
NEGATIVE = {"bad", "awful", "boring", "hated", "worst"}
FILLER = ["the", "movie", "was", "a", "plot", "and", "really", "very"]
# The sentences main.c scores (keep in sync).
EXAMPLES = ["the movie was great", "the plot was boring", "not good and really awful",
            "a very fun movie and the best plot", "not bad"]


class Sentiment(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(len(VOCAB), 8)
        self.rnn = nn.RNN(8, 16, batch_first=True)
        self.fc = nn.Linear(16, 1)

    def forward(self, tokens):
        out, _ = self.rnn(self.embedding(tokens))
        return torch.sigmoid(self.fc(out[:, -1]))


def sentence(rng):
    words, score = [], 0
    for _ in range(rng.randint(2, 8)):
        r = rng.random()
        if r < 0.35:
            w = rng.choice(sorted(POSITIVE | NEGATIVE))
            sign = 1 if w in POSITIVE else -1
            if rng.random() < 0.2:
                words.append("not")
                sign = -sign
            words.append(w)
            score += sign
        else:
            words.append(rng.choice(FILLER))
    if score == 0:
        w = rng.choice(sorted(POSITIVE | NEGATIVE))
        words.append(w)
        score = 1 if w in POSITIVE else -1
    return words, float(score > 0)


def ids(words):
    return [VOCAB.index(w) for w in words]


def main(argv):
    out = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(
        os.path.abspath(__file__)), "sentiment.onnx")
    torch.manual_seed(0)
    torch.set_num_threads(1)
    rng = random.Random(0)
    model = Sentiment()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(1500):
        batch = [sentence(rng) for _ in range(32)]
        # Left-pad to one length: the last step is the sentence's last word.
        t = max(len(w) for w, _ in batch)
        x = torch.tensor([[0] * (t - len(w)) + ids(w) for w, _ in batch])
        y = torch.tensor([[label] for _, label in batch])
        loss = nn.functional.binary_cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    torch.onnx.export(model, (torch.tensor([ids(EXAMPLES[0].split())]),), out,
                      opset_version=14, input_names=["tokens"], output_names=["prob"],
                      dynamic_axes={"tokens": {0: "batch", 1: "time"},
                                    "prob": {0: "batch"}})
    with torch.no_grad():
        for text in EXAMPLES:
            p = model(torch.tensor([ids(text.split())])).item()
            print("p(positive) = %.4f  \"%s\"" % (p, text))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
