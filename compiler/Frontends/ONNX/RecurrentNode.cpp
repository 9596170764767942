// The parts of ONNX RNN, LSTM and GRU import that do not depend on the cell: attributes,
// input checks, weights in the dialect's layout (folded for constants, sliced and
// transposed at run time otherwise) and the outputs in the graph's layout.
#include "compiler/Frontends/ONNX/RecurrentNode.h"

#include "compiler/Frontends/ONNX/ConstantFolding.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
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

/// `cell.defaultActivations.size()` activations per direction, the parameters consumed in
/// order over the whole list (as onnxruntime does).
FailureOr<SmallVector<rnn::ActivationAttr>> parseActivations(NodeContext &n, const CellSpec &cell,
                                                             int64_t numDirections) {
  size_t perDirection = cell.defaultActivations.size();
  std::vector<std::string> names = n.getStrings("activations");
  if (names.empty())
    for (int64_t d = 0; d < numDirections; ++d)
      for (StringRef name : cell.defaultActivations)
        names.push_back(name.str());
  // Older exporters write RNN's old default ["Tanh", "Tanh"] for one direction.
  if (perDirection == 1 && numDirections == 1 && names.size() == 2)
    names.resize(1);
  if (names.size() != perDirection * numDirections) {
    std::string list;
    for (const std::string &s : names)
      list += (list.empty() ? "'" : ", '") + s + "'";
    std::string expected =
        perDirection == 1
            ? "expected one activation per direction (" + std::to_string(numDirections) + ")"
            : "expected " + std::to_string(perDirection) + " activations per direction (" +
                  cell.activationNames.str() + ")" +
                  (numDirections == 1 ? std::string()
                                      : ", " + std::to_string(perDirection * numDirections) +
                                            " for both directions");
    (void)n.unsupportedAttribute("activations", "[" + list + "]", expected);
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

/// Whether `blocks` are consecutive and ascending: one slice, no reordering.
bool isRun(ArrayRef<int64_t> blocks) {
  for (size_t g = 1; g < blocks.size(); ++g)
    if (blocks[g] != blocks[0] + static_cast<int64_t>(g))
      return false;
  return true;
}

/// The shape arrangeKnown gives direction d of a known [D, rows, cols] (or [D, rows])
/// tensor.
Shape arrangedShape(const Tensor &t, ArrayRef<int64_t> blocks, int64_t block, bool transpose) {
  int64_t cols = t.rank() == 3 ? t.shape[2].size : 1;
  int64_t outRows = static_cast<int64_t>(blocks.size()) * block;
  return t.rank() == 2 ? staticShape({outRows})
         : transpose   ? staticShape({cols, outRows})
                       : staticShape({outRows, cols});
}

/// Writes direction d of a known, non-splat [D, rows, cols] (or [D, rows]) tensor to `out`,
/// its rows taken in blocks of `block` (result block g = block blocks[g]), as [rows', cols]
/// or transposed.
template <typename T>
void arrangeInto(const Tensor &t, int64_t d, ArrayRef<int64_t> blocks, int64_t block,
                 bool transpose, MutableArrayRef<T> out) {
  int64_t rows = t.shape[1].size, cols = t.rank() == 3 ? t.shape[2].size : 1;
  int64_t outRows = static_cast<int64_t>(blocks.size()) * block;
  // In tiles of rows x columns, so that a transpose of a large matrix writes whole cache
  // lines rather than one element per line.
  constexpr int64_t kTile = 32;
  t.withFloats([&](auto values) {
    for (auto [g, src] : llvm::enumerate(blocks))
      for (int64_t k0 = 0; k0 < block; k0 += kTile)
        for (int64_t c0 = 0; c0 < cols; c0 += kTile)
          for (int64_t k = k0; k < std::min(block, k0 + kTile); ++k) {
            int64_t from = (d * rows + src * block + k) * cols, to = int64_t(g) * block + k;
            for (int64_t c = c0; c < std::min(cols, c0 + kTile); ++c)
              out[transpose ? c * outRows + to : to * cols + c] = static_cast<T>(values[from + c]);
          }
  });
}

/// Direction d of a known [D, rows, cols] (or [D, rows]) tensor, arranged as arrangeInto.
Tensor arrangeKnown(const Tensor &t, int64_t d, ArrayRef<int64_t> blocks, int64_t block,
                    bool transpose) {
  Shape shape = arrangedShape(t, blocks, block, transpose);
  if (t.splat)
    return Tensor::splatOf(t.type, shape, t.floatAt(0));
  std::vector<double> out(numElements(shape));
  arrangeInto<double>(t, d, blocks, block, transpose, out);
  return Tensor::constantFloats(t.type, shape, std::move(out));
}

} // namespace

std::string shapeText(const Shape &s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i)
    out += (i ? ", " : "") + (s[i].isStatic() ? std::to_string(s[i].size) : "?");
  return out + "]";
}

