// Verifiers of the `rnn` ops: every shape and element-type rule, with a message that names
// the operand, the expected shape and what was found.
#include "dialect/RNNOps.h"
#include "dialect/RNNVerifyUtils.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <string>

using namespace mlir;
using namespace mlir::rnn;
using mlir::rnn::detail::compatible;
using mlir::rnn::detail::verifyClip;

namespace {

std::string dimString(int64_t d) {
  return ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d);
}

/// Renders an expected shape such as "(batch, units) = (?, 8)".
std::string shapeString(ArrayRef<StringRef> names, ArrayRef<int64_t> dims) {
  std::string s = "(";
  s += llvm::join(names, ", ");
  s += ") = (";
  for (auto [i, d] : llvm::enumerate(dims)) {
    if (i)
      s += ", ";
    s += dimString(d);
  }
  return s + ")";
}

RankedTensorType tensorType(Value v) { return llvm::cast<RankedTensorType>(v.getType()); }

/// What the input sequence of a recurrent layer says about the layer's shapes.
struct SequenceInfo {
  int64_t batch, timesteps, inputDim;
  Type elementType;
};

FailureOr<SequenceInfo> verifySequenceInput(Operation *op, Value input) {
  RankedTensorType t = tensorType(input);
  if (t.getRank() != 3)
    return op->emitOpError("input must be a rank-3 tensor (batch, timesteps, "
                           "input_dim), got ")
           << t;
  if (t.isDynamicDim(2))
    return op->emitOpError("input_dim (dimension 2 of the input) must be "
                           "static, got ")
           << t;
  if (t.getDimSize(2) == 0)
    return op->emitOpError("input_dim must be positive, got ") << t;
  return SequenceInfo{t.getDimSize(0), t.getDimSize(1), t.getDimSize(2), t.getElementType()};
}

LogicalResult checkElementType(Operation *op, StringRef what, Value v, Type expected) {
  Type got = tensorType(v).getElementType();
  if (got != expected)
    return op->emitOpError() << what << " element type " << got << " differs from the input's "
                             << expected;
  return success();
}

/// Checks one directional layer's weights and initial state; returns its units. A gated
/// cell has `gates` blocks of `units` columns side by side in its kernels and bias.
FailureOr<int64_t> verifyLayerOperands(Operation *op, StringRef prefix, const SequenceInfo &in,
                                       Value kernel, Value recurrent, Value bias,
                                       Value initialState, int64_t gates = 1) {
  std::string p = prefix.str();
  std::string width = gates == 1 ? "units" : std::to_string(gates) + " * units";
  RankedTensorType k = tensorType(kernel);
  if (k.getRank() != 2 || !k.hasStaticShape())
    return op->emitOpError() << p << "kernel must be a static rank-2 tensor "
                             << "(input_dim, " << width << "), got " << k;
  if (k.getDimSize(0) != in.inputDim)
    return op->emitOpError() << p << "kernel has " << k.getDimSize(0)
                             << " rows but the input has input_dim " << in.inputDim;
  if (k.getDimSize(1) % gates != 0)
    return op->emitOpError() << p << "kernel has " << k.getDimSize(1)
                             << " columns, not a multiple of the " << gates << " gates";
  int64_t units = k.getDimSize(1) / gates;
  if (units == 0)
    return op->emitOpError() << p << "kernel must have at least one unit";

  RankedTensorType r = tensorType(recurrent);
  if (r.getShape() != ArrayRef<int64_t>{units, gates * units})
    return op->emitOpError() << p << "recurrent kernel must be "
                             << shapeString({"units", width}, {units, gates * units})
                             << " to match the kernel, got " << r;
  if (bias) {
    RankedTensorType b = tensorType(bias);
    if (b.getShape() != ArrayRef<int64_t>{gates * units})
      return op->emitOpError() << p << "bias must be " << shapeString({width}, {gates * units})
                               << ", got " << b;
  }
  if (initialState) {
    RankedTensorType h = tensorType(initialState);
    if (h.getRank() != 2 || h.isDynamicDim(1) || h.getDimSize(1) != units ||
        !compatible(h.getDimSize(0), in.batch))
      return op->emitOpError() << p << "initial state must be "
                               << shapeString({"batch", "units"}, {in.batch, units}) << ", got "
                               << h;
  }
  for (auto [what, v] : {std::pair<StringRef, Value>{"kernel", kernel},
                         {"recurrent kernel", recurrent},
                         {"bias", bias},
                         {"initial state", initialState}})
    if (v && failed(checkElementType(op, p + what.str(), v, in.elementType)))
      return failure();
  return units;
}

