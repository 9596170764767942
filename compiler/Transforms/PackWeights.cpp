// rnn-pack-weights: weights in the (blocks, K, VW) column-panel layout the kernels read.
// Constants are packed here, at compile time; run-time weights by tensor ops per call.
#include "compiler/Transforms/Passes.h"
#include "compiler/Utils/TensorUtils.h"

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/MathExtras.h"

#include <cstring>

namespace rnnc {
#define GEN_PASS_DEF_PACKWEIGHTS
#include "compiler/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// Constants with more elements than this are stored as resource blobs so printed IR
/// stays readable.
constexpr int64_t kInlineElements = 256;

int64_t pickVectorWidth(int64_t n, int64_t maxWidth) {
  return std::min<int64_t>(maxWidth, llvm::PowerOf2Ceil(std::max<int64_t>(n, 1)));
}

bool isSplat(ElementsAttr attr) {
  auto dense = llvm::dyn_cast<DenseElementsAttr>(attr);
  return dense && dense.isSplat();
}

ElementsAttr makeConstant(RankedTensorType type, ArrayRef<double> values, StringRef blobName) {
  Type elt = type.getElementType();
  if (type.getNumElements() > kInlineElements) {
    if (elt.isF32()) {
      SmallVector<float> data(values.begin(), values.end());
      return DenseResourceElementsAttr::get(
          type, blobName, HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<float>(data)));
    }
    if (elt.isF64())
      return DenseResourceElementsAttr::get(type, blobName,
                                            HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
  }
  return rnnc::denseFloats(type, values);
}

/// Packs `weights` (K, N) as (ceil(N / vw), K, vw), zero past N.
Value packWeights(PatternRewriter &rewriter, Location loc, Value weights, int64_t vw,
                  StringRef blobName) {
  auto type = llvm::cast<RankedTensorType>(weights.getType());
  int64_t k = type.getDimSize(0), n = type.getDimSize(1);
  int64_t blocks = llvm::divideCeil(n, vw);
  auto packedType = RankedTensorType::get({blocks, k, vw}, type.getElementType());

  ElementsAttr attr;
  if (matchPattern(weights, m_Constant(&attr)) && packedType.getNumElements() > kInlineElements)
    if (std::optional<rnnc::FloatBytes> data = rnnc::floatBytes(attr)) {
      // Large weights: rows of vw values copied as bytes, straight into the blob.
      int64_t w = data->width;
      AsmResourceBlob blob = HeapAsmResourceBlob::allocate(packedType.getNumElements() * w, w);
      MutableArrayRef<char> out = blob.getMutableData();
      std::fill(out.begin(), out.end(), 0);
      const char *in = data->bytes.data();
      for (int64_t block = 0; block < blocks; ++block) {
        int64_t cols = std::min(vw, n - block * vw);
        for (int64_t row = 0; row < k; ++row)
          std::memcpy(&out[((block * k + row) * vw) * w], in + (row * n + block * vw) * w,
                      cols * w);
      }
      return rewriter.create<arith::ConstantOp>(
          loc, DenseResourceElementsAttr::get(packedType, blobName, std::move(blob)));
    }
  if (matchPattern(weights, m_Constant(&attr)))
    if (std::optional<SmallVector<double>> values = rnnc::readFloatConstant(attr)) {
      SmallVector<double> packed(blocks * k * vw, 0.0);
      for (int64_t row = 0; row < k; ++row)
        for (int64_t col = 0; col < n; ++col)
          packed[((col / vw) * k + row) * vw + col % vw] = (*values)[row * n + col];
      return rewriter.create<arith::ConstantOp>(loc, makeConstant(packedType, packed, blobName));
    }

  // Run-time weights: pad the columns to a whole number of panels, split them, and move
  // the panel index outermost.
  Value padded = weights;
  if (blocks * vw != n) {
    Value zero =
        rewriter.create<arith::ConstantOp>(loc, rewriter.getFloatAttr(type.getElementType(), 0.0));
    auto paddedType = RankedTensorType::get({k, blocks * vw}, type.getElementType());
    SmallVector<OpFoldResult> low = {rewriter.getIndexAttr(0), rewriter.getIndexAttr(0)};
    SmallVector<OpFoldResult> high = {rewriter.getIndexAttr(0),
                                      rewriter.getIndexAttr(blocks * vw - n)};
    padded = rewriter.create<tensor::PadOp>(loc, paddedType, weights, low, high, zero);
  }
  auto splitType = RankedTensorType::get({k, blocks, vw}, type.getElementType());
  Value split = rewriter.create<tensor::ExpandShapeOp>(
      loc, splitType, padded, SmallVector<ReassociationIndices>{{0}, {1, 2}});
  Value init = rewriter.create<tensor::EmptyOp>(loc, packedType.getShape(), type.getElementType());
  return rewriter.create<linalg::TransposeOp>(loc, split, init, ArrayRef<int64_t>{1, 0, 2})
      .getResult()[0];
}

struct DenseToMatmul : OpRewritePattern<DenseOp> {
  DenseToMatmul(MLIRContext *ctx, int64_t maxWidth) : OpRewritePattern(ctx), maxWidth(maxWidth) {}

