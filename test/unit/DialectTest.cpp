// Unit tests of the dialect's C++ API: building ops with builders, attribute helpers.
#include "dialect/RNNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::rnn;

namespace {

class DialectTest : public ::testing::Test {
protected:
  DialectTest() : builder(&ctx) { ctx.loadDialect<RNNDialect, func::FuncDialect>(); }
  RankedTensorType f32(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }
  MLIRContext ctx;
  OpBuilder builder;
};

TEST_F(DialectTest, ActivationParameterCounts) {
  EXPECT_EQ(ActivationAttr::getNumParameters(ActivationKind::tanh), 0u);
  EXPECT_EQ(ActivationAttr::getNumParameters(ActivationKind::leaky_relu), 1u);
  EXPECT_EQ(ActivationAttr::getNumParameters(ActivationKind::hard_sigmoid), 2u);
}

TEST_F(DialectTest, ActivationBuildersAndAccessors) {
  auto act = ActivationAttr::get(&ctx, ActivationKind::scaled_tanh, 2.0, 0.5);
  EXPECT_EQ(act.getKind(), ActivationKind::scaled_tanh);
  EXPECT_DOUBLE_EQ(act.getAlphaValue(), 2.0);
  EXPECT_DOUBLE_EQ(act.getBetaValue(), 0.5);
  auto plain = ActivationAttr::get(&ctx, ActivationKind::relu);
  EXPECT_FALSE(plain.getAlpha());
  // Uniqued: the same kind and parameters give the same attribute.
  EXPECT_EQ(plain, ActivationAttr::get(&ctx, ActivationKind::relu));
}

TEST_F(DialectTest, GetCheckedRejectsMissingParameter) {
  std::string message;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
    message = d.str();
    return success();
  });
  auto bad = ActivationAttr::getChecked([&] { return emitError(UnknownLoc::get(&ctx)); }, &ctx,
                                        ActivationKind::elu, FloatAttr(), FloatAttr());
  EXPECT_FALSE(bad);
  EXPECT_EQ(message, "activation 'elu' requires 'alpha'");
}

// Builds a SimpleRNN inside a function the way a frontend does and checks that the
// verifier accepts it and the default attributes read back as documented.
TEST_F(DialectTest, BuildSimpleRNNWithDefaults) {
  Location loc = builder.getUnknownLoc();
  auto module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module.getBody());
  auto fnType =
      builder.getFunctionType({f32({ShapedType::kDynamic, 10, 4}), f32({4, 8}), f32({8, 8})},
                              {f32({ShapedType::kDynamic, 8})});
  auto fn = builder.create<func::FuncOp>(loc, "model", fnType);
  builder.setInsertionPointToEnd(fn.addEntryBlock());
  auto args = fn.getArguments();
  auto rnn = builder.create<SimpleRNNOp>(
      loc, /*sequence=*/Type(), /*last_state=*/f32({ShapedType::kDynamic, 8}), args[0], args[1],
      args[2], /*bias=*/Value(), /*initial_state=*/Value(),
      /*lengths=*/Value(), /*mask=*/Value(), ActivationAttr::get(&ctx, ActivationKind::tanh),
      DirectionAttr::get(&ctx, Direction::forward), /*clip=*/FloatAttr());
  builder.create<func::ReturnOp>(loc, rnn.getLastState());
  EXPECT_TRUE(succeeded(verify(module)));
  EXPECT_EQ(rnn.getUnits(), 8);
  EXPECT_FALSE(rnn.getSequence());
  EXPECT_EQ(rnn.getActivation().getKind(), ActivationKind::tanh);
  EXPECT_EQ(rnn.getDirection(), Direction::forward);
  module->destroy();
}

} // namespace
