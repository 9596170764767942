/* Starts n threads together on worker(&jobs[k]) and waits for them: the concurrency tests'
 * harness. Workers call stress_wait() first, so every thread enters the model at once. */
#ifndef RNNC_TEST_STRESS_H
#define RNNC_TEST_STRESS_H

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

enum { kStressMaxThreads = 64 };

static pthread_barrier_t stress_barrier;

static inline void stress_wait(void) { pthread_barrier_wait(&stress_barrier); }

/* jobs points at n jobs of job_size bytes each. Returns 1 when every thread ran. */
static inline int stress_run(int n, void *(*worker)(void *), void *jobs, size_t job_size) {
  pthread_t threads[kStressMaxThreads];
  int k, started = 0;
  if (n > kStressMaxThreads || pthread_barrier_init(&stress_barrier, NULL, (unsigned)n) != 0) {
    printf("FAIL: cannot start %d threads\n", n);
    return 0;
  }
  for (k = 0; k < n; ++k) {
    if (pthread_create(&threads[k], NULL, worker, (char *)jobs + (size_t)k * job_size) != 0) {
      printf("FAIL: pthread_create\n");
      return 0; /* the started threads wait at the barrier forever: exit the test */
    }
    ++started;
  }
  for (k = 0; k < started; ++k)
    pthread_join(threads[k], NULL);
  pthread_barrier_destroy(&stress_barrier);
  return 1;
}

/* What one thread saw: calls that failed, and results whose bits differed. */
typedef struct stress_tally {
  int failed, different;
} stress_tally;

/* Adds up the tallies (the member at tally_offset of each of the n jobs), prints the summary
 * line and returns 1 when every call ran and gave the expected bits. */
static inline int stress_summary(const void *jobs, size_t job_size, size_t tally_offset, int n,
                                 int calls) {
  int k, failed = 0, different = 0;
  for (k = 0; k < n; ++k) {
    const stress_tally *t =
        (const stress_tally *)((const char *)jobs + (size_t)k * job_size + tally_offset);
    failed += t->failed;
    different += t->different;
  }
  printf("%d threads x %d calls: %d failed calls, %d different results\n", n, calls, failed,
         different);
  return failed == 0 && different == 0;
}

#endif /* RNNC_TEST_STRESS_H */
