// convert-rnn-to-linalg: rnn.merge, rnn.activate, rnn.embedding and rnn.mask as linalg
// on tensors, which upstream bufferization and loop lowering then handle.
#include "compiler/Conversion/Passes.h"
#include "compiler/Utils/Activation.h"
#include "compiler/Utils/TensorUtils.h"
#include "dialect/RNNOps.h"

#include "mlir/Interfaces/DestinationStyleOpInterface.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace rnnc {
#define GEN_PASS_DEF_CONVERTRNNTOLINALG
#include "compiler/Conversion/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

using BodyFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// An element-wise linalg.generic over `inputs` (all of `type`'s shape).
Value emitElementwise(OpBuilder &b, Location loc, RankedTensorType type, ValueRange inputs,
                      Value shapeSource, BodyFn body) {
  Value init = rnnc::emitEmptyLike(b, loc, type, shapeSource);
  AffineMap id = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<AffineMap> maps(inputs.size() + 1, id);
  SmallVector<utils::IteratorType> iters(type.getRank(), utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(loc, type, inputs, ValueRange{init}, maps, iters,
                                 [&](OpBuilder &nb, Location nl, ValueRange args) {
                                   nb.create<linalg::YieldOp>(nl, body(nb, nl, args));
                                 })
      .getResult(0);
}

/// The earliest value whose dim `d` equals dim `d` of `v`: through destination-style
/// inits, `rnn` ops and tensor.empty sizes, back towards the function's inputs.
std::pair<Value, int64_t> earliestDimSource(Value v, int64_t d) {
  for (int depth = 0; depth < 64; ++depth) {
    auto result = llvm::dyn_cast<OpResult>(v);
    if (!result)
      break;
    Operation *op = result.getOwner();
    if (auto dps = llvm::dyn_cast<DestinationStyleOpInterface>(op)) {
      v = dps.getTiedOpOperand(result)->get();
      continue;
    }
    if (llvm::isa<RNNDialect>(op->getDialect())) {
      auto src = getResultDimSource(result, d);
      if (!src)
        break;
      std::tie(v, d) = *src;
      continue;
    }
    if (auto empty = llvm::dyn_cast<tensor::EmptyOp>(op)) {
      if (auto dim = empty.getDynamicSize(d).getDefiningOp<tensor::DimOp>())
        if (std::optional<int64_t> index = dim.getConstantIndex()) {
          v = dim.getSource();
          d = *index;
          continue;
        }
    }
    break;
  }
  return {v, d};
}

/// A tensor.empty of `type` created as early as its dynamic sizes allow, so that
/// producers of its parts can later be computed straight into it (empty-tensor
/// elimination needs the destination to dominate them).
Value emitEarlyEmpty(PatternRewriter &rewriter, Location loc, RankedTensorType type, Value like,
                     Operation *user) {
  SmallVector<std::pair<Value, int64_t>> sources;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      sources.push_back(earliestDimSource(like, d));
  Block *block = user->getBlock();
  Operation *after = nullptr; // null: the start of the block
  for (auto [src, d] : sources) {
    Operation *def = src.getDefiningOp();
    if (!def && src.getParentBlock() == block)
      continue;
    if (!def || def->getBlock() != block)
      return rnnc::emitEmptyLike(rewriter, loc, type, like);
    if (!after || after->isBeforeInBlock(def))
      after = def;
  }
  OpBuilder::InsertionGuard guard(rewriter);
  if (after)
    rewriter.setInsertionPointAfter(after);
  else
    rewriter.setInsertionPointToStart(block);
  SmallVector<Value> dynamic;
  for (auto [src, d] : sources)
    dynamic.push_back(rewriter.create<tensor::DimOp>(loc, src, d));
  return rewriter.create<tensor::EmptyOp>(loc, type, dynamic);
}

struct MergeLowering : OpRewritePattern<MergeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MergeOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = llvm::cast<RankedTensorType>(op.getType());
    MergeMode mode = op.getMode();
    if (mode == MergeMode::concat) {
      Value init = emitEarlyEmpty(rewriter, loc, type, op.getLhs(), op);
      int64_t rank = type.getRank();
      int64_t lw = llvm::cast<RankedTensorType>(op.getLhs().getType()).getShape().back();
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
      // The lhs goes in right where it is computed, so that whatever computes the rhs
      // comes after it and can be written straight into its half of `init` too.
      Value result = init;
      for (Value part : {op.getLhs(), op.getRhs()}) {
        OpBuilder::InsertionGuard guard(rewriter);
        Operation *def = part.getDefiningOp();
        if (part == op.getLhs() && def && def->getBlock() == op->getBlock() &&
            (!init.getDefiningOp() || init.getDefiningOp()->isBeforeInBlock(def)))
          rewriter.setInsertionPointAfter(def);
        SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, part);
        result = rewriter.create<tensor::InsertSliceOp>(loc, part, result, offsets, sizes, strides);
        offsets.back() = rewriter.getIndexAttr(lw);
      }
      rewriter.replaceOp(op, result);
      return success();
    }
    Value merged = emitElementwise(
        rewriter, loc, type, {op.getLhs(), op.getRhs()}, op.getLhs(),
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          switch (mode) {
          case MergeMode::sum:
            return b.create<arith::AddFOp>(l, a[0], a[1]);
          case MergeMode::mul:
            return b.create<arith::MulFOp>(l, a[0], a[1]);
          default: {
            Value half = b.create<arith::ConstantOp>(l, b.getFloatAttr(a[0].getType(), 0.5));
            return b.create<arith::MulFOp>(l, b.create<arith::AddFOp>(l, a[0], a[1]), half);
          }
          }
        });
    rewriter.replaceOp(op, merged);
    return success();
  }
};

