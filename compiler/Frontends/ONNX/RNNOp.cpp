// The importer of ONNX RNN: rnn.simple_rnn (forward / reverse) or rnn.bidirectional
// (merge_mode none), with the weights in the dialect's layout (kernel = W[d]^T,
// recurrent = R[d]^T, bias = Wb[d] + Rb[d]) and the outputs in the graph's layout.
#include "compiler/Frontends/ONNX/ConstantFolding.h"
#include "compiler/Frontends/ONNX/Ops.h"

#include "dialect/RNNOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include <onnx/onnx_pb.h>

#include <cmath>

using namespace mlir;

namespace rnnc::onnximport {

namespace {

using K = rnn::ActivationKind;

/// An ONNX recurrent activation: its kind, whether it reads alpha / beta from the
/// activation_alpha / activation_beta lists, and the defaults of the ONNX op of the same
/// name when the lists run out.
struct ActivationSpec {
  const char *name; // lower case
  K kind;
  bool takesAlpha, takesBeta;
  double alpha, beta;
};

constexpr ActivationSpec kActivations[] = {
    {"tanh", K::tanh, false, false, 0, 0},
    {"sigmoid", K::sigmoid, false, false, 0, 0},
    {"relu", K::relu, false, false, 0, 0},
    {"softsign", K::softsign, false, false, 0, 0},
    {"softplus", K::softplus, false, false, 0, 0},
    {"affine", K::affine, true, true, 1.0, 0.0},
    {"leakyrelu", K::leaky_relu, true, false, 0.01, 0},
    {"thresholdedrelu", K::thresholded_relu, true, false, 1.0, 0},
    {"scaledtanh", K::scaled_tanh, true, true, 1.0, 1.0},
    {"hardsigmoid", K::hard_sigmoid, true, true, 0.2, 0.5},
    {"elu", K::elu, true, false, 1.0, 0},
};

/// One activation per direction, parameters consumed in order (as onnxruntime does).
FailureOr<SmallVector<rnn::ActivationAttr>> parseActivations(NodeContext &n,
                                                             int64_t numDirections) {
  std::vector<std::string> names = n.getStrings("activations");
  if (names.empty())
    names.assign(numDirections, "Tanh");
  // Older exporters write the old default ["Tanh", "Tanh"] for one direction.
  if (numDirections == 1 && names.size() == 2)
    names.resize(1);
  if (static_cast<int64_t>(names.size()) != numDirections) {
    std::string list;
    for (const std::string &s : names)
      list += (list.empty() ? "'" : ", '") + s + "'";
    (void)n.unsupportedAttribute("activations", "[" + list + "]",
                                 "expected one activation per direction (" + Twine(numDirections) +
                                     ")");
    return failure();
  }
  std::vector<float> alphas = n.getFloats("activation_alpha");
  std::vector<float> betas = n.getFloats("activation_beta");
  size_t nextAlpha = 0, nextBeta = 0;
  SmallVector<rnn::ActivationAttr> out;
  for (const std::string &name : names) {
    std::string lower = StringRef(name).lower();
    const ActivationSpec *spec = nullptr;
    for (const ActivationSpec &s : kActivations)
      if (lower == s.name)
        spec = &s;
    if (!spec) {
      (void)n.unsupportedAttribute("activations", "'" + name + "'",
                                   "expected Tanh, Sigmoid, Relu, Affine, LeakyRelu, "
                                   "ThresholdedRelu, ScaledTanh, HardSigmoid, Elu, Softsign or "
                                   "Softplus");
      return failure();
    }
    std::optional<double> alpha, beta;
    if (spec->takesAlpha)
      alpha = nextAlpha < alphas.size() ? alphas[nextAlpha++] : spec->alpha;
    if (spec->takesBeta)
      beta = nextBeta < betas.size() ? betas[nextBeta++] : spec->beta;
    for (std::optional<double> p : {alpha, beta})
      if (p && !std::isfinite(*p)) {
        (void)n.unsupportedAttribute("activation_alpha", NodeContext::number(*p),
                                     "parameters must be finite");
        return failure();
      }
    out.push_back(rnn::ActivationAttr::get(n.e.b.getContext(), spec->kind, alpha, beta));
  }
  return out;
}

std::string shapeText(const Shape &s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i)
    out += (i ? ", " : "") + (s[i].isStatic() ? std::to_string(s[i].size) : "?");
  return out + "]";
}

/// (W[d])^T for a [num_directions, rows, cols] weight: a folded constant, or sliced and
/// transposed at run time.
Value transposedDirection(NodeContext &n, const Tensor &w, int64_t d, StringRef hint) {
  if (w.isKnown()) {
    Tensor idx = Tensor::constantInts(dtype::Int64, {}, {d});
    Tensor slice = llvm::cantFail(gatherConstant(w, idx, 0));
    return n.e.constant(transposeConstant(slice, {1, 0}), hint);
  }
  Tensor t = w.isRuntime() ? w : Tensor::runtime(n.e.materialize(w), w.type, w.shape);
  Tensor slice = n.e.takeIndex(t, 0, n.e.b.getIndexAttr(d));
  return n.e.physicalAs(slice, {1, 0});
}

/// Wb[d] + Rb[d], or null when B is absent or zero.
Value biasOf(NodeContext &n, const Tensor *b, int64_t d, int64_t hidden) {
  if (!b || (b->isConstant() && b->isAllZero()))
    return Value();
  if (b->isKnown()) {
    std::vector<double> sum;
    for (int64_t k = 0; k < hidden; ++k)
      sum.push_back(roundToType(b->type, b->floatAt(d * 2 * hidden + k) +
                                             b->floatAt(d * 2 * hidden + hidden + k)));
    return n.e.constant(Tensor::constantFloats(b->type, {Dim::fixed(hidden)}, sum), "rnn_bias");
  }
  Tensor t = b->isRuntime() ? *b : Tensor::runtime(n.e.materialize(*b), b->type, b->shape);
  Tensor row = n.e.takeIndex(t, 0, n.e.b.getIndexAttr(d));
  Value wb = n.e.materialize(n.e.slice(row, 0, n.e.b.getIndexAttr(0), Dim::fixed(hidden)));
  Value rb = n.e.materialize(n.e.slice(row, 0, n.e.b.getIndexAttr(hidden), Dim::fixed(hidden)));
  Shape shape = {Dim::fixed(hidden)};
  return n.e.elementwise({{wb, shape}, {rb, shape}}, shape, b->type,
                         [](OpBuilder &ob, Location l, ValueRange args) {
                           return ob.create<arith::AddFOp>(l, args[0], args[1]).getResult();
                         });
}

/// initial_h of direction d as (batch, hidden), or null when absent or all zeros (the
/// zero state torch.onnx.export builds from Shape / ConstantOfShape / Expand).
Value initialOf(NodeContext &n, const Tensor *h, int64_t d, int64_t layout) {
  if (!h || (h->isConstant() && h->isAllZero()))
    return Value();
  int64_t axis = layout == 0 ? 0 : 1;
  if (h->isKnown()) {
    Tensor idx = Tensor::constantInts(dtype::Int64, {}, {d});
    return n.e.constant(llvm::cantFail(gatherConstant(*h, idx, axis)), "rnn_initial_h");
  }
  if (h->isConstant() && h->splat) {
    Shape shape = h->shape;
    shape.erase(shape.begin() + axis);
    return n.e.constant(Tensor::splatOf(h->type, shape, h->valueAt(0)));
  }
  Tensor t = h->isRuntime() ? *h : Tensor::runtime(n.e.materialize(*h), h->type, h->shape);
  return n.e.materialize(n.e.takeIndex(t, axis, n.e.b.getIndexAttr(d)));
}

} // namespace