LogicalResult importRecurrent(NodeContext &n, const CellSpec &cell,
                              function_ref<LogicalResult(RecurrentNode &)> emitLayers) {
  FailureOr<RecurrentNode> r = RecurrentNode::parse(n, cell);
  if (failed(r))
    return failure();
  if (!r->anyOutputUsed())
    return success();
  if (failed(emitLayers(*r)))
    return failure();
  r->setOutputs();
  return success();
}

FailureOr<RecurrentNode> RecurrentNode::parse(NodeContext &n, const CellSpec &cell) {
  SmallVector<AttrSpec> known = {{"activation_alpha", AttrType::Floats},
                                 {"activation_beta", AttrType::Floats},
                                 {"activations", AttrType::Strings},
                                 {"clip", AttrType::Float},
                                 {"direction", AttrType::String},
                                 {"hidden_size", AttrType::Int},
                                 {"layout", AttrType::Int}};
  if (!cell.flagName.empty())
    known.push_back({cell.flagName.data(), AttrType::Int});
  if (failed(n.checkAttributes(known)) || failed(n.checkInputs(3, cell.maxInputs)))
    return failure();
  RecurrentNode r(n, cell);
  std::string direction = n.getString("direction", "forward");
  if (direction == "reverse")
    r.single = rnn::Direction::reverse;
  else if (direction == "bidirectional")
    r.numDirections = 2;
  else if (direction != "forward")
    return n.unsupportedAttribute("direction", "'" + direction + "'",
                                  "expected forward, reverse or bidirectional");
  r.layout = n.getInt("layout", 0);
  if (r.layout != 0 && r.layout != 1)
    return n.unsupportedAttribute("layout", Twine(r.layout), "expected 0 or 1");
  if (n.hasAttr("clip")) {
    r.clip = n.getFloat("clip", 0);
    if (!(std::isfinite(*r.clip) && *r.clip > 0))
      return n.unsupportedAttribute("clip", NodeContext::number(*r.clip),
                                    "must be a positive finite number");
  }
  FailureOr<SmallVector<rnn::ActivationAttr>> activations =
      parseActivations(n, cell, r.numDirections);
  if (failed(activations))
    return failure();
  r.activations = std::move(*activations);
  if (failed(r.checkInputs()))
    return failure();
  if (!cell.flagName.empty()) {
    FailureOr<bool> flag = n.getFlag(cell.flagName, 0);
    if (failed(flag))
      return failure();
    r.flag = *flag;
  }
  return r;
}

