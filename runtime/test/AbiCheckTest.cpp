// rnnc/detail/abi_check.h through its two users, librnnrt and rnnc.hpp: where their
// descriptor rules differ, and that both name the same first bad dim (LoadTest has the
// descriptors both refuse).
#include "TestModels.h"

#include <rnnc/rnnc.hpp>

#include <gtest/gtest.h>

#include <functional>

using namespace rnnrt_test;

namespace {

// rnnc.hpp calls only run(), so the fields only run_with reads do not concern it.
TEST(AbiCheck, OnlyLibrnnrtChecksWhatRunWithReads) {
  const std::function<void(PairModel &)> cases[] = {
      [](PairModel &m) { m.desc.flags = 0x40; },
      [](PairModel &m) { m.desc.flags = RNNC_MODEL_PARALLEL; },
      [](PairModel &m) { m.desc.flags = RNNC_MODEL_WEIGHTS_BF16 | RNNC_MODEL_WEIGHTS_INT8; },
  };
  for (const auto &breakIt : cases) {
    PairModel pair;
    breakIt(pair);
    EXPECT_TRUE(rnnc::Model(pair.desc).check().ok());
    rnnrt_error err;
    EXPECT_EQ(rnnrt_wrap(&pair.desc, &err), nullptr);
    EXPECT_EQ(err.status, RNNRT_ERR_BAD_MODEL);
  }
}

// h [3, 5] breaks two rules: its dim 0 disagrees with x's, and its static dim 1 is not 4.
// Both sides go dim by dim, so both name dim 0.
TEST(AbiCheck, BothNameTheFirstBadDim) {
  PairModel pair;
  PairInputs in(2, 5);
  in.hShape[0] = 3;
  in.hShape[1] = 5;
  rnnrt_error err;
  rnnrt_model *model = rnnrt_wrap(&pair.desc, &err);
  ASSERT_NE(model, nullptr) << err.message;
  int64_t shape[2];
  EXPECT_EQ(rnnrt_output_shape(model, in.tensors, 2, 0, shape, nullptr, &err), RNNRT_ERR_MISMATCH);
  EXPECT_STREQ(err.message, "input 1 'h': dim 0 is 3, but input 0 'x' dim 0 is 2; the model "
                            "requires them to be equal");
  rnnrt_close(model);

  rnnc::Model wrapped(pair.desc);
  auto dims = wrapped.dims(
      {rnnc::TensorRef::of(in.x.data(), {2, 5, 3}), rnnc::TensorRef::of(in.h.data(), {3, 5})});
  ASSERT_FALSE(dims.ok());
  EXPECT_EQ(dims.status().code(), rnnc::StatusCode::Mismatch);
  EXPECT_EQ(dims.status().message(), "model 'pair': input 1 'h' dim 0 is 3, but input 0 'x' dim 0 "
                                     "is 2; the model requires them to be equal");
}

TEST(AbiCheck, ByteSizeRefusesWhatOverflowsInt64) {
  size_t bytes = 1;
  const int64_t largest[] = {(int64_t(1) << 61) - 1};
  ASSERT_TRUE(rnnc::detail::byteSize(RNNC_DTYPE_F32, 1, largest, bytes));
  EXPECT_EQ(bytes, (size_t(1) << 63) - 4);
  const int64_t tooLarge[] = {int64_t(1) << 61};
  EXPECT_FALSE(rnnc::detail::byteSize(RNNC_DTYPE_F32, 1, tooLarge, bytes));
  EXPECT_EQ(bytes, (size_t(1) << 63) - 4) << "left alone on overflow";
  // Empty, but its strides would overflow.
  const int64_t emptyTooLarge[] = {int64_t(1) << 40, int64_t(1) << 40, 0};
  EXPECT_FALSE(rnnc::detail::byteSize(RNNC_DTYPE_F64, 3, emptyTooLarge, bytes));
  const int64_t empty[] = {0, 7};
  ASSERT_TRUE(rnnc::detail::byteSize(RNNC_DTYPE_I64, 2, empty, bytes));
  EXPECT_EQ(bytes, 0u);
}

} // namespace
