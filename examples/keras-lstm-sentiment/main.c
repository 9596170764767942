/* Scores sentences with the Keras LSTM sentiment model trained by make_model.py, compiled by
 * rnnc (see run.sh). All sentences in one call: token ids padded with 0 at the front to the
 * longest sentence (batch and time are dynamic); the Embedding's mask_zero makes the LSTM
 * skip the padding. */
#include "lstm_sentiment.h"

#include <stdio.h>
#include <string.h>

/* The vocabulary (make_model.py, VOCAB): a word's id is its index; id 0 is padding. */
static const char *const vocab[] = {
    "<pad>", "the",    "movie", "film",      "plot",     "acting",  "story", "was",
    "is",    "a",      "and",   "really",    "very",     "so",      "quite", "it",
    "good",  "great",  "fun",   "excellent", "loved",    "enjoyed", "best",  "bad",
    "awful", "boring", "dull",  "hated",     "terrible", "worst",   "not",   "but"};
enum { VOCAB_SIZE = sizeof(vocab) / sizeof(vocab[0]), MAX_WORDS = 32, BATCH = 5 };

/* Splits `text` on spaces into ids[MAX_WORDS]; returns the count, or -1 on an unknown word. */
static int tokenize(const char *text, int32_t *ids) {
  char buffer[256];
  int n = 0;
  strncpy(buffer, text, sizeof(buffer) - 1);
  buffer[sizeof(buffer) - 1] = '\0';
  for (char *word = strtok(buffer, " "); word && n < MAX_WORDS; word = strtok(NULL, " ")) {
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
  return n;
}

int main(void) {
  /* Only the clause after "but" counts; "not" flips the word after it. make_model.py prints
   * its float64 scores of the same sentences (EXAMPLES). */
  static const char *const sentences[BATCH] = {
      "loved it", "the acting was not good", "the plot was boring but the acting was excellent",
      "the movie was fun but the story was not good", "not bad"};
  int32_t ids[BATCH][MAX_WORDS];
  int lengths[BATCH], steps = 0;
  for (int s = 0; s < BATCH; ++s) {
    if ((lengths[s] = tokenize(sentences[s], ids[s])) < 0)
      return 1;
    if (lengths[s] > steps)
      steps = lengths[s];
  }
  /* words is [BATCH, steps], each row padded with 0 at the front. */
  int32_t words[BATCH * MAX_WORDS] = {0};
  for (int s = 0; s < BATCH; ++s)
    memcpy(words + s * steps + steps - lengths[s], ids[s], sizeof(int32_t) * lengths[s]);
  float positive[BATCH];
  int32_t status = lstm_sentiment_run(BATCH, steps, words, positive);
  if (status != RNNC_OK) {
    fprintf(stderr, "lstm_sentiment_run failed: %s\n", lstm_sentiment_status_message(status));
    return 1;
  }
  for (int s = 0; s < BATCH; ++s)
    printf("p(positive) = %.4f  %-8s  \"%s\"\n", positive[s],
           positive[s] > 0.5f ? "positive" : "negative", sentences[s]);
  return 0;
}