LogicalResult RecurrentNode::checkInputs() {
  for (size_t i : {0, 1, 2})
    if (failed(n.checkFloat(i)))
      return failure();
  const Tensor &x = n.input(0), &w = n.input(1), &r = n.input(2);
  type = x.type;
  // B, initial_h and LSTM's initial_c and P: the element type of X.
  for (size_t i : {1, 2, 3, 5, 6, 7})
    if (n.hasInput(i) && n.input(i).type != type)
      return n.fail("input " + Twine(i) + " ('" + n.node.input(i) + "') is " +
                    dataTypeName(n.input(i).type) + " but X is " + dataTypeName(type));
  if (x.rank() != 3)
    return n.fail("X must be 3-D, got shape " + shapeText(x.shape));
  steps = x.shape[layout == 0 ? 0 : 1];
  batch = x.shape[layout == 0 ? 1 : 0];
  if (!x.shape[2].isStatic())
    return n.fail("input_size (dim 2 of X) must be static");
  inputSize = x.shape[2].size;
  if (inputSize <= 0)
    return n.fail("input_size (dim 2 of X) must be positive, got " + Twine(inputSize));
  std::string rows = cell.gates == 1 ? "" : std::to_string(cell.gates) + "*";
  if (w.rank() != 3 || !isStatic(w.shape) || w.shape[0].size != numDirections ||
      w.shape[1].size % cell.gates != 0 || w.shape[2].size != inputSize)
    return n.fail("W must be [num_directions, " + rows + "hidden_size, input_size] = [" +
                  Twine(numDirections) + ", " + rows + "hidden_size, " + Twine(inputSize) +
                  "], got " + shapeText(w.shape));
  hidden = w.shape[1].size / cell.gates;
  int64_t attr = n.getInt("hidden_size", 0);
  if (n.hasAttr("hidden_size") && attr <= 0)
    return n.fail("attribute 'hidden_size' = " + Twine(attr) +
                  " is not supported: must be positive");
  if (hidden <= 0)
    return n.fail("hidden_size must be positive");
  if (n.hasAttr("hidden_size") && attr != hidden) {
    std::string perGate = cell.gates == 1 ? ""
                                          : " (" + std::to_string(cell.gates) + " gates of " +
                                                std::to_string(hidden) + ")";
    return n.fail("attribute 'hidden_size' = " + Twine(attr) + " does not match W, which has " +
                  Twine(w.shape[1].size) + " rows per direction" + perGate);
  }
  Shape rShape = staticShape({numDirections, cell.gates * hidden, hidden});
  if (r.shape != rShape)
    return n.fail("R must be " + shapeText(rShape) + ", got " + shapeText(r.shape));
  Shape bShape = staticShape({numDirections, 2 * cell.gates * hidden});
  if (n.hasInput(3) && n.input(3).shape != bShape)
    return n.fail("B must be " + shapeText(bShape) + ", got " + shapeText(n.input(3).shape));
  if (n.hasInput(4)) {
    const Tensor &lens = n.input(4);
    if (lens.type != dtype::Int32 && lens.type != dtype::Int64)
      return n.fail("sequence_lens must be int32 (or int64), got " + dataTypeName(lens.type));
    if (lens.rank() != 1 ||
        (lens.shape[0].isStatic() && batch.isStatic() && lens.shape[0].size != batch.size))
      return n.fail("sequence_lens must be [batch_size], got " + shapeText(lens.shape));
  }
  if (failed(checkState(5, "initial_h")) || failed(checkState(6, "initial_c")))
    return failure();

  n.noteDimRole(x, layout == 0 ? 0 : 1, "timesteps");
  n.noteDimRole(x, layout == 0 ? 1 : 0, "batch");
  if (n.hasInput(4))
    n.noteDimRole(n.input(4), 0, "batch");
  for (size_t i : {5, 6})
    if (n.hasInput(i))
      n.noteDimRole(n.input(i), layout == 0 ? 1 : 0, "batch");
  return success();
}

LogicalResult RecurrentNode::checkState(size_t input, StringRef name) {
  if (!n.hasInput(input))
    return success();
  const Tensor &h = n.input(input);
  Dim hd = h.rank() == 3 ? h.shape[layout == 0 ? 0 : 1] : Dim::fixed(-1);
  Dim hb = h.rank() == 3 ? h.shape[layout == 0 ? 1 : 0] : Dim::fixed(-1);
  if (h.rank() != 3 || !hd.isStatic(numDirections) || !h.shape[2].isStatic(hidden) ||
      (hb.isStatic() && batch.isStatic() && hb.size != batch.size))
    return n.fail(Twine(name) + " must be " +
                  (layout == 0 ? "[num_directions, batch_size, hidden_size]"
                               : "[batch_size, num_directions, hidden_size]") +
                  ", got " + shapeText(h.shape));
  return success();
}

