// Importers of ONNX arithmetic, activations, Softmax and the dense layers (Gemm, MatMul
// + Add): rnn.dense where a layer is recognizable, linalg otherwise.
#include "compiler/Frontends/ONNX/ConstantFolding.h"
#include "compiler/Frontends/ONNX/Ops.h"
#include "compiler/Frontends/ONNX/ShapeInference.h"

#include "dialect/RNNOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;

namespace rnnc::onnximport {

namespace {

BinaryKind binaryKind(StringRef op) {
  return llvm::StringSwitch<BinaryKind>(op)
      .Case("Add", BinaryKind::Add)
      .Case("Sub", BinaryKind::Sub)
      .Case("Mul", BinaryKind::Mul)
      .Default(BinaryKind::Div);
}

Value scalarOp(OpBuilder &b, Location l, BinaryKind kind, Value x, Value y) {
  bool isFloat = llvm::isa<FloatType>(x.getType());
  switch (kind) {
  case BinaryKind::Add:
    return isFloat ? b.create<arith::AddFOp>(l, x, y).getResult()
                   : b.create<arith::AddIOp>(l, x, y).getResult();
  case BinaryKind::Sub:
    return isFloat ? b.create<arith::SubFOp>(l, x, y).getResult()
                   : b.create<arith::SubIOp>(l, x, y).getResult();
  case BinaryKind::Mul:
    return isFloat ? b.create<arith::MulFOp>(l, x, y).getResult()
                   : b.create<arith::MulIOp>(l, x, y).getResult();
  case BinaryKind::Div:
    return isFloat ? b.create<arith::DivFOp>(l, x, y).getResult()
                   : b.create<arith::DivSIOp>(l, x, y).getResult();
  }
  return x;
}

/// `c` as a bias vector of width `n` when it broadcasts over the last axis only
/// (shape [n], [1, n], a scalar, ...), scaled by `scale`; nullopt otherwise.
std::optional<Tensor> asBiasVector(const Tensor &c, int64_t n, double scale) {
  if (!c.isKnown() || !isFloatType(c.type))
    return std::nullopt;
  int64_t count = numElements(c.shape);
  for (int64_t d = 0; d + 1 < c.rank(); ++d)
    if (!c.shape[d].isStatic(1))
      return std::nullopt;
  if (count != n && count != 1)
    return std::nullopt;
  std::vector<double> data;
  for (int64_t k = 0; k < n; ++k)
    data.push_back(roundToType(c.type, scale * c.floatAt(count == 1 ? 0 : k)));
  return Tensor::constantFloats(c.type, {Dim::fixed(n)}, data);
}

/// Scales a float constant by `s` (folding alpha / beta).
Tensor scaled(const Tensor &t, double s) {
  Tensor out = t;
  out.decodeFloats();
  if (s != 1.0)
    for (double &v : out.floats)
      v = roundToType(t.type, v * s);
  return out;
}

/// x * s element-wise at run time.
Value scaleRuntime(NodeContext &n, Value x, const Shape &shape, DataType type, double s) {
  if (s == 1.0)
    return x;
  Value factor = n.e.scalar(type, s);
  return n.e.elementwise({{x, shape}}, shape, type, [&](OpBuilder &b, Location l, ValueRange args) {
    return b.create<arith::MulFOp>(l, args[0], factor).getResult();
  });
}

/// rnn.dense over the last axis of `a` (any leading dims); the pending transpose of `a`
/// is kept when it leaves the last axis in place.
Tensor dense(NodeContext &n, const Tensor &a, Value kernel, int64_t units, Value bias) {
  Tensor in = a;
  if (a.isConstant() || a.perm.back() != a.rank() - 1)
    in = Tensor::runtime(n.e.materialize(a), a.type, a.shape);
  Shape phys = n.e.physicalShape(in);
  phys.back() = Dim::fixed(units);
  Value r = n.e.b.create<rnn::DenseOp>(
      n.loc, n.e.tensorType(phys, a.type), in.value, kernel, bias,
      rnn::ActivationAttr::get(n.e.b.getContext(), rnn::ActivationKind::linear));
  Tensor out = in;
  out.value = r;
  out.shape.back() = Dim::fixed(units);
  return out;
}

/// The activation of an ONNX activation op (with the ONNX op's default parameters).
rnn::ActivationAttr activationOf(NodeContext &n) {
  MLIRContext *ctx = n.e.b.getContext();
  StringRef op = n.opType();
  using K = rnn::ActivationKind;
  auto get = [&](K kind, std::optional<double> alpha = std::nullopt,
                 std::optional<double> beta = std::nullopt) {
    return rnn::ActivationAttr::get(ctx, kind, alpha, beta);
  };
  if (op == "Sigmoid")
    return get(K::sigmoid);
  if (op == "Tanh")
    return get(K::tanh);
  if (op == "Relu")
    return get(K::relu);
  if (op == "LeakyRelu")
    return get(K::leaky_relu, n.getFloat("alpha", 0.01f));
  if (op == "Elu")
    return get(K::elu, n.getFloat("alpha", 1.0f));
  if (op == "ThresholdedRelu")
    return get(K::thresholded_relu, n.getFloat("alpha", 1.0f));
  if (op == "HardSigmoid")
    return get(K::hard_sigmoid, n.getFloat("alpha", 0.2f), n.getFloat("beta", 0.5f));
  if (op == "Softsign")
    return get(K::softsign);
  return get(K::softplus);
}

} // namespace

LogicalResult importBinary(NodeContext &n) {
  if (failed(n.checkAttributes({})) || failed(n.checkInputs(2, 2)))
    return failure();
  BinaryKind kind = binaryKind(n.opType());
  const Tensor &a = n.input(0), &b = n.input(1);
  if (a.type != b.type)
    return n.fail("inputs have different element types (" + dataTypeName(a.type) + " and " +
                  dataTypeName(b.type) + ")");
  std::optional<Shape> shape = broadcastShapes(a.shape, b.shape);
  if (!shape)
    return n.fail("the input shapes do not broadcast");

  if (a.isConstant() && b.isConstant()) {
    if (a.splat && b.splat && a.symAt(0) < 0 && b.symAt(0) < 0) {
      Tensor sa = Tensor::splatOf(a.type, {}, a.valueAt(0));
      Tensor sb = Tensor::splatOf(b.type, {}, b.valueAt(0));
      std::optional<Tensor> r = binaryConstant(kind, sa, sb, n.symbols);
      if (r) {
        n.setOutput(0, Tensor::splatOf(a.type, *shape, r->valueAt(0)));
        return success();
      }
    }
    if (std::optional<Tensor> r = binaryConstant(kind, a, b, n.symbols)) {
      n.setOutput(0, std::move(*r));
      return success();
    }
    if (!a.intSyms.empty() || !b.intSyms.empty())
      return n.fail("cannot evaluate this arithmetic on run-time dims at compile time");
  }

  // MatMul + Add(bias): added in the layout of the rnn.dense the MatMul became, as a
  // (units) vector, which rnn.dense's canonicalization folds into the layer.
  if (kind == BinaryKind::Add && *shape == (a.isRuntime() ? a.shape : b.shape)) {
    size_t xi = a.isRuntime() ? 0 : 1;
    const Tensor &x = n.input(xi), &c = n.input(1 - xi);
    if (auto d = x.value.getDefiningOp<rnn::DenseOp>()) {
      int64_t units = llvm::cast<RankedTensorType>(d.getType()).getShape().back();
      if (std::optional<Tensor> bias = asBiasVector(c, units, 1.0)) {
        Value bv = n.e.constant(*bias, "dense_bias");
        Shape phys = n.e.physicalShape(x);
        std::pair<Value, Shape> xs{x.value, phys}, cs{bv, bias->shape};
        Value r = n.e.elementwise({xi == 0 ? xs : cs, xi == 0 ? cs : xs}, phys, x.type,
                                  [&](OpBuilder &ob, Location l, ValueRange args) {
                                    return scalarOp(ob, l, kind, args[0], args[1]);
                                  });
        Tensor out = x;
        out.value = r;
        n.setOutput(0, std::move(out));
        return success();
      }
    }
  }

  Value va = n.e.materialize(a), vb = n.e.materialize(b);
  Value r = n.e.elementwise({{va, a.shape}, {vb, b.shape}}, *shape, a.type,
                            [&](OpBuilder &ob, Location l, ValueRange args) {
                              return scalarOp(ob, l, kind, args[0], args[1]);
                            });
  n.setOutput(0, Tensor::runtime(r, a.type, *shape));
  return success();
}

LogicalResult importActivation(NodeContext &n) {
  StringRef op = n.opType();
  if (op == "HardSigmoid") {
    if (failed(n.checkAttributes({{"alpha", AttrType::Float}, {"beta", AttrType::Float}})))
      return failure();
  } else if (op == "LeakyRelu" || op == "Elu" || op == "ThresholdedRelu") {
    if (failed(n.checkAttributes({{"alpha", AttrType::Float}})))
      return failure();
  } else if (failed(n.checkAttributes({}))) {
    return failure();
  }
  if (failed(n.checkInputs(1, 1)) || failed(n.checkFloat(0)))
    return failure();
  const Tensor &x = n.input(0);
  if (x.isKnown() && (op == "Sigmoid" || op == "Tanh" || op == "Relu")) {
    UnaryKind kind = op == "Sigmoid" ? UnaryKind::Sigmoid
                     : op == "Tanh"  ? UnaryKind::Tanh
                                     : UnaryKind::Relu;
    n.setOutput(0, unaryConstant(kind, x));
    return success();
  }
  rnn::ActivationAttr act = activationOf(n);
  Tensor in = x.isRuntime() ? x : Tensor::runtime(n.e.materialize(x), x.type, x.shape);
  Value r = n.e.b.create<rnn::ActivateOp>(n.loc, in.value, act);
  Tensor out = in;
  out.value = r;
  n.setOutput(0, std::move(out));
  return success();
}

LogicalResult importSoftmax(NodeContext &n) {
  if (failed(n.checkAttributes({{"axis", AttrType::Int}})) || failed(n.checkInputs(1, 1)) ||
      failed(n.checkFloat(0)))
    return failure();
  const Tensor &x = n.input(0);
  bool legacy = n.opset() < 13; // Softmax-1/11: over all dims from `axis` on
  FailureOr<int64_t> axis = n.axis(n.getInt("axis", legacy ? 1 : -1), x.rank(), "axis");
  if (failed(axis))
    return failure();
  Tensor in = x.isRuntime() ? x : Tensor::runtime(n.e.materialize(x), x.type, x.shape);
  Shape original = in.shape;
  bool coerced = legacy && *axis != x.rank() - 1;
  if (coerced) {
    Shape head(in.shape.begin(), in.shape.begin() + *axis);
    Shape tail(in.shape.begin() + *axis, in.shape.end());
    std::optional<Dim> rows = n.symbols.product(tail);
    if (!rows)
      return n.fail("the input's element count overflows int64");
    head.push_back(*rows);
    in = n.e.reshape(in, head);
    *axis = static_cast<int64_t>(head.size()) - 1;
  }
  Shape phys = n.e.physicalShape(in);
  Value init = n.e.empty(phys, in.type);
  Value r = n.e.b
                .create<linalg::SoftmaxOp>(n.loc, TypeRange{init.getType()}, in.value, init,
                                           static_cast<uint64_t>(in.perm[*axis]))
                .getResult()[0];
  Tensor out = in;
  out.value = r;
  if (coerced)
    out = n.e.reshape(out, original);
  n.setOutput(0, std::move(out));
  return success();
}

LogicalResult importGemm(NodeContext &n) {
  if (failed(n.checkAttributes({{"alpha", AttrType::Float},
                                {"beta", AttrType::Float},
                                {"transA", AttrType::Int},
                                {"transB", AttrType::Int}})) ||
      failed(n.checkInputs(2, 3)) || failed(n.checkFloat(0)) || failed(n.checkFloat(1)))
    return failure();
  const Tensor &a = n.input(0), &bm = n.input(1);
  if (a.rank() != 2 || bm.rank() != 2)
    return n.fail("A and B must be 2-D");
  if (a.type != bm.type)
    return n.fail("A and B have different element types");
  double alpha = n.getFloat("alpha", 1.0f), beta = n.getFloat("beta", 1.0f);
  bool transA = n.getInt("transA", 0) != 0, transB = n.getInt("transB", 0) != 0;

  Tensor lhs =
      transA ? (a.isConstant() ? transposeConstant(a, {1, 0}) : n.e.transpose(a, {1, 0})) : a;
  Dim k = bm.shape[transB ? 1 : 0], units = bm.shape[transB ? 0 : 1];
  if (!k.isStatic() || !units.isStatic())
    return n.fail("B must have a static shape");
  if (lhs.shape[1] != k)
    return n.fail("A has " + Twine(lhs.shape[1].isStatic() ? lhs.shape[1].size : -1) +
                  " columns but B has " + Twine(k.size) + " rows");
  // kernel = alpha * op(B), as (K, N).
  Value kernel;
  if (bm.isKnown()) {
    Tensor kb = transB ? transposeConstant(bm, {1, 0}) : bm;
    kernel = n.e.constant(scaled(kb, alpha), "dense_kernel");
  } else {
    Value v = transB ? n.e.physicalAs(bm, {1, 0}) : n.e.materialize(bm);
    kernel = scaleRuntime(n, v, {k, units}, bm.type, alpha);
  }
  // The bias, when C is a vector over N.
  Value bias;
  bool addC = false;
  if (n.hasInput(2) && beta != 0.0) {
    const Tensor &c = n.input(2);
    if (c.type != a.type)
      return n.fail("C has a different element type");
    if (std::optional<Tensor> b = asBiasVector(c, units.size, beta))
      bias = n.e.constant(*b, "dense_bias");
    else
      addC = true;
  }
  Tensor y = dense(n, lhs, kernel, units.size, bias);
  if (addC) {
    const Tensor &c = n.input(2);
    std::optional<Shape> shape = broadcastShapes(y.shape, c.shape);
    if (!shape || *shape != y.shape)
      return n.fail("C does not broadcast to the result");
    Value yv = n.e.materialize(y);
    Value cv = n.e.materialize(c.isConstant() ? scaled(c, beta) : c);
    if (c.isRuntime())
      cv = scaleRuntime(n, cv, c.shape, c.type, beta);
    Value r = n.e.elementwise({{yv, y.shape}, {cv, c.shape}}, y.shape, y.type,
                              [](OpBuilder &b, Location l, ValueRange args) {
                                return b.create<arith::AddFOp>(l, args[0], args[1]).getResult();
                              });
    y = Tensor::runtime(r, y.type, y.shape);
  }
  n.setOutput(0, std::move(y));
  return success();
}

LogicalResult importMatMul(NodeContext &n) {
  if (failed(n.checkAttributes({})) || failed(n.checkInputs(2, 2)) || failed(n.checkFloat(0)) ||
      failed(n.checkFloat(1)))
    return failure();
  const Tensor &a = n.input(0), &bm = n.input(1);
  if (a.rank() < 2 || bm.rank() != 2)
    return n.fail("supported as a dense layer: A of rank >= 2 times a 2-D B, got ranks " +
                  Twine(a.rank()) + " and " + Twine(bm.rank()));
  if (a.type != bm.type)
    return n.fail("A and B have different element types");
  if (!isStatic(bm.shape))
    return n.fail("B must have a static shape");
  if (a.shape.back() != bm.shape[0])
    return n.fail("A's last dim does not match B's " + Twine(bm.shape[0].size) + " rows");
  Value kernel = bm.isConstant() ? n.e.constant(bm, "dense_kernel") : n.e.materialize(bm);
  n.setOutput(0, dense(n, a, kernel, bm.shape[1].size, Value()));
  return success();
}

} // namespace rnnc::onnximport
