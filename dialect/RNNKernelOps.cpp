// Verifiers and memory effects of the kernel-level ops (rnn.matmul, rnn.recurrence,
// rnn.gated_recurrence), which exist both on tensors (destination style) and, after
// bufferization, on memrefs.
#include "dialect/RNNOps.h"
#include "dialect/RNNVerifyUtils.h"

using namespace mlir;
using namespace mlir::rnn;
using mlir::rnn::detail::compatible;

namespace {

ShapedType shaped(Value v) { return llvm::cast<ShapedType>(v.getType()); }

/// Operands are all tensors or all memrefs; tensor form has one result per init.
LogicalResult verifyBufferForm(Operation *op, ValueRange inits) {
  bool tensors = llvm::isa<RankedTensorType>(op->getOperand(0).getType());
  for (Value v : op->getOperands())
    if (llvm::isa<RankedTensorType>(v.getType()) != tensors)
      return op->emitOpError("operands must be all tensors or all memrefs");
  if (!tensors && op->getNumResults() != 0)
    return op->emitOpError("has no results on memrefs");
  if (tensors) {
    if (op->getNumResults() != inits.size())
      return op->emitOpError() << "on tensors has one result per init (" << inits.size()
                               << "), got " << op->getNumResults();
    for (auto [init, result] : llvm::zip(inits, op->getResults()))
      if (init.getType() != result.getType())
        return op->emitOpError() << "result type " << result.getType()
                                 << " differs from its init's " << init.getType();
  }
  return success();
}

/// Rows of a packed panel: K, the scale rows of int8 weights, bf16's rows in whole pairs.
int64_t packedRows(ShapedType packed, int64_t k) {
  if (packed.getElementType().isBF16())
    return llvm::alignTo(k, kBF16PairRows);
  return packed.getElementType().isInteger(8) ? k + kInt8ScaleRows : k;
}

/// Whether `packed` has the rows of its element type's layout; int8 has two (int8-dot's
/// quads).
bool hasPackedRows(ShapedType packed, int64_t k) {
  int64_t rows = packed.getDimSize(1);
  return rows == packedRows(packed, k) ||
         (packed.getElementType().isInteger(8) && rows == int8DotRows(k));
}

/// How the rows of a narrow panel differ from K, for the verifiers' messages.
std::string packedRowsNote(ShapedType packed, int64_t k) {
  if (packedRows(packed, k) == k)
    return "";
  if (packed.getElementType().isBF16())
    return " (bf16 rows in whole pairs)";
  return " and 4 scale rows (or " + std::to_string(int8DotRows(k)) +
         " rows: int8-dot's quads, scale and sum rows)";
}

/// Checks `packed` is (ceil(n / vw), k, vw) for some vector width vw.
LogicalResult verifyPacked(Operation *op, Value packed, int64_t k, int64_t n) {
  ShapedType p = shaped(packed);
  if (p.getRank() != 3 || !p.hasStaticShape() || p.getDimSize(2) == 0)
    return op->emitOpError("packed weights must be a static rank-3 shape "
                           "(blocks, K, vector_width), got ")
           << p;
  int64_t vw = p.getDimSize(2), blocks = (n + vw - 1) / vw, rows = packedRows(p, k);
  if (p.getDimSize(0) != blocks || !hasPackedRows(p, k))
    return op->emitOpError() << "packed weights must be (" << blocks << ", " << rows << ", " << vw
                             << ") for K = " << k << ", N = " << n << packedRowsNote(p, k)
                             << ", got " << p;
  return success();
}

/// The float operands share one element type, except that packed weights (rank 3) may be
/// stored in bf16 or i8 under float32 operands: rnn-narrow-weights' forms, widened by the
/// kernel.
LogicalResult verifySameElementType(Operation *op, Value weights) {
  Type elt;
  for (Value v : op->getOperands()) {
    Type t = shaped(v).getElementType();
    if (v == weights || !llvm::isa<FloatType>(t))
      continue;
    if (elt && t != elt)
      return op->emitOpError("float operands must share one element type");
    elt = t;
  }
  ShapedType w = shaped(weights);
  Type stored = w.getElementType();
  bool narrowed =
      w.getRank() == 3 && (stored.isBF16() || stored.isInteger(8)) && elt && elt.isF32();
  if ((elt && stored != elt && !narrowed) || (!elt && !llvm::isa<FloatType>(stored)))
    return op->emitOpError() << "weights must be " << (elt ? elt : stored)
                             << (!elt || elt.isF32() ? ", or bf16 or i8 once packed" : "")
                             << ", got " << stored;
  return success();
}

/// A recurrence's optional lengths (batch) and mask (batch, timesteps), never both.
LogicalResult verifyLengthsAndMask(Operation *op, Value lengths, Value mask, int64_t batch,
                                   int64_t steps) {
  if (lengths && mask)
    return op->emitOpError("takes either 'lengths' or 'mask', not both");
  if (lengths) {
    ShapedType t = shaped(lengths);
    if (t.getRank() != 1 || !compatible(t.getDimSize(0), batch))
      return op->emitOpError("lengths must be (batch), got ") << t;
  }
  if (mask) {
    ShapedType t = shaped(mask);
    if (t.getRank() != 2 || !compatible(t.getDimSize(0), batch) ||
        !compatible(t.getDimSize(1), steps))
      return op->emitOpError("mask must be (batch, timesteps), got ") << t;
  }
  return success();
}

/// Memref operands in `reads` are read, those in `writes` written (an operand may be both).
void addEffects(Operation *op, ValueRange reads, ValueRange writes,
                SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &fx) {
  for (OpOperand &operand : op->getOpOperands()) {
    if (!llvm::isa<MemRefType>(operand.get().getType()))
      continue;
    if (llvm::is_contained(reads, operand.get()))
      fx.emplace_back(MemoryEffects::Read::get(), &operand, SideEffects::DefaultResource::get());
    if (llvm::is_contained(writes, operand.get()))
      fx.emplace_back(MemoryEffects::Write::get(), &operand, SideEffects::DefaultResource::get());
  }
}

} // namespace

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::verify() {
  if (failed(verifyBufferForm(*this, getInit())) || failed(verifySameElementType(*this, getPackedWeights())))
    return failure();
  ShapedType a = shaped(getLhs()), c = shaped(getInit());
  int64_t rank = a.getRank();
  if (rank < 2 || a.isDynamicDim(rank - 1))
    return emitOpError("lhs must be (rows..., K) with a static K, got ") << a;
  if (c.getRank() != rank || c.isDynamicDim(rank - 1))
    return emitOpError("init must be (rows..., N) with the lhs' rank and a "
                       "static N, got ")
           << c;
  for (int64_t i = 0; i + 1 < rank; ++i)
    if (!compatible(a.getDimSize(i), c.getDimSize(i)))
      return emitOpError() << "init dimension " << i << " differs from the lhs': " << c << " vs "
                           << a;
  int64_t n = c.getDimSize(rank - 1);
  if (Value bias = getBias())
    if (shaped(bias).getShape() != ArrayRef<int64_t>{n})
      return emitOpError() << "bias must be (" << n << "), got " << bias.getType();
  return verifyPacked(*this, getPackedWeights(), a.getDimSize(rank - 1), n);
}

