// rnn.dense canonicalization: a dense layer absorbs the bias added to its result and the
// activation applied to it, whichever frontend (or hand-written .mlir) produced them.
#include "dialect/RNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Rewrite/PatternApplicator.h"

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// A dense layer's result still free to take a bias and an activation: linear, no bias,
/// and read by `user` alone.
DenseOp bareDense(Value v, Operation *user) {
  auto dense = v.getDefiningOp<DenseOp>();
  if (!dense || dense.getBias() || dense.getActivation().getKind() != ActivationKind::linear ||
      !v.hasOneUse() || *v.getUsers().begin() != user)
    return nullptr;
  return dense;
}

/// Erases the op defining `v` and then its operands' ops while nothing else reads
/// them: the empty init of an add and the index ops sizing it. Element-wise ops and
/// activations stay, as they are what fuseDenseLayers visits from a list made before
/// the first fusion.
void eraseDeadDefs(PatternRewriter &rewriter, Value v) {
  Operation *def = v.getDefiningOp();
  if (!def || llvm::isa<linalg::GenericOp, ActivateOp>(def) || !isOpTriviallyDead(def))
    return;
  SmallVector<Value> operands(def->getOperands());
  rewriter.eraseOp(def);
  for (Value operand : operands)
    eraseDeadDefs(rewriter, operand);
}

/// The float values of a constant tensor, inline or in a resource blob.
std::optional<SmallVector<APFloat>> floatValues(Value v) {
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  if (!cst)
    return std::nullopt;
  if (auto dense = llvm::dyn_cast<DenseFPElementsAttr>(cst.getValue()))
    return SmallVector<APFloat>(dense.getValues<APFloat>());
  if (auto blob = llvm::dyn_cast<DenseF32ResourceElementsAttr>(cst.getValue()))
    if (std::optional<ArrayRef<float>> data = blob.tryGetAsArrayRef())
      return llvm::to_vector(llvm::map_range(*data, [](float f) { return APFloat(f); }));
  if (auto blob = llvm::dyn_cast<DenseF64ResourceElementsAttr>(cst.getValue()))
    if (std::optional<ArrayRef<double>> data = blob.tryGetAsArrayRef())
      return llvm::to_vector(llvm::map_range(*data, [](double d) { return APFloat(d); }));
  return std::nullopt;
}

