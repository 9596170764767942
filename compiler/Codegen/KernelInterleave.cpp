// Which kernel ops touch disjoint buffers, and which recurrence may share its time loop
// with an earlier one: the analysis rnn-lower-kernels interleaves recurrences by.
#include "compiler/Codegen/KernelInterleave.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;
using namespace mlir::rnn;

int64_t rnnc::staticBytes(Value buffer) {
  auto type = llvm::dyn_cast<MemRefType>(buffer.getType());
  if (!type || !type.hasStaticShape())
    return std::numeric_limits<int64_t>::max() / 2;
  return type.getNumElements() * type.getElementTypeBitWidth() / 8;
}

namespace {

/// The buffer a view was taken from, through any chain of view-like ops.
Value rootOf(Value v) {
  while (auto view = v.getDefiningOp<ViewLikeOpInterface>())
    v = view.getViewSource();
  return v;
}

/// Whether two buffers provably share no element: views of different buffers (arguments
/// count as different: the run ABI gives each tensor its own buffer), or unit-stride
/// subviews of one buffer whose static ranges are apart in some dim.
bool disjoint(Value x, Value y) {
  if (!x || !y)
    return true;
  if (rootOf(x) != rootOf(y))
    return true;
  auto sx = x.getDefiningOp<memref::SubViewOp>();
  auto sy = y.getDefiningOp<memref::SubViewOp>();
  if (!sx || !sy || sx.getSource() != sy.getSource())
    return false;
  for (auto [ox, zx, tx, oy, zy, ty] :
       llvm::zip(sx.getStaticOffsets(), sx.getStaticSizes(), sx.getStaticStrides(),
                 sy.getStaticOffsets(), sy.getStaticSizes(), sy.getStaticStrides())) {
    if (ShapedType::isDynamic(ox) || ShapedType::isDynamic(zx) || tx != 1 ||
        ShapedType::isDynamic(oy) || ShapedType::isDynamic(zy) || ty != 1)
      continue;
    if (ox + zx <= oy || oy + zy <= ox)
      return true;
  }
  return false;
}

/// The buffers a kernel op reads and writes.
struct Footprint {
  SmallVector<Value> reads, writes;

  static Footprint of(RecurrenceOp op) {
    return {{op.getRecurrentKernel(), op.getInitialState(), op.getSequence()},
            {op.getSequence(), op.getLast()}};
  }
  static Footprint of(MatmulOp op) {
    return {{op.getLhs(), op.getPackedWeights(), op.getBias()}, {op.getInit()}};
  }
  /// No write of either touches what the other reads or writes.
  bool independentOf(const Footprint &other) const {
    auto apart = [](ArrayRef<Value> xs, ArrayRef<Value> ys) {
      return llvm::all_of(
          xs, [&](Value x) { return llvm::all_of(ys, [&](Value y) { return disjoint(x, y); }); });
    };
    return apart(writes, other.reads) && apart(writes, other.writes) && apart(other.writes, reads);
  }
};

/// Interleaved recurrences pay off while both recurrent weights stay in L1 together: the
/// steps are then bound by FMA latency, which the other direction hides. Beyond it each step
/// streams its weights from L2, and interleaving only adds to the traffic (measured at
/// H = 64: 10% faster; H = 128: 2% slower).
constexpr int64_t kInterleaveWeightBytes = 32 * 1024;

} // namespace

RecurrenceOp rnnc::interleavePartner(RecurrenceOp later) {
  auto plainSteps = [](RecurrenceOp op) -> std::optional<int64_t> {
    auto type = llvm::dyn_cast<MemRefType>(op.getSequence().getType());
    if (op.getLengths() || op.getMask() || !type || type.isDynamicDim(1))
      return std::nullopt;
    return type.getDimSize(1);
  };
  std::optional<int64_t> steps = plainSteps(later);
  if (!steps || *steps < 2)
    return {};
  RecurrenceOp earlier;
  for (Operation *op = later->getPrevNode(); op; op = op->getPrevNode())
    if ((earlier = llvm::dyn_cast<RecurrenceOp>(op)))
      break;
  if (!earlier || plainSteps(earlier) != steps ||
      staticBytes(earlier.getRecurrentKernel()) + staticBytes(later.getRecurrentKernel()) >
          kInterleaveWeightBytes)
    return {};
  Footprint first = Footprint::of(earlier);
  if (!first.independentOf(Footprint::of(later)))
    return {};
  for (Operation *op = earlier->getNextNode(); op != later; op = op->getNextNode()) {
    if (auto matmul = llvm::dyn_cast<MatmulOp>(op)) {
      if (!first.independentOf(Footprint::of(matmul)))
        return {};
    } else if (op->getNumRegions() != 0 || !isMemoryEffectFree(op)) {
      return {};
    }
  }
  return earlier;
}