/// A per-unit vector of `count` blocks (peepholes, a recurrent bias) of the input's type.
LogicalResult verifyUnitVector(Operation *op, StringRef what, Value v, int64_t count, int64_t units,
                               const SequenceInfo &in) {
  if (!v)
    return success();
  RankedTensorType t = tensorType(v);
  std::string width = count == 1 ? "units" : std::to_string(count) + " * units";
  if (t.getShape() != ArrayRef<int64_t>{count * units})
    return op->emitOpError() << what << " must be " << shapeString({width}, {count * units})
                             << ", got " << t;
  return checkElementType(op, what, v, in.elementType);
}

LogicalResult verifyLengthsAndMask(Operation *op, const SequenceInfo &in, Value lengths,
                                   Value mask) {
  if (lengths && mask)
    return op->emitOpError("takes either 'lengths' or 'mask', not both");
  if (lengths) {
    RankedTensorType l = tensorType(lengths);
    if (l.getRank() != 1 || !compatible(l.getDimSize(0), in.batch))
      return op->emitOpError("lengths must be ")
             << shapeString({"batch"}, {in.batch}) << ", got " << l;
  }
  if (mask) {
    RankedTensorType m = tensorType(mask);
    if (m.getRank() != 2 || !compatible(m.getDimSize(0), in.batch) ||
        !compatible(m.getDimSize(1), in.timesteps))
      return op->emitOpError("mask must be ")
             << shapeString({"batch", "timesteps"}, {in.batch, in.timesteps}) << ", got " << m;
  }
  return success();
}

/// Result shapes repeat the input's batch and time dims exactly, static or dynamic.
LogicalResult verifyStateResult(Operation *op, StringRef what, Value result, const SequenceInfo &in,
                                int64_t width, bool isSequence, StringRef widthName = "units") {
  RankedTensorType t = tensorType(result);
  SmallVector<int64_t> expected = isSequence ? SmallVector<int64_t>{in.batch, in.timesteps, width}
                                             : SmallVector<int64_t>{in.batch, width};
  if (t.getShape() != ArrayRef<int64_t>(expected)) {
    auto names = isSequence ? SmallVector<StringRef>{"batch", "timesteps", widthName}
                            : SmallVector<StringRef>{"batch", widthName};
    return op->emitOpError() << what << " result must be " << shapeString(names, expected)
                             << ", got " << t;
  }
  return checkElementType(op, (what + " result").str(), result, in.elementType);
}

} // namespace

//===----------------------------------------------------------------------===//
// SimpleRNNOp
//===----------------------------------------------------------------------===//

int64_t SimpleRNNOp::getUnits() { return tensorType(getKernel()).getDimSize(1); }

