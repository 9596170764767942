// rnn-narrow-weights: the kernels' packed constant weight matrices (and embedding tables)
// stored in bf16 or int8, widened to float32 in registers; a batch-1 step then reads half
// or a quarter of the bytes.
#include "compiler/Transforms/Passes.h"
#include "compiler/Utils/ModelABI.h"
#include "compiler/Utils/TensorUtils.h"
#include "dialect/PanelGroups.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace rnnc {
#define GEN_PASS_DEF_NARROWWEIGHTS
#include "compiler/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// Constants with more elements than this become resource blobs, as rnn-pack-weights does.
constexpr int64_t kInlineElements = 256;

/// The packed weights of the kernel ops and the embedding tables, as the operands that hold
/// them.
SmallVector<OpOperand *> weightOperands(Operation *root) {
  SmallVector<OpOperand *> operands;
  root->walk([&](Operation *op) {
    if (auto embedding = dyn_cast<EmbeddingOp>(op))
      operands.push_back(&embedding.getTableMutable());
    else if (auto matmul = dyn_cast<MatmulOp>(op))
      operands.push_back(&matmul.getPackedWeightsMutable());
    else if (auto rec = dyn_cast<RecurrenceOp>(op))
      operands.push_back(&rec.getRecurrentKernelMutable());
    else if (auto gated = dyn_cast<GatedRecurrenceOp>(op))
      operands.push_back(&gated.getRecurrentKernelMutable());
  });
  return operands;
}

/// `attr`'s values as floats, read from its stored bytes when they are f32.
std::optional<SmallVector<float>> floatsOf(ElementsAttr attr) {
  if (std::optional<rnnc::FloatBytes> data = rnnc::floatBytes(attr); data && data->width == 4) {
    SmallVector<float> values(data->bytes.size() / 4);
    std::memcpy(values.data(), data->bytes.data(), data->bytes.size());
    return values;
  }
  if (std::optional<SmallVector<double>> values = rnnc::readFloatConstant(attr))
    return SmallVector<float>(values->begin(), values->end());
  return std::nullopt;
}

/// Packed (blocks, rows, vw) values, panel after panel, stored in groups of `group` panels
/// unit by unit (units of `unitRows` rows; see dialect/PanelGroups.h).
template <typename T>
SmallVector<T> groupPanels(ArrayRef<T> panelMajor, int64_t blocks, int64_t rows, int64_t vw,
                           int64_t unitRows, int64_t group) {
  SmallVector<T> out(panelMajor.size());
  for (int64_t b = 0; b < blocks; ++b)
    for (int64_t r = 0; r < rows; r += unitRows)
      std::copy_n(panelMajor.begin() + (b * rows + r) * vw, unitRows * vw,
                  out.begin() + groupedOffset(b, r, blocks, rows, vw, unitRows, group));
  return out;
}

/// `values` rounded to bf16 (nearest even). Packed (blocks, K, vw) weights get their rows in
/// interleaved pairs (see kBF16PairRows): row 2m + i, lane v at 2 * v + i of pair m, an odd
/// K padded with a zero row, the panels then in groups of `groupOf(bytes)` (see
/// dialect/PanelGroups.h). Tables (rank 2) keep their layout.
ElementsAttr toBF16(RankedTensorType type, ArrayRef<float> values, StringRef blobName,
                    function_ref<int64_t(int64_t)> groupOf) {
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<uint16_t> bits;
  if (shape.size() == 3) {
    int64_t blocks = shape[0], k = shape[1], vw = shape[2];
    int64_t rows = llvm::alignTo(k, kBF16PairRows);
    shape[1] = rows;
    bits.assign(blocks * rows * vw, 0);
    for (int64_t b = 0; b < blocks; ++b)
      for (int64_t r = 0; r < k; ++r)
        for (int64_t v = 0; v < vw; ++v)
          bits[(b * rows + r / kBF16PairRows * kBF16PairRows) * vw + kBF16PairRows * v +
               r % kBF16PairRows] = rnnc::roundToBF16(values[(b * k + r) * vw + v]);
    bits = groupPanels(ArrayRef<uint16_t>(bits), blocks, rows, vw, kBF16PairRows,
                       groupOf(int64_t(bits.size()) * 2));
  } else {
    bits.resize(values.size());
    for (size_t i = 0; i < values.size(); ++i)
      bits[i] = rnnc::roundToBF16(values[i]);
  }
  auto narrow = RankedTensorType::get(shape, BFloat16Type::get(type.getContext()));
  if (narrow.getNumElements() > kInlineElements)
    return DenseResourceElementsAttr::get(
        narrow, blobName, HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<uint16_t>(bits)));
  return DenseElementsAttr::getFromRawBuffer(
      narrow, ArrayRef<char>(reinterpret_cast<const char *>(bits.data()), bits.size() * 2));
}

