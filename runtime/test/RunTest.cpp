// rnnrt_run: the checks on every tensor before run() is called, the dims it receives, model
// failures as errors, and concurrent calls on one model.
#include "TestModels.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>

using namespace rnnrt_test;

namespace {

using Model = std::unique_ptr<rnnrt_model, void (*)(rnnrt_model *)>;

// Output buffers of PairModel for the given dims.
struct PairOutputs {
  int64_t yShape[2], tShape[2];
  std::vector<float> y;
  std::vector<int64_t> t;
  rnnrt_tensor tensors[2];

  PairOutputs(int64_t batch, int64_t steps)
      : yShape{batch, 4}, tShape{steps, batch}, y(static_cast<size_t>(batch * 4)),
        t(static_cast<size_t>(steps * batch)) {
    tensors[0] = {RNNC_DTYPE_F32, 2, yShape, y.data(), y.size() * sizeof(float)};
    tensors[1] = {RNNC_DTYPE_I64, 2, tShape, t.data(), t.size() * sizeof(int64_t)};
  }
  PairOutputs(const PairOutputs &) = delete;
};

class Run : public ::testing::Test {
protected:
  void SetUp() override {
    model_.reset(rnnrt_wrap(&pair_.desc, &err_));
    ASSERT_NE(model_, nullptr) << err_.message;
  }

  std::string error(const PairInputs &in, const PairOutputs &out, size_t outputs = 2) {
    lastDims().clear();
    rnnrt_status status = rnnrt_run(model_.get(), in.tensors, 2, out.tensors, outputs, &err_);
    EXPECT_NE(status, RNNRT_OK);
    EXPECT_EQ(status, err_.status);
    EXPECT_TRUE(lastDims().empty()) << "run() was called despite the error";
    return err_.message;
  }

