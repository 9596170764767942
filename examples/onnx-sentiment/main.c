/* Scores a few sentences with the sentiment model of make_model.py, exported from PyTorch
 * to ONNX and compiled by rnnc (see run.sh): one sentence per call, each its own length. */
#include "sentiment.h"

#include <stdio.h>
#include <string.h>

/* The model's vocabulary: a word's id is its index (make_model.py, VOCAB). */
static const char *const vocab[] = {"<pad>",  "the", "movie", "was",    "a",     "plot", "and",
                                    "really", "not", "very",  "good",   "great", "fun",  "loved",
                                    "best",   "bad", "awful", "boring", "hated", "worst"};
enum { VOCAB_SIZE = sizeof(vocab) / sizeof(vocab[0]), MAX_WORDS = 32 };

/* Splits `text` on spaces into token ids; returns the count, or -1 for an unknown word. */
static int tokenize(const char *text, int64_t *ids) {
  char buffer[256];
  int n = 0;
  strncpy(buffer, text, sizeof(buffer) - 1);
  buffer[sizeof(buffer) - 1] = '\0';
  for (char *word = strtok(buffer, " "); word && n < MAX_WORDS; word = strtok(NULL, " ")) {
    int id = -1;
    for (int i = 0; i < VOCAB_SIZE; ++i)
      if (strcmp(word, vocab[i]) == 0)
        id = i;
    if (id < 0) {
      fprintf(stderr, "unknown word '%s'\n", word);
      return -1;
    }
    ids[n++] = id;
  }
  return n;
}

int main(void) {
  static const char *const sentences[] = {"the movie was great", "the plot was boring",
                                          "not good and really awful",
                                          "a very fun movie and the best plot", "not bad"};
  for (size_t s = 0; s < sizeof(sentences) / sizeof(sentences[0]); ++s) {
    int64_t ids[MAX_WORDS];
    int n = tokenize(sentences[s], ids);
    if (n <= 0)
      return 1;
    float prob;
    /* tokens is [batch = 1, time = n]; prob is [1, 1]. */
    int32_t status = sentiment_run(1, n, ids, &prob);
    if (status != RNNC_OK) {
      fprintf(stderr, "sentiment_run failed: %s\n", sentiment_status_message(status));
      return 1;
    }
    printf("p(positive) = %.4f  \"%s\"\n", prob, sentences[s]);
  }
  return 0;
}