void MatmulOp::getEffects(SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &fx) {
  SmallVector<Value> reads = {getLhs(), getPackedWeights()};
  if (getBias())
    reads.push_back(getBias());
  addEffects(*this, reads, {getInit()}, fx);
}

//===----------------------------------------------------------------------===//
// RecurrenceOp
//===----------------------------------------------------------------------===//

LogicalResult RecurrenceOp::verify() {
  if (failed(verifyBufferForm(*this, {getSequence(), getLast()})) ||
      failed(verifySameElementType(*this, getRecurrentKernel())))
    return failure();
  if (getDirection() == Direction::go_backwards)
    return emitOpError("direction go_backwards is lowered to reverse plus a "
                       "time flip before this op");
  ShapedType seq = shaped(getSequence()), last = shaped(getLast());
  if (seq.getRank() != 3 || seq.isDynamicDim(2))
    return emitOpError("sequence must be (batch, timesteps, units) with static "
                       "units, got ")
           << seq;
  int64_t batch = seq.getDimSize(0), units = seq.getDimSize(2);
  auto isState = [&](ShapedType t) {
    return t.getRank() == 2 && t.getDimSize(1) == units && compatible(t.getDimSize(0), batch);
  };
  if (!isState(last))
    return emitOpError() << "last must be (batch, " << units << "), got " << last;
  if (Value h0 = getInitialState(); h0 && !isState(shaped(h0)))
    return emitOpError() << "initial state must be (batch, " << units << "), got " << h0.getType();
  if (failed(verifyLengthsAndMask(*this, getLengths(), getMask(), batch, seq.getDimSize(1))))
    return failure();
  if (failed(detail::verifyClip(*this, getClipAttr())))
    return failure();
  ShapedType r = shaped(getRecurrentKernel());
  if (r.getRank() == 2) {
    if (r.getShape() != ArrayRef<int64_t>{units, units})
      return emitOpError() << "recurrent kernel must be (" << units << ", " << units << "), got "
                           << r;
    return success();
  }
  return verifyPacked(*this, getRecurrentKernel(), units, units);
}

void RecurrenceOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &fx) {
  SmallVector<Value> reads = {getRecurrentKernel(), getSequence()};
  for (Value v : {getInitialState(), getLengths(), getMask()})
    if (v)
      reads.push_back(v);
  addEffects(*this, reads, {getSequence(), getLast()}, fx);
}

//===----------------------------------------------------------------------===//
// GatedRecurrenceOp
//===----------------------------------------------------------------------===//