rnn::Direction RecurrentNode::direction(int64_t d) const {
  if (numDirections == 1)
    return single;
  return d == 0 ? rnn::Direction::forward : rnn::Direction::reverse;
}

FloatAttr RecurrentNode::clipAttr() const {
  return clip ? n.e.b.getF32FloatAttr(*clip) : FloatAttr();
}

bool RecurrentNode::anyOutputUsed() const {
  for (size_t i = 0; i < n.numOutputs(); ++i)
    if (n.outputUsed(i))
      return true;
  return false;
}

Type RecurrentNode::resultType(size_t i) const {
  if (!n.outputUsed(i))
    return Type();
  if (i == 0)
    return n.e.tensorType({batch, steps, Dim::fixed(hidden)}, type);
  return n.e.tensorType({batch, Dim::fixed(hidden)}, type);
}

Value RecurrentNode::input() {
  // A pending [T, N, I] -> [N, T, I] transpose costs nothing.
  return n.e.physicalAs(n.input(0),
                        layout == 0 ? ArrayRef<int64_t>{1, 0, 2} : ArrayRef<int64_t>{0, 1, 2});
}

Value RecurrentNode::lengths() {
  if (!n.hasInput(4))
    return Value();
  const Tensor &lens = n.input(4);
  return lens.isConstant() ? n.e.constant(lens, "sequence_lens") : n.e.materialize(lens);
}

Tensor RecurrentNode::blocksOf(const Tensor &rows, ArrayRef<int64_t> blocks) {
  int64_t count = static_cast<int64_t>(blocks.size());
  auto slice = [&](int64_t first, int64_t num) {
    return n.e.slice(rows, 0, n.e.b.getIndexAttr(first * hidden), Dim::fixed(num * hidden));
  };
  if (isRun(blocks))
    return blocks[0] == 0 && rows.shape[0].isStatic(count * hidden) ? rows
                                                                    : slice(blocks[0], count);
  SmallVector<Value> pieces;
  for (int64_t b : blocks)
    pieces.push_back(n.e.materialize(slice(b, 1)));
  Shape shape = rows.shape;
  shape[0] = Dim::fixed(count * hidden);
  return Tensor::runtime(n.e.b.create<tensor::ConcatOp>(n.loc, 0, pieces), rows.type, shape);
}

Value RecurrentNode::arranged(const Tensor &t, int64_t d, ArrayRef<int64_t> blocks, bool transpose,
                              StringRef hint) {
  if (t.isKnown() && t.type == dtype::Float && !t.splat)
    return n.e.constantF32(
        arrangedShape(t, blocks, hidden, transpose),
        [&](MutableArrayRef<float> out) { arrangeInto(t, d, blocks, hidden, transpose, out); },
        hint);
  if (t.isKnown())
    return n.e.constant(arrangeKnown(t, d, blocks, hidden, transpose), hint);
  Tensor rows = blocksOf(n.e.takeIndex(n.e.asRuntime(t), 0, n.e.b.getIndexAttr(d)), blocks);
  return transpose ? n.e.physicalAs(rows, {1, 0}) : n.e.materialize(rows);
}

Value RecurrentNode::kernel(int64_t d) {
  return arranged(n.input(1), d, cell.onnxBlocks, /*transpose=*/true, "rnn_kernel");
}

Value RecurrentNode::recurrentKernel(int64_t d) {
  return arranged(n.input(2), d, cell.onnxBlocks, /*transpose=*/true, "rnn_recurrent");
}

SmallVector<int64_t> RecurrentNode::recurrentBiasBlocks() const {
  SmallVector<int64_t> blocks;
  for (int64_t g : cell.onnxBlocks)
    blocks.push_back(cell.gates + g);
  return blocks;
}

std::pair<Value, Value> RecurrentNode::biases(int64_t d) {
  const Tensor *b = n.hasInput(3) ? &n.input(3) : nullptr;
  if (b && !b->isKnown() && !b->isAllZero()) {
    Tensor row = n.e.takeIndex(n.e.asRuntime(*b), 0, n.e.b.getIndexAttr(d));
    return {n.e.materialize(blocksOf(row, cell.onnxBlocks)),
            n.e.materialize(blocksOf(row, recurrentBiasBlocks()))};
  }
  return {vectorOf(b, d, cell.onnxBlocks, "rnn_bias"),
          vectorOf(b, d, recurrentBiasBlocks(), "rnn_recurrent_bias")};
}

