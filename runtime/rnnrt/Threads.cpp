// rnnrt_threads_create: a thread pool with the rnnc_threads interface that models compiled
// with `rnnc --parallel` run on. Its threads stay alive and spin briefly between calls, so
// starting the tasks costs far less than one step of a model.
#include "Internal.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <pthread.h>
#include <vector>

namespace {

// Spins this many times before sleeping on the condition variable: long enough to
// bridge back-to-back calls, short enough not to hold a core when the pool is idle.
constexpr int kSpins = 1 << 16;

inline void relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

struct Pool {
  rnnc_threads iface; // first: the rnnc_threads * handed out points here
  std::vector<pthread_t> threads;
  std::atomic<uint64_t> generation{0};
  std::atomic<int32_t> running{0};
  void (*task)(void *, int32_t) = nullptr;
  void *arg = nullptr;
  bool stop = false;
  std::mutex mutex;
  std::condition_variable wake;
};

struct Start {
  Pool *pool;
  int32_t index;
};

void *workerMain(void *raw) {
  Start start = *static_cast<Start *>(raw);
  delete static_cast<Start *>(raw);
  Pool &pool = *start.pool;
  uint64_t seen = 0;
  for (;;) {
    int spins = 0;
    while (pool.generation.load(std::memory_order_acquire) == seen && spins++ < kSpins)
      relax();
    if (pool.generation.load(std::memory_order_acquire) == seen) {
      std::unique_lock<std::mutex> lock(pool.mutex);
      pool.wake.wait(lock, [&] { return pool.generation.load(std::memory_order_acquire) != seen; });
    }
    seen = pool.generation.load(std::memory_order_acquire);
    if (pool.stop)
      return nullptr;
    pool.task(pool.arg, start.index);
    pool.running.fetch_sub(1, std::memory_order_acq_rel);
  }
}

void runTasks(void *raw, void (*task)(void *, int32_t), void *arg) {
  Pool &pool = *static_cast<Pool *>(raw);
  int32_t helpers = pool.iface.size - 1;
  if (helpers > 0) {
    pool.task = task;
    pool.arg = arg;
    pool.running.store(helpers, std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lock(pool.mutex);
      pool.generation.fetch_add(1, std::memory_order_release);
    }
    pool.wake.notify_all();
  }
  task(arg, 0); // the calling thread is worker 0
  while (pool.running.load(std::memory_order_acquire) > 0)
    relax();
}

void stopThreads(Pool *pool) {
  {
    std::lock_guard<std::mutex> lock(pool->mutex);
    pool->stop = true;
    pool->generation.fetch_add(1, std::memory_order_release);
  }
  pool->wake.notify_all();
  for (pthread_t thread : pool->threads)
    pthread_join(thread, nullptr);
}

} // namespace

extern "C" {

rnnc_threads *rnnrt_threads_create(int32_t size, rnnrt_error *err) {
  if (size < 1 || size > RNNRT_MAX_THREADS) {
    rnnrt::fail(err, RNNRT_ERR_INVALID_ARGUMENT, "a pool needs 1 to %d threads, got %d",
                RNNRT_MAX_THREADS, size);
    return nullptr;
  }
  auto *pool = new (std::nothrow) Pool;
  if (!pool) {
    rnnrt::fail(err, RNNRT_ERR_OUT_OF_MEMORY, "out of memory");
    return nullptr;
  }
  pool->iface = {pool, size, runTasks};
  pool->threads.reserve(size_t(size - 1));
  for (int32_t i = 1; i < size; ++i) {
    auto *start = new (std::nothrow) Start{pool, i};
    pthread_t thread;
    if (!start || pthread_create(&thread, nullptr, workerMain, start) != 0) {
      delete start;
      stopThreads(pool);
      delete pool;
      rnnrt::fail(err, RNNRT_ERR_OUT_OF_MEMORY, "cannot start thread %d of %d", i, size);
      return nullptr;
    }
    pool->threads.push_back(thread);
  }
  rnnrt::succeed(err);
  return &pool->iface;
}

void rnnrt_threads_destroy(rnnc_threads *threads) {
  if (!threads)
    return;
  Pool *pool = static_cast<Pool *>(threads->pool);
  stopThreads(pool);
  delete pool;
}

} // extern "C"