  LogicalResult matchAndRewrite(DenseOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resType = llvm::cast<RankedTensorType>(op.getType());
    int64_t n = resType.getShape().back();
    // A single vector is one row: (k) -> (1, k) and back.
    Value input = op.getInput();
    auto inType = llvm::cast<RankedTensorType>(input.getType());
    bool vector = inType.getRank() == 1;
    RankedTensorType outType = resType;
    if (vector) {
      auto rowType = RankedTensorType::get({1, inType.getDimSize(0)}, inType.getElementType());
      input = rewriter.create<tensor::ExpandShapeOp>(loc, rowType, input,
                                                     SmallVector<ReassociationIndices>{{0, 1}});
      outType = RankedTensorType::get({1, n}, resType.getElementType());
    }
    Value init = rnnc::emitEmptyLike(rewriter, loc, outType, input);
    Value packed =
        packWeights(rewriter, loc, op.getKernel(), pickVectorWidth(n, maxWidth), "dense_kernel");
    Value result =
        rewriter
            .create<MatmulOp>(loc, outType, input, packed, op.getBias(), init, op.getActivation())
            .getResult();
    if (vector)
      result = rewriter.create<tensor::CollapseShapeOp>(loc, resType, result,
                                                        SmallVector<ReassociationIndices>{{0, 1}});
    rewriter.replaceOp(op, result);
    return success();
  }
  int64_t maxWidth;
};

struct PackRecurrentKernel : OpRewritePattern<RecurrenceOp> {
  PackRecurrentKernel(MLIRContext *ctx, int64_t maxWidth)
      : OpRewritePattern(ctx), maxWidth(maxWidth) {}

