/* Scores sentences with the Keras sentiment model trained by make_model.py, compiled by rnnc
 * (see run.sh). Keras-style input: token ids padded with 0 at the front to 12 steps; the
 * Embedding's mask_zero makes the SimpleRNN skip the padding. All sentences in one call. */
#include "sentiment.h"

#include <stdio.h>
#include <string.h>

/* The vocabulary (make_model.py, VOCAB): a word's id is its index; id 0 is padding. */
static const char *const vocab[] = {"<pad>",  "the", "movie", "was",    "a",     "plot", "and",
                                    "really", "not", "very",  "good",   "great", "fun",  "loved",
                                    "best",   "bad", "awful", "boring", "hated", "worst"};
enum { VOCAB_SIZE = sizeof(vocab) / sizeof(vocab[0]), STEPS = 12, BATCH = 5 };

/* Writes `text`'s ids into row[STEPS], padded with 0 at the front; -1 on an unknown word. */
static int encode(const char *text, int32_t *row) {
  int32_t ids[STEPS];
  int n = 0;
  char buffer[256];
  strncpy(buffer, text, sizeof(buffer) - 1);
  buffer[sizeof(buffer) - 1] = '\0';
  for (char *word = strtok(buffer, " "); word && n < STEPS; word = strtok(NULL, " ")) {
    int id = -1;
    for (int i = 1; i < VOCAB_SIZE; ++i)
      if (strcmp(word, vocab[i]) == 0)
        id = i;
    if (id < 0) {
      fprintf(stderr, "unknown word '%s'\n", word);
      return -1;
    }
    ids[n++] = id;
  }
  memset(row, 0, sizeof(int32_t) * STEPS);
  memcpy(row + STEPS - n, ids, sizeof(int32_t) * n);
  return 0;
}

int main(void) {
  /* make_model.py prints its float64 scores of the same sentences (EXAMPLES). */
  static const char *const sentences[BATCH] = {
      "the movie was great", "the plot was boring", "not good and really awful",
      "a very fun movie and the best plot", "the movie was not bad"};
  int32_t words[BATCH * STEPS];
  float positive[BATCH];
  for (int s = 0; s < BATCH; ++s)
    if (encode(sentences[s], words + s * STEPS) != 0)
      return 1;
  /* words is [batch, 12]; the batch is dynamic. */
  int32_t status = sentiment_run(BATCH, words, positive);
  if (status != RNNC_OK) {
    fprintf(stderr, "sentiment_run failed: %s\n", sentiment_status_message(status));
    return 1;
  }
  for (int s = 0; s < BATCH; ++s)
    printf("p(positive) = %.4f  %-8s  \"%s\"\n", positive[s],
           positive[s] > 0.5f ? "positive" : "negative", sentences[s]);
  return 0;
}