Value RecurrentNode::summedBias(int64_t d) {
  Shape shape = {Dim::fixed(cell.gates * hidden)};
  if (n.hasInput(3) && n.input(3).isKnown()) {
    const Tensor &b = n.input(3);
    if (b.isAllZero())
      return Value();
    Tensor wb = arrangeKnown(b, d, cell.onnxBlocks, hidden, false);
    Tensor rb = arrangeKnown(b, d, recurrentBiasBlocks(), hidden, false);
    std::vector<double> sum;
    for (int64_t k = 0; k < cell.gates * hidden; ++k)
      sum.push_back(roundToType(type, wb.floatAt(k) + rb.floatAt(k)));
    return n.e.constant(Tensor::constantFloats(type, shape, std::move(sum)), "rnn_bias");
  }
  auto [wb, rb] = biases(d);
  if (!wb || !rb)
    return wb ? wb : rb;
  return n.e.elementwise({{wb, shape}, {rb, shape}}, shape, type,
                         [](OpBuilder &ob, Location l, ValueRange args) {
                           return ob.create<arith::AddFOp>(l, args[0], args[1]).getResult();
                         });
}

Value RecurrentNode::vectorOf(const Tensor *t, int64_t d, ArrayRef<int64_t> blocks,
                              StringRef hint) {
  if (!t || (t->isConstant() && t->isAllZero()))
    return Value();
  if (t->isKnown()) {
    Tensor v = arrangeKnown(*t, d, blocks, hidden, false);
    if (v.isAllZero())
      return Value();
    return n.e.constant(v, hint);
  }
  return arranged(*t, d, blocks, false, hint);
}

Value RecurrentNode::initialState(size_t input, int64_t d, StringRef hint) {
  if (!n.hasInput(input))
    return Value();
  const Tensor &h = n.input(input);
  if (h.isConstant() && h.isAllZero())
    return Value();
  int64_t axis = layout == 0 ? 0 : 1;
  if (h.isKnown()) {
    Tensor idx = Tensor::constantInts(dtype::Int64, {}, {d});
    llvm::Expected<Tensor> state = gatherConstant(h, idx, axis);
    if (state)
      return n.e.constant(*state, hint);
    // Beyond what the importer folds: sliced at run time.
    llvm::consumeError(state.takeError());
  }
  if (h.isConstant() && h.splat) {
    Shape shape = h.shape;
    shape.erase(shape.begin() + axis);
    return n.e.constant(Tensor::splatOf(h.type, shape, h.valueAt(0)));
  }
  return n.e.materialize(n.e.takeIndex(n.e.asRuntime(h), axis, n.e.b.getIndexAttr(d)));
}

void RecurrentNode::addResults(ArrayRef<Value> byOutput) {
  results.resize(std::max(results.size(), byOutput.size()));
  for (auto [i, v] : llvm::enumerate(byOutput))
    if (v)
      results[i].push_back(v);
}

void RecurrentNode::setOutputs() {
  for (auto [i, halves] : llvm::enumerate(results))
    if (!halves.empty())
      setOutput(i, halves);
}

void RecurrentNode::setOutput(size_t i, ArrayRef<Value> halves) {
  bool isSequence = i == 0;
  // [..., H] per direction -> [..., D, H], batch-major; then the graph's layout as a
  // pending transpose.
  Shape half =
      isSequence ? Shape{batch, steps, Dim::fixed(hidden)} : Shape{batch, Dim::fixed(hidden)};
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
  Tensor out = n.e.reshape(Tensor::runtime(v, type, merged), split);
  if (layout == 0)
    out = isSequence ? n.e.transpose(out, {1, 2, 0, 3}) : n.e.transpose(out, {1, 0, 2});
  n.setOutput(i, out);
}

} // namespace rnnc::onnximport