  PairModel pair_;
  rnnrt_error err_;
  Model model_{nullptr, &rnnrt_close};
};

TEST_F(Run, PassesDimsAndBuffers) {
  PairInputs in(2, 5);
  PairOutputs out(2, 5);
  ASSERT_EQ(rnnrt_run(model_.get(), in.tensors, 2, out.tensors, 2, &err_), RNNRT_OK)
      << err_.message;
  EXPECT_EQ(lastDims(), (std::vector<int64_t>{2, 5}));
  EXPECT_EQ(out.y, std::vector<float>(8, 1.0f));
  EXPECT_EQ(out.t, std::vector<int64_t>(10, 7));
}

TEST_F(Run, RejectsWrongCounts) {
  PairInputs in(2, 5);
  PairOutputs out(2, 5);
  EXPECT_EQ(error(in, out, 1), "model 'pair': expected 2 outputs, got 1");
  EXPECT_EQ(err_.status, RNNRT_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(rnnrt_run(model_.get(), in.tensors, 3, out.tensors, 2, &err_),
            RNNRT_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(err_.message, "model 'pair': expected 2 inputs, got 3");
  EXPECT_EQ(rnnrt_run(model_.get(), in.tensors, 2, nullptr, 2, &err_), RNNRT_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(err_.message, "model 'pair': the outputs array is NULL");
  EXPECT_EQ(rnnrt_run(nullptr, in.tensors, 2, out.tensors, 2, &err_), RNNRT_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(err_.message, "rnnrt_run: model is NULL");
}

TEST_F(Run, RejectsWrongDtypes) {
  PairInputs in(2, 5);
  PairOutputs out(2, 5);
  in.tensors[1].dtype = RNNC_DTYPE_F64;
  EXPECT_EQ(error(in, out), "input 1 'h': expected dtype float32, got float64");
  EXPECT_EQ(err_.status, RNNRT_ERR_MISMATCH);
  in.tensors[1].dtype = 42;
  EXPECT_EQ(error(in, out), "input 1 'h': expected dtype float32, got 42 (not an rnnc_dtype)");
  in.tensors[1].dtype = RNNC_DTYPE_F32;
  out.tensors[1].dtype = RNNC_DTYPE_I32;
  EXPECT_EQ(error(in, out), "output 1 't': expected dtype int64, got int32");
}

// The same shape checks as rnnrt_output_shape run first.
TEST_F(Run, RejectsBadInputShapes) {
  PairInputs in(2, 5);
  PairOutputs out(2, 5);
  in.hShape[0] = 3;
  EXPECT_EQ(error(in, out),
            "input 1 'h': dim 0 is 3, but input 0 'x' dim 0 is 2; the model requires them to "
            "be equal");
}

TEST_F(Run, RejectsNullOrSmallBuffers) {
  PairInputs in(2, 5);
  PairOutputs out(2, 5);
  in.tensors[0].data = nullptr;
  EXPECT_EQ(error(in, out), "input 0 'x': data is NULL");
  EXPECT_EQ(err_.status, RNNRT_ERR_INVALID_ARGUMENT);
  in.tensors[0].data = in.x.data();
  in.tensors[0].size_bytes -= 1;
  EXPECT_EQ(error(in, out), "input 0 'x': expected a buffer of 120 bytes, got 119");
  in.tensors[0].size_bytes += 1;
  out.tensors[0].data = nullptr;
  EXPECT_EQ(error(in, out), "output 0 'y': data is NULL");
  out.tensors[0].data = out.y.data();
  out.tensors[1].size_bytes = 8;
  EXPECT_EQ(error(in, out), "output 1 't': expected a buffer of 80 bytes, got 8");
}

TEST_F(Run, RejectsWrongOutputShapes) {
  PairInputs in(2, 5);
  PairOutputs out(2, 5);
  out.tShape[0] = 2;
  out.tShape[1] = 5;
  EXPECT_EQ(error(in, out), "output 1 't': expected shape [5, 2], got [2, 5]");
  out.tShape[0] = 5;
  out.tShape[1] = 2;
  const int64_t rank3[3] = {2, 4, 1};
  out.tensors[0].rank = 3;
  out.tensors[0].shape = rank3;
  EXPECT_EQ(error(in, out), "output 0 'y': expected shape [2, 4], got [2, 4, 1]");
}

TEST_F(Run, ModelFailureBecomesError) {
  PairInputs in(2, 5);
  PairOutputs out(2, 5);
  in.x[0] = -1.0f;
  EXPECT_EQ(rnnrt_run(model_.get(), in.tensors, 2, out.tensors, 2, &err_), RNNRT_ERR_MODEL);
  EXPECT_EQ(err_.model_status, RNNC_ERR_BAD_DIM);
  EXPECT_STREQ(err_.message, "model 'pair' failed with status 1: x starts negative");
  // A model without a message for its status still gets a readable error.
  pair_.desc.status_message = [](int32_t) -> const char * { return nullptr; };
  EXPECT_EQ(rnnrt_run(model_.get(), in.tensors, 2, out.tensors, 2, &err_), RNNRT_ERR_MODEL);
  EXPECT_STREQ(err_.message, "model 'pair' failed with status 1: (no message)");
  // A later success clears the error.
  in.x[0] = 0.0f;
  EXPECT_EQ(rnnrt_run(model_.get(), in.tensors, 2, out.tensors, 2, &err_), RNNRT_OK);
  EXPECT_EQ(err_.status, RNNRT_OK);
  EXPECT_EQ(err_.model_status, 0);
  EXPECT_STREQ(err_.message, "");
}

// The scale fixture through dlopen, from several threads at once, each with its own buffers
// and error: the runtime keeps no shared mutable state.
TEST(RunFixture, ConcurrentCallsOnOneModel) {
  rnnrt_error err;
  Model model(rnnrt_open(fixture("scale_model").c_str(), &err), &rnnrt_close);
  ASSERT_NE(model, nullptr) << err.message;
  std::vector<std::thread> threads;
  std::vector<int> failures(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      const int64_t shape[3] = {t + 1, 7, 3};
      std::vector<float> x(static_cast<size_t>((t + 1) * 21), static_cast<float>(t));
      std::vector<float> y(x.size());
      rnnrt_tensor in = {RNNC_DTYPE_F32, 3, shape, x.data(), x.size() * sizeof(float)};
      rnnrt_tensor out = {RNNC_DTYPE_F32, 3, shape, y.data(), y.size() * sizeof(float)};
      rnnrt_error local;
      for (int i = 0; i < 200; ++i) {
        if (rnnrt_run(model.get(), &in, 1, &out, 1, &local) != RNNRT_OK ||
            y != std::vector<float>(y.size(), 2.0f * t))
          ++failures[static_cast<size_t>(t)];
      }
    });
  }
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(failures, std::vector<int>(8, 0));
}

} // namespace