struct ActivateLowering : OpRewritePattern<ActivateOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ActivateOp op, PatternRewriter &rewriter) const override {
    auto type = llvm::cast<RankedTensorType>(op.getType());
    Value result =
        emitElementwise(rewriter, op.getLoc(), type, {op.getInput()}, op.getInput(),
                        [&](OpBuilder &b, Location l, ValueRange a) {
                          return rnnc::emitActivation(b, l, op.getActivation(), FloatAttr(), a[0]);
                        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct EmbeddingLowering : OpRewritePattern<EmbeddingOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(EmbeddingOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = llvm::cast<RankedTensorType>(op.getType());
    int64_t vocab = llvm::cast<RankedTensorType>(op.getTable().getType()).getDimSize(0);
    int64_t rank = type.getRank();
    Value init = rnnc::emitEmptyLike(rewriter, loc, type, op.getIds());
    // ids are read with the feature dim dropped: (d0, ..., dn) -> (d0, ..., dn-1).
    SmallVector<AffineExpr> idExprs;
    for (int64_t i = 0; i + 1 < rank; ++i)
      idExprs.push_back(rewriter.getAffineDimExpr(i));
    AffineMap idsMap = AffineMap::get(rank, 0, idExprs, getContext());
    SmallVector<AffineMap> maps = {idsMap, rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
    Value table = op.getTable();
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, type, ValueRange{op.getIds()}, ValueRange{init}, maps, iters,
        [&](OpBuilder &b, Location l, ValueRange args) {
          // Ids coming from the model's inputs are checked by its run function;
          // computed ones are clamped so no id can read outside the table.
          Value id = b.create<arith::IndexCastOp>(l, b.getIndexType(), args[0]);
          Value zero = b.create<arith::ConstantIndexOp>(l, 0);
          Value maxId = b.create<arith::ConstantIndexOp>(l, vocab - 1);
          id = b.create<arith::MaxSIOp>(l, b.create<arith::MinSIOp>(l, id, maxId), zero);
          Value feature = b.create<linalg::IndexOp>(l, rank - 1);
          Value v = b.create<tensor::ExtractOp>(l, table, ValueRange{id, feature});
          if (v.getType().isBF16())
            v = rnnc::widenBF16(b, l, v);
          b.create<linalg::YieldOp>(l, v);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct MaskLowering : OpRewritePattern<MaskOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MaskOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = llvm::cast<RankedTensorType>(op.getType());
    auto inType = llvm::cast<RankedTensorType>(op.getInput().getType());
    Value pad = rewriter.create<arith::ConstantOp>(loc, op.getPadding());
    auto differs = [&](OpBuilder &b, Location l, Value x) -> Value {
      if (llvm::isa<FloatType>(x.getType()))
        return b.create<arith::CmpFOp>(l, arith::CmpFPredicate::UNE, x, pad);
      return b.create<arith::CmpIOp>(l, arith::CmpIPredicate::ne, x, pad);
    };
    if (inType.getRank() == 2) {
      rewriter.replaceOp(op, emitElementwise(rewriter, loc, type, {op.getInput()}, op.getInput(),
                                             [&](OpBuilder &b, Location l, ValueRange a) {
                                               return differs(b, l, a[0]);
                                             }));
      return success();
    }
    // Features: a step is kept when any feature differs from the padding value.
    Value init = rnnc::emitEmptyLike(rewriter, loc, type, op.getInput());
    Value falseV = rewriter.create<arith::ConstantIntOp>(loc, 0, 1);
    init = rewriter.create<linalg::FillOp>(loc, falseV, init).getResult(0);
    MLIRContext *ctx = getContext();
    AffineMap in = AffineMap::getMultiDimIdentityMap(3, ctx);
    AffineMap out = AffineMap::get(3, 0, {getAffineDimExpr(0, ctx), getAffineDimExpr(1, ctx)}, ctx);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, type, ValueRange{op.getInput()}, ValueRange{init}, ArrayRef<AffineMap>{in, out},
        ArrayRef<utils::IteratorType>{utils::IteratorType::parallel, utils::IteratorType::parallel,
                                      utils::IteratorType::reduction},
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value any = b.create<arith::OrIOp>(l, a[1], differs(b, l, a[0]));
          b.create<linalg::YieldOp>(l, any);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct ConvertRNNToLinalg : rnnc::impl::ConvertRNNToLinalgBase<ConvertRNNToLinalg> {
  void runOnOperation() override {
    ConversionTarget target(getContext());
    target.addIllegalOp<MergeOp, ActivateOp, EmbeddingOp, MaskOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(&getContext());
    patterns.add<MergeLowering, ActivateLowering, EmbeddingLowering, MaskLowering>(&getContext());
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