/// `dense(x) + c` as a linalg.generic, where c is a constant that varies along the last
/// dim at most: the constant becomes the layer's bias.
struct FuseDenseBias : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp op, PatternRewriter &rewriter) const override {
    if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 || op->getNumResults() != 1 ||
        op.getNumParallelLoops() != op.getNumLoops())
      return failure();
    Block &body = op.getRegion().front();
    auto add = llvm::dyn_cast<arith::AddFOp>(body.front());
    auto yield = llvm::dyn_cast<linalg::YieldOp>(body.getTerminator());
    if (!add || &body.front() != yield->getPrevNode() || yield.getNumOperands() != 1 ||
        yield.getOperand(0) != add.getResult())
      return failure();
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    auto resultType = llvm::dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!resultType || !maps[2].isIdentity())
      return failure();
    for (unsigned xi : {0u, 1u}) {
      DenseOp dense = bareDense(op.getDpsInputOperand(xi)->get(), op);
      Value c = op.getDpsInputOperand(1 - xi)->get();
      // The add's operands in the block are the generic's inputs in order.
      if (!dense || add.getLhs() == add.getRhs() || dense.getType() != resultType ||
          !maps[xi].isIdentity() || !llvm::isa<BlockArgument>(add.getLhs()) ||
          !llvm::isa<BlockArgument>(add.getRhs()))
        continue;
      FailureOr<Value> bias = biasOf(rewriter, c, maps[1 - xi], resultType);
      if (failed(bias))
        continue;
      rewriter.setInsertionPoint(op);
      auto fused = rewriter.create<DenseOp>(dense.getLoc(), dense.getType(), dense.getInput(),
                                            dense.getKernel(), *bias, dense.getActivationAttr());
      Value init = op.getDpsInitOperand(0)->get();
      rewriter.replaceOp(op, fused.getResult());
      rewriter.eraseOp(dense);
      for (Value dead : {init, c})
        eraseDeadDefs(rewriter, dead);
      return success();
    }
    return failure();
  }

  /// The bias vector (units) that `c`, read through `map`, adds at each output
  /// position; failure when it varies along any dim but the last.
  static FailureOr<Value> biasOf(PatternRewriter &rewriter, Value c, AffineMap map,
                                 RankedTensorType resultType) {
    auto type = llvm::dyn_cast<RankedTensorType>(c.getType());
    if (!type || !type.hasStaticShape() || type.getElementType() != resultType.getElementType())
      return failure();
    int64_t last = resultType.getRank() - 1, units = resultType.getDimSize(last);
    // The constant's dim that follows the output's last dim, if any; every other dim
    // must have size 1.
    std::optional<int64_t> along;
    for (auto [k, expr] : llvm::enumerate(map.getResults())) {
      auto dim = llvm::dyn_cast<AffineDimExpr>(expr);
      if (dim && dim.getPosition() == last && type.getDimSize(k) == units && units != 1) {
        if (along)
          return failure();
        along = k;
      } else if (type.getDimSize(k) != 1 || !(llvm::isa<AffineConstantExpr>(expr) || dim)) {
        return failure();
      }
    }
    if (!c.getDefiningOp<arith::ConstantOp>())
      return failure();
    // Already a (units) vector read along the last dim: the bias as it is.
    if (along && type.getRank() == 1)
      return c;
    std::optional<SmallVector<APFloat>> values = floatValues(c);
    if (!values || values->empty())
      return failure();
    SmallVector<APFloat> bias;
    for (int64_t u = 0; u < units; ++u)
      bias.push_back((*values)[values->size() == 1 || !along ? 0 : u]);
    auto biasType = RankedTensorType::get({units}, resultType.getElementType());
    return rewriter.create<arith::ConstantOp>(c.getLoc(), DenseFPElementsAttr::get(biasType, bias))
        .getResult();
  }
};

/// `activate(dense(x))`: the layer applies the activation itself, after its bias.
struct FuseDenseActivation : OpRewritePattern<ActivateOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ActivateOp op, PatternRewriter &rewriter) const override {
    auto dense = op.getInput().getDefiningOp<DenseOp>();
    if (!dense || dense.getActivation().getKind() != ActivationKind::linear ||
        !dense.getResult().hasOneUse())
      return failure();
    rewriter.modifyOpInPlace(dense, [&] { dense.setActivationAttr(op.getActivation()); });
    rewriter.replaceOp(op, dense.getResult());
    return success();
  }
};

} // namespace

void DenseOp::getCanonicalizationPatterns(RewritePatternSet &results, MLIRContext *ctx) {
  results.add<FuseDenseBias, FuseDenseActivation>(ctx);
}

namespace mlir::rnn {

void fuseDenseLayers(Operation *root) {
  // One pass in program order applies each fusion where it fits, without the folding
  // and constant hoisting of a greedy rewrite, so the rest of the IR stays as written.
  RewritePatternSet set(root->getContext());
  DenseOp::getCanonicalizationPatterns(set, root->getContext());
  FrozenRewritePatternSet patterns(std::move(set));
  SmallVector<Operation *> candidates;
  root->walk([&](Operation *op) {
    if (llvm::isa<linalg::GenericOp, ActivateOp>(op))
      candidates.push_back(op);
  });
  PatternApplicator applicator(patterns);
  applicator.applyDefaultCostModel();
  PatternRewriter rewriter(root->getContext());
  for (Operation *op : candidates) {
    rewriter.setInsertionPoint(op);
    (void)applicator.matchAndRewrite(op, rewriter);
  }
}

} // namespace mlir::rnn