LogicalResult GatedRecurrenceOp::verify() {
  SmallVector<Value> inits = {getSequence(), getLast()};
  for (Value v : {getLastCell(), getScratch()})
    if (v)
      inits.push_back(v);
  if (failed(verifyBufferForm(*this, inits)) ||
      failed(verifySameElementType(*this, getRecurrentKernel())))
    return failure();
  if (getDirection() == Direction::go_backwards)
    return emitOpError("direction go_backwards is lowered to reverse plus a "
                       "time flip before this op");
  bool lstm = getCell() == CellKind::lstm;
  ShapedType seq = shaped(getSequence());
  if (seq.getRank() != 3 || seq.isDynamicDim(2))
    return emitOpError("sequence must be (batch, timesteps, units) with static "
                       "units, got ")
           << seq;
  int64_t batch = seq.getDimSize(0), steps = seq.getDimSize(1), units = seq.getDimSize(2);
  int64_t gates = getNumGates();
  auto isState = [&](ShapedType t) {
    return t.getRank() == 2 && t.getDimSize(1) == units && compatible(t.getDimSize(0), batch);
  };
  ShapedType proj = shaped(getProjection());
  if (proj.getRank() != 3 || proj.getDimSize(2) != gates * units ||
      !compatible(proj.getDimSize(0), batch) || !compatible(proj.getDimSize(1), steps))
    return emitOpError() << "projection must be (batch, timesteps, " << gates * units << ") for "
                         << gates << " gates of " << units << " units, got " << proj;
  for (auto [what, v] : {std::pair<StringRef, Value>{"last", getLast()},
                         {"initial state", getInitialState()},
                         {"initial cell", getInitialCell()},
                         {"last cell", getLastCell()},
                         {"scratch", getScratch()}})
    if (v && !isState(shaped(v)))
      return emitOpError() << what << " must be (batch, " << units << "), got " << v.getType();
  auto requireIff = [&](StringRef what, bool present, bool wanted,
                        StringRef when) -> LogicalResult {
    if (present == wanted)
      return success();
    return emitOpError() << (wanted ? "needs " : "takes no ") << what << " for " << when;
  };
  bool resetBefore = !lstm && !getResetAfter();
  std::string cellText = lstm ? "an lstm cell" : "a gru cell";
  std::string gruText = lstm ? cellText : "a gru cell without reset_after";
  if (failed(requireIff("'cell'", getLastCell() != nullptr, lstm, cellText)) ||
      failed(requireIff("'scratch'", getScratch() != nullptr, resetBefore, gruText)) ||
      failed(requireIff("'initial_cell'", getInitialCell() != nullptr, lstm && getInitialCell(),
                        cellText)) ||
      failed(
          requireIff("'peepholes'", getPeepholes() != nullptr, lstm && getPeepholes(), cellText)) ||
      failed(requireIff("'recurrent_bias'", getRecurrentBias() != nullptr,
                        !lstm && getResetAfter() && getRecurrentBias(), gruText)))
    return failure();
  if (!lstm && (getInputForget() || getOutputActivation()))
    return emitOpError("input_forget and output_activation are attributes of an lstm cell");
  if (lstm && getResetAfter())
    return emitOpError("reset_after is an attribute of a gru cell");
  if (Value p = getPeepholes(); p && shaped(p).getShape() != ArrayRef<int64_t>{3 * units})
    return emitOpError() << "peepholes must be (" << 3 * units << "), got " << p.getType();
  if (Value b = getRecurrentBias(); b && shaped(b).getShape() != ArrayRef<int64_t>{units})
    return emitOpError() << "recurrent bias must be (" << units << "), got " << b.getType();
  if (failed(verifyLengthsAndMask(*this, getLengths(), getMask(), batch, steps)))
    return failure();
  if (failed(detail::verifyClip(*this, getClipAttr())))
    return failure();
  ShapedType r = shaped(getRecurrentKernel());
  if (r.getRank() == 2) {
    if (r.getShape() != ArrayRef<int64_t>{units, gates * units})
      return emitOpError() << "recurrent kernel must be (" << units << ", " << gates * units
                           << "), got " << r;
    return success();
  }
  // Each gate is padded to whole panels on its own.
  if (r.getRank() != 3 || !r.hasStaticShape() || r.getDimSize(2) == 0)
    return emitOpError("packed weights must be a static rank-3 shape "
                       "(blocks, K, vector_width), got ")
           << r;
  int64_t vw = r.getDimSize(2), blocks = gates * ((units + vw - 1) / vw);
  int64_t rows = packedRows(r, units);
  if (r.getDimSize(0) != blocks || !hasPackedRows(r, units))
    return emitOpError() << "packed weights must be (" << blocks << ", " << rows << ", " << vw
                         << ") for " << gates << " gates of " << units << " units"
                         << packedRowsNote(r, units) << ", got " << r;
  return success();
}

void GatedRecurrenceOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &fx) {
  SmallVector<Value> reads = {getRecurrentKernel(), getProjection(), getSequence()};
  for (Value v : {getRecurrentBias(), getPeepholes(), getInitialState(), getInitialCell(),
                  getLengths(), getMask(), getLastCell(), getScratch()})
    if (v)
      reads.push_back(v);
  SmallVector<Value> writes = {getSequence(), getLast()};
  for (Value v : {getLastCell(), getScratch()})
    if (v)
      writes.push_back(v);
  addEffects(*this, reads, writes, fx);
}
