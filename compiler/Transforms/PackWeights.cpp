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
  SmallVector<APFloat> floats;
  for (double v : values) {
    APFloat f(v);
    bool lost;
    f.convert(llvm::cast<FloatType>(elt).getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    floats.push_back(f);
  }
  return DenseElementsAttr::get(type, floats);
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

struct PackWeights : rnnc::impl::PackWeightsBase<PackWeights> {
  using PackWeightsBase::PackWeightsBase;

  void runOnOperation() override {
    if (vectorWidth < 1 || !llvm::isPowerOf2_64(vectorWidth)) {
      getOperation()->emitError("vector-width must be a power of two, got ")
          << static_cast<int64_t>(vectorWidth);
      return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    patterns.add<DenseToMatmul, PackRecurrentKernel>(&getContext(), vectorWidth);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
