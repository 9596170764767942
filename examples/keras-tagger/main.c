/* Tags the words of sentences with the Keras tagger trained by make_model.py, compiled by
 * rnnc (see run.sh): one call for the batch, padded with id 0 at the end to the longest
 * sentence; batch and time are dynamic. Prints each word's most probable tag and its
 * probability. */
#include "tagger.h"

#include <stdio.h>
#include <string.h>

/* The vocabulary (make_model.py, VOCAB): a word's id is its index; id 0 is padding. */
static const char *const vocab[] = {"<pad>", "the", "a",   "dog",   "cat", "bird", "sees", "chases",
                                    "likes", "can", "big", "small", "red", "fish", "duck", "watch"};
static const char *const tags[] = {"DET", "NOUN", "VERB", "ADJ"};
enum { VOCAB_SIZE = sizeof(vocab) / sizeof(vocab[0]), NUM_TAGS = 4, BATCH = 3, MAX_STEPS = 10 };

int main(void) {
  /* "duck", "fish" and "watch" are nouns or verbs by their context. make_model.py prints
   * its float64 tags of the same sentences (EXAMPLES). */
  static const char *const sentences[BATCH][MAX_STEPS] = {
      {"the", "big", "dog", "sees", "a", "small", "duck"},
      {"a", "red", "bird", "can", "fish"},
      {"the", "cat", "can", "watch", "the", "fish"}};
  int32_t words[BATCH * MAX_STEPS] = {0};
  int lengths[BATCH] = {0}, steps = 0;
  for (int s = 0; s < BATCH; ++s) {
    for (int t = 0; t < MAX_STEPS && sentences[s][t]; ++t) {
      for (int i = 1; i < VOCAB_SIZE; ++i)
        if (strcmp(sentences[s][t], vocab[i]) == 0)
          words[s * MAX_STEPS + t] = i;
      lengths[s] = t + 1;
    }
    if (lengths[s] > steps)
      steps = lengths[s];
  }
  /* Repack [BATCH, MAX_STEPS] as [BATCH, steps]: the time dim is the longest sentence. */
  int32_t batch[BATCH * MAX_STEPS];
  for (int s = 0; s < BATCH; ++s)
    memcpy(batch + s * steps, words + s * MAX_STEPS, sizeof(int32_t) * steps);
  float probs[BATCH * MAX_STEPS * NUM_TAGS];
  int32_t status = tagger_run(BATCH, steps, batch, probs);
  if (status != RNNC_OK) {
    fprintf(stderr, "tagger_run failed: %s\n", tagger_status_message(status));
    return 1;
  }
  for (int s = 0; s < BATCH; ++s) {
    for (int t = 0; t < lengths[s]; ++t) {
      const float *p = probs + (s * steps + t) * NUM_TAGS;
      int best = 0;
      for (int k = 1; k < NUM_TAGS; ++k)
        if (p[k] > p[best])
          best = k;
      printf("%s/%s(%.2f) ", sentences[s][t], tags[best], p[best]);
    }
    printf("\n");
  }
  return 0;
}
