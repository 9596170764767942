// rnnrt_output_shape: binding input shapes to dynamic dims, every way an input shape can
// disagree with the model, and overflow-safe sizes.
#include "TestModels.h"

#include <gtest/gtest.h>

#include <memory>

using namespace rnnrt_test;

namespace {

class Shapes : public ::testing::Test {
protected:
  void SetUp() override {
    model_.reset(rnnrt_wrap(&pair_.desc, &err_));
    ASSERT_NE(model_, nullptr) << err_.message;
  }

  // The error message of rnnrt_output_shape(output 0) on `inputs`.
  std::string error(const rnnrt_tensor *inputs, size_t count = 2) {
    int64_t shape[2];
    rnnrt_status status = rnnrt_output_shape(model_.get(), inputs, count, 0, shape, nullptr, &err_);
    EXPECT_NE(status, RNNRT_OK);
    EXPECT_EQ(status, err_.status);
    return err_.message;
  }

  PairModel pair_;
  rnnrt_error err_;
  std::unique_ptr<rnnrt_model, void (*)(rnnrt_model *)> model_{nullptr, &rnnrt_close};
};

TEST_F(Shapes, DerivesOutputShapesFromDims) {
  PairInputs in(2, 5);
  int64_t shape[2] = {0, 0};
  size_t bytes = 0;
  ASSERT_EQ(rnnrt_output_shape(model_.get(), in.tensors, 2, 0, shape, &bytes, &err_), RNNRT_OK)
      << err_.message;
  EXPECT_EQ(shape[0], 2);
  EXPECT_EQ(shape[1], 4);
  EXPECT_EQ(bytes, 2 * 4 * sizeof(float));
  // t is [dims[1], dims[0]] in int64.
  ASSERT_EQ(rnnrt_output_shape(model_.get(), in.tensors, 2, 1, shape, &bytes, &err_), RNNRT_OK)
      << err_.message;
  EXPECT_EQ(shape[0], 5);
  EXPECT_EQ(shape[1], 2);
  EXPECT_EQ(bytes, 5 * 2 * sizeof(int64_t));
}

// Zero-sized dynamic dims are valid: empty batches give empty outputs.
TEST_F(Shapes, AcceptsZeroDims) {
  PairInputs in(0, 5);
  int64_t shape[2];
  size_t bytes = 1;
  ASSERT_EQ(rnnrt_output_shape(model_.get(), in.tensors, 2, 1, shape, &bytes, &err_), RNNRT_OK)
      << err_.message;
  EXPECT_EQ(shape[0], 5);
  EXPECT_EQ(shape[1], 0);
  EXPECT_EQ(bytes, 0u);
}

TEST_F(Shapes, RejectsWrongInputCount) {
  PairInputs in(2, 5);
  EXPECT_EQ(error(in.tensors, 1), "model 'pair': expected 2 inputs, got 1");
  EXPECT_EQ(err_.status, RNNRT_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(error(nullptr, 2), "model 'pair': the inputs array is NULL");
}

TEST_F(Shapes, RejectsWrongRank) {
  PairInputs in(2, 5);
  in.tensors[0].rank = 2;
  EXPECT_EQ(error(in.tensors), "input 0 'x': expected rank 3 [?, ?, 3], got rank 2 [2, 5]");
  EXPECT_EQ(err_.status, RNNRT_ERR_MISMATCH);
}

TEST_F(Shapes, RejectsWrongStaticDim) {
  PairInputs in(2, 5);
  in.hShape[1] = 5;
  EXPECT_EQ(error(in.tensors), "input 1 'h': expected shape [?, 4], got [2, 5] (dim 1 must be 4)");
}

TEST_F(Shapes, RejectsNegativeDim) {
  PairInputs in(2, 5);
  in.xShape[1] = -1;
  EXPECT_EQ(error(in.tensors), "input 0 'x': dim 1 is -1 in [2, -1, 3]; dims must be >= 0");
}

// x and h share their first dim (one dims entry), so it must agree.
TEST_F(Shapes, RejectsDisagreeingSharedDim) {
  PairInputs in(2, 5);
  in.hShape[0] = 3;
  EXPECT_EQ(error(in.tensors),
            "input 1 'h': dim 0 is 3, but input 0 'x' dim 0 is 2; the model requires them to "
            "be equal");
}

TEST_F(Shapes, RejectsNullShape) {
  PairInputs in(2, 5);
  in.tensors[1].shape = nullptr;
  EXPECT_EQ(error(in.tensors), "input 1 'h': rank is 2 but shape is NULL");
  EXPECT_EQ(err_.status, RNNRT_ERR_INVALID_ARGUMENT);
}

TEST_F(Shapes, RejectsOverflowingSizes) {
  PairInputs in(2, 5);
  in.xShape[1] = int64_t(1) << 62;
  EXPECT_EQ(error(in.tensors),
            "input 0 'x': shape [2, 4611686018427387904, 3] is too large: its size in bytes "
            "overflows int64");
  // Fits as an element count, but not in bytes.
  in.xShape[0] = in.hShape[0] = 1;
  in.xShape[1] = int64_t(1) << 61;
  in.xShape[2] = 3;
  EXPECT_EQ(error(in.tensors),
            "input 0 'x': shape [1, 2305843009213693952, 3] is too large: its size in bytes "
            "overflows int64");
}

// An output can overflow when no input does: with x [?, ?, 1] float32 holding 2^62 bytes,
// t [dims[1], dims[0]] int64 needs 2^63.
TEST_F(Shapes, RejectsOverflowingOutput) {
  pair_.xShape[2] = 1; // the wrapped descriptor reads pair_ in place
  PairInputs in(1, 1);
  in.xShape[0] = in.hShape[0] = int64_t(1) << 20;
  in.xShape[1] = int64_t(1) << 40;
  in.xShape[2] = 1;
  int64_t shape[2];
  EXPECT_EQ(rnnrt_output_shape(model_.get(), in.tensors, 2, 0, shape, nullptr, &err_), RNNRT_OK)
      << err_.message;
  EXPECT_EQ(rnnrt_output_shape(model_.get(), in.tensors, 2, 1, shape, nullptr, &err_),
            RNNRT_ERR_MISMATCH);
  EXPECT_STREQ(err_.message, "output 1 't': shape [1099511627776, 1048576] is too large: its "
                             "size in bytes overflows int64");
}

TEST_F(Shapes, RejectsBadOutputIndex) {
  PairInputs in(2, 5);
  int64_t shape[2];
  EXPECT_EQ(rnnrt_output_shape(model_.get(), in.tensors, 2, 2, shape, nullptr, &err_),
            RNNRT_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(err_.message, "model 'pair': output index 2 is out of range; it has 2 outputs");
  EXPECT_EQ(rnnrt_output_shape(nullptr, in.tensors, 2, 0, shape, nullptr, &err_),
            RNNRT_ERR_INVALID_ARGUMENT);
}

} // namespace