LogicalResult SimpleRNNOp::verify() {
  FailureOr<SequenceInfo> in = verifySequenceInput(*this, getInput());
  if (failed(in))
    return failure();
  FailureOr<int64_t> units = verifyLayerOperands(*this, "", *in, getKernel(), getRecurrentKernel(),
                                                 getBias(), getInitialState());
  if (failed(units) || failed(verifyLengthsAndMask(*this, *in, getLengths(), getMask())) ||
      failed(verifyClip(*this, getClipAttr())))
    return failure();
  if (getLengths() && getDirection() == Direction::go_backwards)
    return emitOpError("'lengths' cannot be combined with direction "
                       "go_backwards; use direction reverse");
  if (!getSequence() && !getLastState())
    return emitOpError("must produce at least one result ('sequence' or "
                       "'last')");
  if (Value seq = getSequence())
    if (failed(verifyStateResult(*this, "sequence", seq, *in, *units, true)))
      return failure();
  if (Value last = getLastState())
    if (failed(verifyStateResult(*this, "last", last, *in, *units, false)))
      return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// LSTMOp, GRUOp
//===----------------------------------------------------------------------===//

namespace {

/// What the gated layers share: direction rules and results.
LogicalResult verifyGatedCommon(Operation *op, const SequenceInfo &in, int64_t units, Value lengths,
                                Value mask, Direction direction, FloatAttr clip,
                                ArrayRef<std::pair<StringRef, Value>> lasts, Value sequence) {
  if (failed(verifyLengthsAndMask(op, in, lengths, mask)) || failed(verifyClip(op, clip)))
    return failure();
  if (lengths && direction == Direction::go_backwards)
    return op->emitOpError("'lengths' cannot be combined with direction "
                           "go_backwards; use direction reverse");
  bool any = sequence != nullptr;
  for (auto [what, v] : lasts)
    any |= v != nullptr;
  if (!any)
    return op->emitOpError() << "must produce at least one result ('sequence', "
                             << (lasts.size() == 1 ? "or 'last')" : "'last' or 'last_cell')");
  if (sequence && failed(verifyStateResult(op, "sequence", sequence, in, units, true)))
    return failure();
  for (auto [what, v] : lasts)
    if (v && failed(verifyStateResult(op, what, v, in, units, false)))
      return failure();
  return success();
}

} // namespace

int64_t LSTMOp::getUnits() { return tensorType(getKernel()).getDimSize(1) / 4; }

LogicalResult LSTMOp::verify() {
  FailureOr<SequenceInfo> in = verifySequenceInput(*this, getInput());
  if (failed(in))
    return failure();
  FailureOr<int64_t> units = verifyLayerOperands(*this, "", *in, getKernel(), getRecurrentKernel(),
                                                 getBias(), getInitialState(), 4);
  if (failed(units) || failed(verifyUnitVector(*this, "peepholes", getPeepholes(), 3, *units, *in)))
    return failure();
  if (Value c = getInitialCell()) {
    RankedTensorType t = tensorType(c);
    if (t.getRank() != 2 || t.isDynamicDim(1) || t.getDimSize(1) != *units ||
        !compatible(t.getDimSize(0), in->batch))
      return emitOpError() << "initial cell must be "
                           << shapeString({"batch", "units"}, {in->batch, *units}) << ", got " << t;
    if (failed(checkElementType(*this, "initial cell", c, in->elementType)))
      return failure();
  }
  return verifyGatedCommon(*this, *in, *units, getLengths(), getMask(), getDirection(),
                           getClipAttr(), {{"last", getLastState()}, {"last_cell", getLastCell()}},
                           getSequence());
}

int64_t GRUOp::getUnits() { return tensorType(getKernel()).getDimSize(1) / 3; }

LogicalResult GRUOp::verify() {
  FailureOr<SequenceInfo> in = verifySequenceInput(*this, getInput());
  if (failed(in))
    return failure();
  FailureOr<int64_t> units = verifyLayerOperands(*this, "", *in, getKernel(), getRecurrentKernel(),
                                                 getBias(), getInitialState(), 3);
  if (failed(units) ||
      failed(verifyUnitVector(*this, "recurrent bias", getRecurrentBias(), 3, *units, *in)))
    return failure();
  return verifyGatedCommon(*this, *in, *units, getLengths(), getMask(), getDirection(),
                           getClipAttr(), {{"last", getLastState()}}, getSequence());
}

//===----------------------------------------------------------------------===//
// BidirectionalOp
//===----------------------------------------------------------------------===//

LogicalResult BidirectionalOp::verify() {
  FailureOr<SequenceInfo> in = verifySequenceInput(*this, getInput());
  if (failed(in))
    return failure();
  FailureOr<int64_t> fw =
      verifyLayerOperands(*this, "forward ", *in, getForwardKernel(), getForwardRecurrentKernel(),
                          getForwardBias(), getForwardInitialState());
  if (failed(fw))
    return failure();
  FailureOr<int64_t> bw = verifyLayerOperands(*this, "backward ", *in, getBackwardKernel(),
                                              getBackwardRecurrentKernel(), getBackwardBias(),
                                              getBackwardInitialState());
  if (failed(bw) || failed(verifyLengthsAndMask(*this, *in, getLengths(), getMask())) ||
      failed(verifyClip(*this, getClipAttr())))
    return failure();

  MergeMode mode = getMergeMode();
  StringRef modeName = stringifyMergeMode(mode);
  if (mode != MergeMode::concat && mode != MergeMode::none && *fw != *bw)
    return emitOpError() << "merge_mode " << modeName
                         << " needs both halves to have the same units, got " << *fw << " and "
                         << *bw;
  size_t numSeq = getSequences().size(), numLast = getLastStates().size();
  if (numSeq == 0 && numLast == 0)
    return emitOpError("must produce at least one result ('sequence' or "
                       "'last')");
  size_t perKind = mode == MergeMode::none ? 2 : 1;
  for (auto [what, n] : {std::pair<StringRef, size_t>{"sequence", numSeq}, {"last", numLast}})
    if (n != 0 && n != perKind)
      return emitOpError() << "with merge_mode " << modeName << ", '" << what << "' takes "
                           << perKind << (perKind == 1 ? " result" : " results (forward, backward)")
                           << " or none, got " << n;

  auto checkResults = [&](ValueRange results, bool isSequence) {
    StringRef what = isSequence ? "sequence" : "last";
    if (mode == MergeMode::none)
      return success(succeeded(verifyStateResult(*this, ("forward " + what).str(), results[0], *in,
                                                 *fw, isSequence)) &&
                     succeeded(verifyStateResult(*this, ("backward " + what).str(), results[1], *in,
                                                 *bw, isSequence)));
    bool concat = mode == MergeMode::concat;
    int64_t width = concat ? *fw + *bw : *fw;
    return verifyStateResult(*this, what, results[0], *in, width, isSequence,
                             concat ? "forward + backward units" : "units");
  };
  if (numSeq && failed(checkResults(getSequences(), true)))
    return failure();
  if (numLast && failed(checkResults(getLastStates(), false)))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// MergeOp
//===----------------------------------------------------------------------===//

LogicalResult MergeOp::verify() {
  MergeMode mode = getMode();
  if (mode == MergeMode::none)
    return emitOpError("mode none keeps the halves apart and merges nothing; "
                       "use concat, sum, mul or ave");
  RankedTensorType l = tensorType(getLhs()), r = tensorType(getRhs()),
                   res = tensorType(getResult());
  if (l.getRank() == 0 || l.getRank() != r.getRank() || res.getRank() != l.getRank())
    return emitOpError("operands and result must have the same non-zero "
                       "rank, got ")
           << l << ", " << r << " -> " << res;
  if (l.getElementType() != r.getElementType() || res.getElementType() != l.getElementType())
    return emitOpError("operands and result must have the same element type");
  int64_t last = l.getRank() - 1;
  for (int64_t i = 0; i < last; ++i)
    if (!compatible(l.getDimSize(i), r.getDimSize(i)) ||
        !compatible(l.getDimSize(i), res.getDimSize(i)))
      return emitOpError() << "dimension " << i << " differs between " << l << ", " << r << " and "
                           << res;
  int64_t lw = l.getDimSize(last), rw = r.getDimSize(last), w = res.getDimSize(last);
  if (ShapedType::isDynamic(lw) || ShapedType::isDynamic(rw) || ShapedType::isDynamic(w))
    return emitOpError("the merged (last) dimension must be static");
  int64_t expected = mode == MergeMode::concat ? lw + rw : lw;
  if (mode != MergeMode::concat && lw != rw)
    return emitOpError() << "mode " << stringifyMergeMode(mode)
                         << " needs operands of the same width, got " << lw << " and " << rw;
  if (w != expected)
    return emitOpError() << "result width must be " << expected << ", got " << w;
  return success();
}

//===----------------------------------------------------------------------===//
// EmbeddingOp
//===----------------------------------------------------------------------===//

LogicalResult EmbeddingOp::verify() {
  RankedTensorType ids = tensorType(getIds()), table = tensorType(getTable()),
                   res = tensorType(getResult());
  if (table.getRank() != 2 || !table.hasStaticShape() || table.getDimSize(0) == 0 ||
      table.getDimSize(1) == 0)
    return emitOpError("table must be a static, non-empty rank-2 tensor "
                       "(vocabulary, features), got ")
           << table;
  SmallVector<int64_t> expected(ids.getShape());
  expected.push_back(table.getDimSize(1));
  // A bf16 table (rnn-narrow-weights) gives float32 rows.
  Type elt = table.getElementType().isBF16() ? Float32Type::get(getContext())
                                             : table.getElementType();
  if (res.getShape() != ArrayRef<int64_t>(expected) || res.getElementType() != elt)
    return emitOpError("result must be ")
           << RankedTensorType::get(expected, elt)
           << " (the ids' shape followed by the table's features), got " << res;
  return success();
}

//===----------------------------------------------------------------------===//
// DenseOp
//===----------------------------------------------------------------------===//

LogicalResult DenseOp::verify() {
  RankedTensorType x = tensorType(getInput()), k = tensorType(getKernel()),
                   res = tensorType(getResult());
  if (x.getRank() == 0 || x.isDynamicDim(x.getRank() - 1))
    return emitOpError("input must have rank >= 1 and a static last "
                       "dimension, got ")
           << x;
  int64_t in = x.getDimSize(x.getRank() - 1);
  if (k.getRank() != 2 || !k.hasStaticShape())
    return emitOpError("kernel must be a static rank-2 tensor (in, out), got ") << k;
  if (k.getDimSize(0) != in)
    return emitOpError() << "kernel has " << k.getDimSize(0)
                         << " rows but the input's last dimension is " << in;
  int64_t out = k.getDimSize(1);
  if (out == 0)
    return emitOpError("kernel must have at least one output column");
  if (Value bias = getBias())
    if (tensorType(bias).getShape() != ArrayRef<int64_t>{out})
      return emitOpError("bias must be ")
             << shapeString({"out"}, {out}) << ", got " << bias.getType();
  for (auto [what, v] : {std::pair<StringRef, Value>{"kernel", getKernel()},
                         {"bias", getBias()},
                         {"result", getResult()}})
    if (v && failed(checkElementType(*this, what, v, x.getElementType())))
      return failure();
  SmallVector<int64_t> expected(x.getShape());
  expected.back() = out;
  if (res.getShape() != ArrayRef<int64_t>(expected))
    return emitOpError("result must be ")
           << RankedTensorType::get(expected, x.getElementType()) << ", got " << res;
  return success();
}

//===----------------------------------------------------------------------===//
// MaskOp
//===----------------------------------------------------------------------===//

LogicalResult MaskOp::verify() {
  RankedTensorType x = tensorType(getInput()), res = tensorType(getResult());
  Type elt = x.getElementType();
  bool ids = x.getRank() == 2 && llvm::isa<IntegerType>(elt);
  bool features = x.getRank() == 3 && llvm::isa<FloatType>(elt);
  if (!ids && !features)
    return emitOpError("input must be integer ids (batch, timesteps) or "
                       "float features (batch, timesteps, features), got ")
           << x;
  if (getPadding().getType() != elt)
    return emitOpError() << "padding type " << getPadding().getType()
                         << " differs from the input's element type " << elt;
  if (res.getShape() != x.getShape().take_front(2))
    return emitOpError("result must be ")
           << shapeString({"batch", "timesteps"}, x.getShape().take_front(2)) << ", got " << res;
  return success();
}

//===----------------------------------------------------------------------===//
// RequireOp
//===----------------------------------------------------------------------===//

LogicalResult RequireOp::verify() {
  // The message is what a caller reads when a run is refused: it must say something.
  if (getMessage().empty())
    return emitOpError("message must not be empty");
  return success();
}

LogicalResult RequireOp::canonicalize(RequireOp op, PatternRewriter &rewriter) {
  // A requirement the dims always meet (static dims, after shape specialisation) checks
  // nothing. One never met stays, for rnn-outline-requirements to report at compile time.
  if (!matchPattern(op.getCondition(), m_One()))
    return failure();
  rewriter.eraseOp(op);
  return success();
}

//===----------------------------------------------------------------------===//
// Custom directives
//===----------------------------------------------------------------------===//

/// `rnn.merge` spells its mode as a bare keyword: `rnn.merge concat %a, %b ...`.
static ParseResult parseMergeModeKeyword(OpAsmParser &parser, MergeModeAttr &mode) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  if (parser.parseKeyword(&keyword))
    return failure();
  std::optional<MergeMode> parsed = symbolizeMergeMode(keyword);
  if (!parsed)
    return parser.emitError(loc) << "unknown merge mode '" << keyword
                                 << "'; expected concat, sum, mul or ave";
  mode = MergeModeAttr::get(parser.getContext(), *parsed);
  return success();
}

static void printMergeModeKeyword(OpAsmPrinter &printer, Operation *, MergeModeAttr mode) {
  printer << stringifyMergeMode(mode.getValue());
}

/// `-> [sequence T] [last T]`: a keyword always takes its type, so a result is never
/// dropped silently.
static ParseResult parseStateResults(OpAsmParser &parser, Type &sequence, Type &last) {
  if (succeeded(parser.parseOptionalKeyword("sequence")) && parser.parseType(sequence))
    return failure();
  if (succeeded(parser.parseOptionalKeyword("last")) && parser.parseType(last))
    return failure();
  if (!sequence && !last)
    return parser.emitError(parser.getCurrentLocation(),
                            "expected 'sequence <type>' and/or 'last <type>'");
  return success();
}

static void printStateResults(OpAsmPrinter &printer, Operation *, Type sequence, Type last) {
  if (sequence)
    printer << "sequence " << sequence;
  if (sequence && last)
    printer << ' ';
  if (last)
    printer << "last " << last;
}

/// `-> [sequence T] [last T] [last_cell T]`, the LSTM form of StateResults.
static ParseResult parseCellResults(OpAsmParser &parser, Type &sequence, Type &last, Type &cell) {
  for (auto [keyword, type] :
       {std::pair<StringRef, Type *>{"sequence", &sequence}, {"last", &last}, {"last_cell", &cell}})
    if (succeeded(parser.parseOptionalKeyword(keyword)) && parser.parseType(*type))
      return failure();
  if (!sequence && !last && !cell)
    return parser.emitError(parser.getCurrentLocation(),
                            "expected 'sequence <type>', 'last <type>' and/or 'last_cell <type>'");
  return success();
}

static void printCellResults(OpAsmPrinter &printer, Operation *, Type sequence, Type last,
                             Type cell) {
  llvm::interleave(
      llvm::make_filter_range(
          std::initializer_list<std::pair<StringRef, Type>>{
              {"sequence", sequence}, {"last", last}, {"last_cell", cell}},
          [](const std::pair<StringRef, Type> &p) { return bool(p.second); }),
      [&](const std::pair<StringRef, Type> &p) { printer << p.first << ' ' << p.second; },
      [&] { printer << ' '; });
}

/// The bidirectional form: each keyword takes one type, or two with merge_mode none.
static ParseResult parseStateResultLists(OpAsmParser &parser, SmallVectorImpl<Type> &sequences,
                                         SmallVectorImpl<Type> &lasts) {
  for (auto [keyword, types] :
       {std::pair<StringRef, SmallVectorImpl<Type> *>{"sequence", &sequences}, {"last", &lasts}})
    if (succeeded(parser.parseOptionalKeyword(keyword)) && parser.parseTypeList(*types))
      return failure();
  if (sequences.empty() && lasts.empty())
    return parser.emitError(parser.getCurrentLocation(),
                            "expected 'sequence <types>' and/or 'last <types>'");
  return success();
}

static void printStateResultLists(OpAsmPrinter &printer, Operation *, TypeRange sequences,
                                  TypeRange lasts) {
  if (!sequences.empty())
    printer << "sequence " << sequences;
  if (!sequences.empty() && !lasts.empty())
    printer << ' ';
  if (!lasts.empty())
    printer << "last " << lasts;
}

#define GET_OP_CLASSES
#include "dialect/RNNOps.cpp.inc"