  LogicalResult matchAndRewrite(RecurrenceOp op, PatternRewriter &rewriter) const override {
    auto type = llvm::dyn_cast<RankedTensorType>(op.getRecurrentKernel().getType());
    if (!type || type.getRank() != 2)
      return rewriter.notifyMatchFailure(op, "already packed");
    int64_t units = type.getDimSize(0);
    Value packed = packWeights(rewriter, op.getLoc(), op.getRecurrentKernel(),
                               pickVectorWidth(units, maxWidth), "recurrent_kernel");
    rewriter.modifyOpInPlace(op, [&] { op.getRecurrentKernelMutable().assign(packed); });
    return success();
  }
  int64_t maxWidth;
};

/// Packs a gated cell's recurrent weights (K, G * K): gate groups one after the other, and
/// within a group, the panels of one unit block for each of the group's gates side by side
/// (panel u * g + j holds columns [u * vw, (u + 1) * vw) of the group's gate j), zero past
/// K. The step kernel then finds every gate of a unit block in one panel group.
Value packGateWeights(PatternRewriter &rewriter, Location loc, Value weights, int64_t vw,
                      ArrayRef<int64_t> groupSizes) {
  auto type = llvm::cast<RankedTensorType>(weights.getType());
  Type elt = type.getElementType();
  int64_t k = type.getDimSize(0), units = k;
  int64_t blocks = llvm::divideCeil(units, vw), gates = type.getDimSize(1) / units;
  auto packedType = RankedTensorType::get({gates * blocks, k, vw}, elt);

  // Source column of lane v of packed panel q, or -1 for padding.
  SmallVector<int64_t> panelGate, panelBlock;
  for (int64_t first = 0; int64_t size : groupSizes) {
    for (int64_t u = 0; u < blocks; ++u)
      for (int64_t j = 0; j < size; ++j) {
        panelGate.push_back(first + j);
        panelBlock.push_back(u);
      }
    first += size;
  }
  auto sourceColumn = [&](int64_t q, int64_t v) -> int64_t {
    int64_t unit = panelBlock[q] * vw + v;
    return unit < units ? panelGate[q] * units + unit : -1;
  };

  ElementsAttr attr;
  bool constant = matchPattern(weights, m_Constant(&attr));
  // Small constants, and splats (which have no bytes to copy), value by value.
  if (constant && (packedType.getNumElements() <= kInlineElements || isSplat(attr)))
    if (std::optional<SmallVector<double>> values = rnnc::readFloatConstant(attr)) {
      SmallVector<double> packed(packedType.getNumElements(), 0.0);
      int64_t n = type.getDimSize(1);
      for (int64_t q = 0; q < gates * blocks; ++q)
        for (int64_t row = 0; row < k; ++row)
          for (int64_t v = 0; v < vw; ++v)
            if (int64_t col = sourceColumn(q, v); col >= 0)
              packed[(q * k + row) * vw + v] = (*values)[row * n + col];
      return rewriter.create<arith::ConstantOp>(
          loc, makeConstant(packedType, packed, "recurrent_kernel"));
    }
  if (constant)
    if (std::optional<rnnc::FloatBytes> data = rnnc::floatBytes(attr)) {
      int64_t w = data->width, n = type.getDimSize(1);
      AsmResourceBlob blob = HeapAsmResourceBlob::allocate(packedType.getNumElements() * w, w);
      MutableArrayRef<char> out = blob.getMutableData();
      std::fill(out.begin(), out.end(), 0);
      const char *in = data->bytes.data();
      for (int64_t q = 0; q < gates * blocks; ++q) {
        int64_t col = sourceColumn(q, 0);
        int64_t cols = std::min(vw, units - panelBlock[q] * vw);
        for (int64_t row = 0; row < k; ++row)
          std::memcpy(&out[((q * k + row) * vw) * w], in + (row * n + col) * w, cols * w);
      }
      return rewriter.create<arith::ConstantOp>(
          loc, DenseResourceElementsAttr::get(packedType, "recurrent_kernel", std::move(blob)));
    }

  // Run-time weights: per group, (K, g * K) -> pad each gate to blocks * vw columns ->
  // (K, g, blocks, vw) -> (blocks, g, K, vw) -> (blocks * g, K, vw); groups concatenated.
  SmallVector<Value> parts;
  for (int64_t first = 0; int64_t size : groupSizes) {
    Value part = rewriter.create<tensor::ExtractSliceOp>(
        loc, weights,
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0), rewriter.getIndexAttr(first * units)},
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(k), rewriter.getIndexAttr(size * units)},
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1), rewriter.getIndexAttr(1)});
    first += size;
    Value gatesSplit = rewriter.create<tensor::ExpandShapeOp>(
        loc, RankedTensorType::get({k, size, units}, elt), part,
        SmallVector<ReassociationIndices>{{0}, {1, 2}});
    if (blocks * vw != units) {
      Value zero = rewriter.create<arith::ConstantOp>(loc, rewriter.getFloatAttr(elt, 0.0));
      SmallVector<OpFoldResult> low(3, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> high = {rewriter.getIndexAttr(0), rewriter.getIndexAttr(0),
                                        rewriter.getIndexAttr(blocks * vw - units)};
      gatesSplit = rewriter.create<tensor::PadOp>(
          loc, RankedTensorType::get({k, size, blocks * vw}, elt), gatesSplit, low, high, zero);
    }
    Value split = rewriter.create<tensor::ExpandShapeOp>(
        loc, RankedTensorType::get({k, size, blocks, vw}, elt), gatesSplit,
        SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
    Value init = rewriter.create<tensor::EmptyOp>(loc, ArrayRef<int64_t>{blocks, size, k, vw}, elt);
    Value moved =
        rewriter.create<linalg::TransposeOp>(loc, split, init, ArrayRef<int64_t>{2, 1, 0, 3})
            .getResult()[0];
    parts.push_back(rewriter.create<tensor::CollapseShapeOp>(
        loc, RankedTensorType::get({blocks * size, k, vw}, elt), moved,
        SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}}));
  }
  return parts.size() == 1 ? parts.front()
                           : rewriter.create<tensor::ConcatOp>(loc, 0, parts).getResult();
}

struct PackGatedKernel : OpRewritePattern<GatedRecurrenceOp> {
  PackGatedKernel(MLIRContext *ctx, int64_t maxWidth) : OpRewritePattern(ctx), maxWidth(maxWidth) {}

  LogicalResult matchAndRewrite(GatedRecurrenceOp op, PatternRewriter &rewriter) const override {
    auto type = llvm::dyn_cast<RankedTensorType>(op.getRecurrentKernel().getType());
    if (!type || type.getRank() != 2)
      return rewriter.notifyMatchFailure(op, "already packed");
    int64_t units = type.getDimSize(0);
    // A GRU without reset_after needs r before its h product: z and r first, h apart.
    SmallVector<int64_t> groups = {op.getNumGates()};
    if (op.getCell() == CellKind::gru && !op.getResetAfter())
      groups = {2, 1};
    Value packed = packGateWeights(rewriter, op.getLoc(), op.getRecurrentKernel(),
                                   pickVectorWidth(units, maxWidth), groups);
    rewriter.modifyOpInPlace(op, [&] { op.getRecurrentKernelMutable().assign(packed); });
    return success();
  }
  int64_t maxWidth;
};

struct PackWeights : rnnc::impl::PackWeightsBase<PackWeights> {
  using PackWeightsBase::PackWeightsBase;

  void runOnOperation() override {
    if (vectorWidth < 1 || !llvm::isPowerOf2_64(vectorWidth)) {
      getOperation()->emitError("vector-width must be a power of two, got ")
          << static_cast<int64_t>(vectorWidth);
      return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    patterns.add<DenseToMatmul, PackRecurrentKernel, PackGatedKernel>(&getContext(), vectorWidth);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
