// rnnrt_run_parallel: a model compiled with --parallel runs its tasks on the pool; other
// models and bad pools are refused before the model is called.
#include "TestModels.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

using namespace rnnrt_test;

namespace {

using Model = std::unique_ptr<rnnrt_model, void (*)(rnnrt_model *)>;
using Pool = std::unique_ptr<rnnc_threads, void (*)(rnnc_threads *)>;

struct Vectors {
  float x[4] = {1, -2, 3.5f, 0.25f};
  float y[4] = {0, 0, 0, 0};
  int64_t shape[1] = {4};
  rnnrt_tensor in = {RNNC_DTYPE_F32, 1, shape, x, sizeof x};
  rnnrt_tensor out = {RNNC_DTYPE_F32, 1, shape, y, sizeof y};
};

TEST(Parallel, RunsOnThePool) {
  VecModel vec(RNNC_MODEL_PARALLEL);
  rnnrt_error err;
  Model model(rnnrt_wrap(&vec.desc, &err), &rnnrt_close);
  ASSERT_NE(model, nullptr) << err.message;
  EXPECT_EQ(rnnrt_model_flags(model.get()), RNNC_MODEL_PARALLEL);
  for (int32_t size : {1, 3, 4}) {
    Pool pool(rnnrt_threads_create(size, &err), &rnnrt_threads_destroy);
    ASSERT_NE(pool, nullptr) << err.message;
    Vectors v;
    ASSERT_EQ(rnnrt_run_parallel(model.get(), pool.get(), &v.in, 1, &v.out, 1, &err), RNNRT_OK)
        << err.message;
    for (int i = 0; i < 4; ++i)
      EXPECT_EQ(v.y[i], 2 * v.x[i]) << "pool of " << size << ", element " << i;
  }
}

TEST(Parallel, TensorsAreCheckedAsForRnnrtRun) {
  VecModel vec(RNNC_MODEL_PARALLEL);
  rnnrt_error err;
  Model model(rnnrt_wrap(&vec.desc, &err), &rnnrt_close);
  Pool pool(rnnrt_threads_create(2, &err), &rnnrt_threads_destroy);
  Vectors v;
  v.in.dtype = RNNC_DTYPE_F64;
  EXPECT_EQ(rnnrt_run_parallel(model.get(), pool.get(), &v.in, 1, &v.out, 1, &err),
            RNNRT_ERR_MISMATCH);
  EXPECT_STREQ(err.message, "input 0 'x': expected dtype float32, got float64");
}

TEST(Parallel, SerialModelIsRefused) {
  VecModel vec(0);
  rnnrt_error err;
  Model model(rnnrt_wrap(&vec.desc, &err), &rnnrt_close);
  Pool pool(rnnrt_threads_create(2, &err), &rnnrt_threads_destroy);
  Vectors v;
  EXPECT_EQ(rnnrt_run_parallel(model.get(), pool.get(), &v.in, 1, &v.out, 1, &err),
            RNNRT_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(err.message, "model 'vec' was not compiled with --parallel, so it cannot run on "
                            "a thread pool; recompile it with rnnc --parallel");
  EXPECT_EQ(v.y[0], 0) << "the model must not have run";
}

TEST(Parallel, BadPools) {
  VecModel vec(RNNC_MODEL_PARALLEL);
  rnnrt_error err;
  Model model(rnnrt_wrap(&vec.desc, &err), &rnnrt_close);
  Vectors v;
  EXPECT_EQ(rnnrt_run_parallel(model.get(), nullptr, &v.in, 1, &v.out, 1, &err),
            RNNRT_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(err.message, "rnnrt_run_parallel: threads is NULL");
  EXPECT_EQ(rnnrt_run_parallel(nullptr, nullptr, &v.in, 1, &v.out, 1, &err),
            RNNRT_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(err.message, "rnnrt_run_parallel: model is NULL");
  rnnc_threads empty = {nullptr, 0, nullptr};
  EXPECT_EQ(rnnrt_run_parallel(model.get(), &empty, &v.in, 1, &v.out, 1, &err),
            RNNRT_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(err.message, "rnnrt_run_parallel: the pool has no run function");
}

// The descriptor's new fields are validated when the model is wrapped.
TEST(Parallel, MalformedFlagsAreRefused) {
  rnnrt_error err;
  {
    VecModel vec(64);
    EXPECT_EQ(rnnrt_wrap(&vec.desc, &err), nullptr);
    EXPECT_STREQ(err.message, "model 'vec': flags 0x40 has bits this runtime does not know");
  }
  // Two weight precisions, or a state flag without the weights of its type.
  const uint32_t noOnePrecision[] = {
      RNNC_MODEL_WEIGHTS_BF16 | RNNC_MODEL_WEIGHTS_INT8,
      RNNC_MODEL_STATE_BF16,
      RNNC_MODEL_STATE_INT8,
      RNNC_MODEL_WEIGHTS_INT8 | RNNC_MODEL_STATE_BF16,
      RNNC_MODEL_WEIGHTS_BF16 | RNNC_MODEL_STATE_INT8,
      RNNC_MODEL_WEIGHTS_BF16 | RNNC_MODEL_STATE_BF16 | RNNC_MODEL_STATE_INT8,
      RNNC_MODEL_WEIGHTS_INT8 | RNNC_MODEL_STATE_BF16 | RNNC_MODEL_STATE_INT8,
  };
  for (uint32_t flags : noOnePrecision) {
    VecModel vec(flags);
    EXPECT_EQ(rnnrt_wrap(&vec.desc, &err), nullptr) << flags;
    char expected[160];
    std::snprintf(expected, sizeof expected,
                  "model 'vec': flags 0x%x name no one weight precision (two, or a bf16 or int8 "
                  "state without weights of its type)",
                  flags);
    EXPECT_STREQ(err.message, expected);
  }
  // bf16-dot and int8-dot: each state flag with its weights.
  for (uint32_t flags : {RNNC_MODEL_WEIGHTS_BF16 | RNNC_MODEL_STATE_BF16,
                         RNNC_MODEL_WEIGHTS_INT8 | RNNC_MODEL_STATE_INT8}) {
    VecModel vec(flags);
    Model model(rnnrt_wrap(&vec.desc, &err), &rnnrt_close);
    ASSERT_NE(model, nullptr) << err.message;
    EXPECT_EQ(rnnrt_model_flags(model.get()), flags);
  }
  {
    VecModel vec(RNNC_MODEL_PARALLEL);
    vec.desc.run_with = nullptr;
    EXPECT_EQ(rnnrt_wrap(&vec.desc, &err), nullptr);
    EXPECT_STREQ(err.message, "model 'vec': flags 0x2, but the run_with function is NULL");
  }
  {
    VecModel vec(RNNC_MODEL_EXTERNAL_WEIGHTS);
    vec.desc.weights_bytes = 0;
    EXPECT_EQ(rnnrt_wrap(&vec.desc, &err), nullptr);
    EXPECT_STREQ(err.message,
                 "model 'vec': the model takes external weights, but weights_bytes is 0");
  }
}

} // namespace
