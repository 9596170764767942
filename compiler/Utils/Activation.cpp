// Activation functions as arith/math ops. The math ops (tanh, exp, log1p) are later
// replaced by polynomial approximations, so no libm call reaches the hot loop.
#include "compiler/Utils/Activation.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::rnn;

namespace rnnc {

namespace {

struct Emitter {
  OpBuilder &b;
  Location loc;
  Type type;

  Value cst(double v) {
    Type elt = getElementTypeOrSelf(type);
    TypedAttr scalar = b.getFloatAttr(elt, v);
    if (auto vec = llvm::dyn_cast<VectorType>(type))
      return b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(vec, scalar));
    return b.create<arith::ConstantOp>(loc, scalar);
  }
  Value add(Value x, Value y) { return b.create<arith::AddFOp>(loc, x, y); }
  Value sub(Value x, Value y) { return b.create<arith::SubFOp>(loc, x, y); }
  Value mul(Value x, Value y) { return b.create<arith::MulFOp>(loc, x, y); }
  Value div(Value x, Value y) { return b.create<arith::DivFOp>(loc, x, y); }
  Value max(Value x, Value y) { return b.create<arith::MaximumFOp>(loc, x, y); }
  Value min(Value x, Value y) { return b.create<arith::MinimumFOp>(loc, x, y); }
  Value exp(Value x) { return b.create<math::ExpOp>(loc, x); }
  Value select(arith::CmpFPredicate p, Value lhs, Value rhs, Value t, Value f) {
    Value c = b.create<arith::CmpFOp>(loc, p, lhs, rhs);
    return b.create<arith::SelectOp>(loc, c, t, f);
  }
  /// exp(x) - 1 for x <= 0, the negative branch of elu/selu.
  Value expm1(Value x) { return sub(exp(x), cst(1.0)); }
};

} // namespace

Value emitActivation(OpBuilder &b, Location loc, ActivationAttr act, FloatAttr clip, Value x) {
  Emitter e{b, loc, x.getType()};
  if (clip) {
    double c = clip.getValueAsDouble();
    x = e.min(e.max(x, e.cst(-c)), e.cst(c));
  }
  double alpha = act.getAlphaValue(), beta = act.getBetaValue();
  switch (act.getKind()) {
  case ActivationKind::tanh:
    return b.create<math::TanhOp>(loc, x);
  case ActivationKind::sigmoid:
    return e.div(e.cst(1.0), e.add(e.cst(1.0), e.exp(e.sub(e.cst(0.0), x))));
  case ActivationKind::relu:
    return e.max(x, e.cst(0.0));
  case ActivationKind::linear:
    return x;
  case ActivationKind::affine:
    return e.add(e.mul(e.cst(alpha), x), e.cst(beta));
  case ActivationKind::leaky_relu:
    return e.select(arith::CmpFPredicate::OGE, x, e.cst(0.0), x, e.mul(e.cst(alpha), x));
  case ActivationKind::thresholded_relu:
    return e.select(arith::CmpFPredicate::OGT, x, e.cst(alpha), x, e.cst(0.0));
  case ActivationKind::scaled_tanh:
    return e.mul(e.cst(alpha), b.create<math::TanhOp>(loc, e.mul(e.cst(beta), x)));
  case ActivationKind::hard_sigmoid:
    return e.max(e.cst(0.0), e.min(e.cst(1.0), e.add(e.mul(e.cst(alpha), x), e.cst(beta))));
  case ActivationKind::elu: {
    Value neg = e.mul(e.cst(alpha), e.expm1(e.min(x, e.cst(0.0))));
    return e.select(arith::CmpFPredicate::OGE, x, e.cst(0.0), x, neg);
  }
  case ActivationKind::softsign:
    return e.div(x, e.add(e.cst(1.0), b.create<math::AbsFOp>(loc, x)));
  case ActivationKind::softplus: {
    // max(x, 0) + log1p(exp(-|x|)) never overflows, unlike log(1 + exp(x)).
    Value negAbs = e.sub(e.cst(0.0), b.create<math::AbsFOp>(loc, x));
    return e.add(e.max(x, e.cst(0.0)), b.create<math::Log1pOp>(loc, e.exp(negAbs)));
  }
  case ActivationKind::selu: {
    const double scale = 1.0507009873554804934193349852946, a = 1.6732632423543772848170429916717;
    Value neg = e.mul(e.cst(a), e.expm1(e.min(x, e.cst(0.0))));
    return e.mul(e.cst(scale), e.select(arith::CmpFPredicate::OGT, x, e.cst(0.0), x, neg));
  }
  }
  return x;
}

} // namespace rnnc