LogicalResult importRNN(NodeContext &n) {
  if (failed(n.checkAttributes({{"activation_alpha", AttrType::Floats},
                                {"activation_beta", AttrType::Floats},
                                {"activations", AttrType::Strings},
                                {"clip", AttrType::Float},
                                {"direction", AttrType::String},
                                {"hidden_size", AttrType::Int},
                                {"layout", AttrType::Int}})) ||
      failed(n.checkInputs(3, 6)))
    return failure();
  MLIRContext *ctx = n.e.b.getContext();

  std::string direction = n.getString("direction", "forward");
  int64_t numDirections = 1;
  rnn::Direction single = rnn::Direction::forward;
  if (direction == "reverse")
    single = rnn::Direction::reverse;
  else if (direction == "bidirectional")
    numDirections = 2;
  else if (direction != "forward")
    return n.unsupportedAttribute("direction", "'" + direction + "'",
                                  "expected forward, reverse or bidirectional");
  int64_t layout = n.getInt("layout", 0);
  if (layout != 0 && layout != 1)
    return n.unsupportedAttribute("layout", Twine(layout), "expected 0 or 1");
  std::optional<float> clip;
  if (n.hasAttr("clip")) {
    clip = n.getFloat("clip", 0);
    if (!(std::isfinite(*clip) && *clip > 0))
      return n.unsupportedAttribute("clip", NodeContext::number(*clip),
                                    "must be a positive finite number");
  }
  FailureOr<SmallVector<rnn::ActivationAttr>> activations = parseActivations(n, numDirections);
  if (failed(activations))
    return failure();

  // Shapes: X [T, N, I] (layout 1: [N, T, I]), W [D, H, I], R [D, H, H], B [D, 2H],
  // sequence_lens [N], initial_h [D, N, H] (layout 1: [N, D, H]).
  for (size_t i : {0, 1, 2})
    if (failed(n.checkFloat(i)))
      return failure();
  const Tensor &x = n.input(0), &w = n.input(1), &r = n.input(2);
  const Tensor *b = n.hasInput(3) ? &n.input(3) : nullptr;
  const Tensor *lens = n.hasInput(4) ? &n.input(4) : nullptr;
  const Tensor *h0 = n.hasInput(5) ? &n.input(5) : nullptr;
  DataType type = x.type;
  for (auto [i, t] : {std::pair<int, const Tensor *>{1, &w}, {2, &r}, {3, b}, {5, h0}})
    if (t && t->type != type)
      return n.fail("input " + Twine(i) + " ('" + n.node.input(i) + "') is " +
                    dataTypeName(t->type) + " but X is " + dataTypeName(type));
  if (x.rank() != 3)
    return n.fail("X must be 3-D, got shape " + shapeText(x.shape));
  Dim steps = x.shape[layout == 0 ? 0 : 1], batch = x.shape[layout == 0 ? 1 : 0];
  Dim inputSize = x.shape[2];
  if (!inputSize.isStatic())
    return n.fail("input_size (dim 2 of X) must be static");
  if (inputSize.size <= 0)
    return n.fail("input_size (dim 2 of X) must be positive, got " + Twine(inputSize.size));
  if (w.rank() != 3 || !isStatic(w.shape) || w.shape[0].size != numDirections ||
      w.shape[2].size != inputSize.size)
    return n.fail("W must be [num_directions, hidden_size, input_size] = [" + Twine(numDirections) +
                  ", hidden_size, " + Twine(inputSize.size) + "], got " + shapeText(w.shape));
  int64_t hidden = w.shape[1].size;
  if (n.hasAttr("hidden_size") && n.getInt("hidden_size", 0) <= 0)
    return n.fail("attribute 'hidden_size' = " + Twine(n.getInt("hidden_size", 0)) +
                  " is not supported: must be positive");
  if (hidden <= 0)
    return n.fail("hidden_size must be positive");
  if (n.hasAttr("hidden_size") && n.getInt("hidden_size", 0) != hidden)
    return n.fail("attribute 'hidden_size' = " + Twine(n.getInt("hidden_size", 0)) +
                  " does not match W, which has " + Twine(hidden) + " rows per direction");
  Shape rShape = staticShape({numDirections, hidden, hidden});
  if (r.shape != rShape)
    return n.fail("R must be " + shapeText(rShape) + ", got " + shapeText(r.shape));
  Shape bShape = staticShape({numDirections, 2 * hidden});
  if (b && b->shape != bShape)
    return n.fail("B must be " + shapeText(bShape) + ", got " + shapeText(b->shape));
  if (lens) {
    if (lens->type != dtype::Int32 && lens->type != dtype::Int64)
      return n.fail("sequence_lens must be int32 (or int64), got " + dataTypeName(lens->type));
    if (lens->rank() != 1 ||
        (lens->shape[0].isStatic() && batch.isStatic() && lens->shape[0].size != batch.size))
      return n.fail("sequence_lens must be [batch_size], got " + shapeText(lens->shape));
  }
  if (h0) {
    Dim hd = h0->rank() == 3 ? h0->shape[layout == 0 ? 0 : 1] : Dim::fixed(-1);
    Dim hb = h0->rank() == 3 ? h0->shape[layout == 0 ? 1 : 0] : Dim::fixed(-1);
    if (h0->rank() != 3 || !hd.isStatic(numDirections) || !h0->shape[2].isStatic(hidden) ||
        (hb.isStatic() && batch.isStatic() && hb.size != batch.size))
      return n.fail(Twine("initial_h must be ") +
                    (layout == 0 ? "[num_directions, batch_size, hidden_size]"
                                 : "[batch_size, num_directions, hidden_size]") +
                    ", got " + shapeText(h0->shape));
  }

  n.noteDimRole(x, layout == 0 ? 0 : 1, "timesteps");
  n.noteDimRole(x, layout == 0 ? 1 : 0, "batch");
  if (lens)
    n.noteDimRole(*lens, 0, "batch");
  if (h0)
    n.noteDimRole(*h0, layout == 0 ? 1 : 0, "batch");

  bool wantY = n.outputUsed(0), wantYh = n.outputUsed(1);
  if (!wantY && !wantYh)
    return success();

  // Batch-major input: a pending [T, N, I] -> [N, T, I] transpose costs nothing.
  Value input =
      n.e.physicalAs(x, layout == 0 ? ArrayRef<int64_t>{1, 0, 2} : ArrayRef<int64_t>{0, 1, 2});
  Value lengths;
  if (lens)
    lengths = lens->isConstant() ? n.e.constant(*lens, "sequence_lens") : n.e.materialize(*lens);
  SmallVector<Value> kernels, recurrents, biases, initials;
  for (int64_t d = 0; d < numDirections; ++d) {
    kernels.push_back(transposedDirection(n, w, d, "rnn_kernel"));
    recurrents.push_back(transposedDirection(n, r, d, "rnn_recurrent"));
    biases.push_back(biasOf(n, b, d, hidden));
    initials.push_back(initialOf(n, h0, d, layout));
  }
  RankedTensorType seqType = n.e.tensorType({batch, steps, Dim::fixed(hidden)}, type);
  RankedTensorType lastType = n.e.tensorType({batch, Dim::fixed(hidden)}, type);
  FloatAttr clipAttr = clip ? n.e.b.getF32FloatAttr(*clip) : FloatAttr();

  SmallVector<Value> seqs, lasts;
  if (numDirections == 1) {
    auto op = n.e.b.create<rnn::SimpleRNNOp>(
        n.loc, wantY ? Type(seqType) : Type(), wantYh ? Type(lastType) : Type(), input, kernels[0],
        recurrents[0], biases[0], initials[0], lengths, Value(), (*activations)[0],
        rnn::DirectionAttr::get(ctx, single), clipAttr);
    if (wantY)
      seqs.push_back(op.getSequence());
    if (wantYh)
      lasts.push_back(op.getLastState());
  } else {
    SmallVector<Type> seqTypes, lastTypes;
    if (wantY)
      seqTypes.assign(2, seqType);
    if (wantYh)
      lastTypes.assign(2, lastType);
    rnn::ActivationAttr fw = (*activations)[0], bw = (*activations)[1];
    auto op = n.e.b.create<rnn::BidirectionalOp>(
        n.loc, seqTypes, lastTypes, input, kernels[0], recurrents[0], biases[0], initials[0],
        kernels[1], recurrents[1], biases[1], initials[1], lengths, Value(), fw,
        bw != fw ? bw : rnn::ActivationAttr(), rnn::MergeModeAttr::get(ctx, rnn::MergeMode::none),
        clipAttr);
    seqs.append(op.getSequences().begin(), op.getSequences().end());
    lasts.append(op.getLastStates().begin(), op.getLastStates().end());
  }

  // [..., H] per direction -> [..., D, H], batch-major; then the graph's layout as a
  // pending transpose.
  auto withDirections = [&](ArrayRef<Value> halves, Shape half) {
    Value v = halves[0];
    Shape merged = half;
    if (halves.size() == 2) {
      merged.back() = Dim::fixed(2 * hidden);
      v = n.e.b.create<rnn::MergeOp>(n.loc, n.e.tensorType(merged, type), rnn::MergeMode::concat,
                                     halves[0], halves[1]);
    }
    Shape split = half;
    split.back() = Dim::fixed(numDirections);
    split.push_back(Dim::fixed(hidden));
    return n.e.reshape(Tensor::runtime(v, type, merged), split);
  };
  if (wantY) {
    Tensor y = withDirections(seqs, {batch, steps, Dim::fixed(hidden)}); // [N, T, D, H]
    n.setOutput(0, layout == 0 ? n.e.transpose(y, {1, 2, 0, 3}) : y);
  }
  if (wantYh) {
    Tensor yh = withDirections(lasts, {batch, Dim::fixed(hidden)}); // [N, D, H]
    n.setOutput(1, layout == 0 ? n.e.transpose(yh, {1, 0, 2}) : yh);
  }
  return success();
}

} // namespace rnnc::onnximport