/// Packed (blocks, K, vw) weights as int8, symmetric with one scale per column (lane of a
/// panel: one output unit of one gate): scale = max |w| / 127, q = w / scale rounded to
/// nearest even. Each panel gets kInt8ScaleRows more rows holding its lanes' float32
/// scales byte by byte, least significant first, so the layout is the same on every target.
/// With `quads` (int8-dot) the rows are interleaved in quads and padded to whole quads
/// (kInt8QuadRows), and kInt8SumRows rows of each lane's 128 * sum q follow the scales; the
/// scale and sum rows are quads too, so each is one little-endian vector of 32-bit lanes
/// (int8-dot's targets are all x86). The panels then come in groups of `groupOf(bytes)`
/// (dialect/PanelGroups.h).
ElementsAttr toInt8(RankedTensorType type, ArrayRef<float> values, StringRef blobName, bool quads,
                    function_ref<int64_t(int64_t)> groupOf) {
  int64_t blocks = type.getDimSize(0), k = type.getDimSize(1), vw = type.getDimSize(2);
  int64_t kRows = quads ? llvm::alignTo(k, kInt8QuadRows) : k;
  int64_t rows = quads ? int8DotRows(k) : k + kInt8ScaleRows;
  auto narrow = RankedTensorType::get({blocks, rows, vw}, IntegerType::get(type.getContext(), 8));
  SmallVector<int8_t> out(blocks * rows * vw, 0);
  // Row r, lane v of block b.
  auto at = [&](int64_t b, int64_t r, int64_t v) -> int8_t & {
    if (!quads)
      return out[(b * rows + r) * vw + v];
    return out[(b * rows + r / kInt8QuadRows * kInt8QuadRows) * vw + kInt8QuadRows * v +
               r % kInt8QuadRows];
  };
  auto putBytes = [&](int64_t b, int64_t firstRow, int64_t v, uint32_t bits) {
    for (int64_t j = 0; j < 4; ++j)
      at(b, firstRow + j, v) = int8_t(uint8_t(bits >> (8 * j)));
  };
  for (int64_t b = 0; b < blocks; ++b)
    for (int64_t v = 0; v < vw; ++v) {
      float maxAbs = 0.0f;
      for (int64_t r = 0; r < k; ++r)
        maxAbs = std::max(maxAbs, std::fabs(values[(b * k + r) * vw + v]));
      float scale = float(double(maxAbs) / 127.0);
      int32_t sum = 0;
      for (int64_t r = 0; r < k && scale > 0.0f; ++r) {
        double q = std::nearbyint(double(values[(b * k + r) * vw + v]) / double(scale));
        at(b, r, v) = int8_t(std::clamp(q, -127.0, 127.0));
        sum += at(b, r, v);
      }
      uint32_t bits;
      std::memcpy(&bits, &scale, 4);
      putBytes(b, kRows, v, bits);
      if (quads)
        putBytes(b, kRows + kInt8ScaleRows, v, uint32_t(int64_t(sum) * 128));
    }
  out = groupPanels(ArrayRef<int8_t>(out), blocks, rows, vw, quads ? kInt8QuadRows : 1,
                    groupOf(int64_t(out.size())));
  if (narrow.getNumElements() > kInlineElements)
    return DenseResourceElementsAttr::get(
        narrow, blobName, HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<int8_t>(out)));
  return DenseElementsAttr::getFromRawBuffer(
      narrow, ArrayRef<char>(reinterpret_cast<const char *>(out.data()), out.size()));
}

/// The panel group of `operand`'s packed weights once narrowed to `bytes` bytes (see
/// gatedPanelGroup): 1 but for the recurrent kernels of one-pass gated recurrences.
int64_t panelGroup(OpOperand &operand, int64_t bytes) {
  auto gated = dyn_cast<GatedRecurrenceOp>(operand.getOwner());
  if (!gated)
    return 1;
  return gatedPanelGroup(gated, bytes);
}

struct NarrowWeights : rnnc::impl::NarrowWeightsBase<NarrowWeights> {
  using NarrowWeightsBase::NarrowWeightsBase;

  void runOnOperation() override {
    if (!rnnc::findWeightPrecision(precision)) {
      getOperation()->emitError("precision must be ")
          << rnnc::kWeightPrecisionNames << ", got '" << precision << "'";
      return signalPassFailure();
    }
    if (precision == "f32")
      return;
    for (OpOperand *operand : weightOperands(getOperation())) {
      ElementsAttr attr;
      auto type = llvm::dyn_cast<RankedTensorType>(operand->get().getType());
      bool table = isa<EmbeddingOp>(operand->getOwner());
      if (!type || type.getRank() != (table ? 2 : 3) || !type.getElementType().isF32() ||
          !matchPattern(operand->get(), m_Constant(&attr)))
        continue; // Run-time weights (or not yet packed) stay float32.
      std::optional<SmallVector<float>> values = floatsOf(attr);
      if (!values)
        continue;
      StringRef blobName = "weights";
      if (auto res = llvm::dyn_cast<DenseResourceElementsAttr>(attr))
        blobName = res.getRawHandle().getKey();
      OpBuilder b(operand->getOwner());
      // Tables gather one row per token, so their bytes matter for size, not speed: under
      // int8 they are stored in bf16, which keeps each row's values within 0.2%.
      bool quads = rnnc::quantizesToInt8(precision);
      bool int8 = (rnnc::findWeightPrecision(precision)->modelFlag & RNNC_MODEL_WEIGHTS_INT8) &&
                  !table;
      auto groupOf = [&](int64_t bytes) { return panelGroup(*operand, bytes); };
      auto constant = b.create<arith::ConstantOp>(
          operand->get().getLoc(), int8 ? toInt8(type, *values, blobName, quads, groupOf)
                                        : toBF16(type, *values, blobName, groupOf));
      Value old = operand->get();
      operand->set(constant);
      if (old.use_empty())
        old.getDefiningOp()->erase();
    }
  }
};

} // namespace
