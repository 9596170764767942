// rnn-outline-requirements: a model's rnn.require conditions become one function of its
// dims, which the entry point calls before any work (a bad run is a status, not a read
// outside a tensor).
#include "compiler/Codegen/Passes.h"
#include "compiler/Utils/ModelABI.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace rnnc {
#define GEN_PASS_DEF_OUTLINEREQUIREMENTS
#include "compiler/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

struct OutlineRequirements : rnnc::impl::OutlineRequirementsBase<OutlineRequirements> {
  void runOnOperation() override {
    SmallVector<func::FuncOp> functions(getOperation().getOps<func::FuncOp>());
    for (func::FuncOp fn : functions)
      if (!fn.isExternal() && failed(outline(fn)))
        return signalPassFailure();
  }

private:
  LogicalResult outline(func::FuncOp fn) {
    SmallVector<rnn::RequireOp>
      requires;
    fn.walk([&](rnn::RequireOp op) {
      requires
          .push_back(op);
    });
    if (requires.empty())
      return success();

    // The entry point's dims: each dynamic dim of each argument, in order.
    Block &body = fn.getBody().front();
    DenseMap<std::pair<unsigned, int64_t>, unsigned> dimParam;
    unsigned numDims = 0;
    for (BlockArgument arg : body.getArguments()) {
      auto type = llvm::dyn_cast<RankedTensorType>(arg.getType());
      if (!type)
        return fn.emitOpError("has run-time requirements but argument #")
               << arg.getArgNumber() << " is not a ranked tensor";
      for (int64_t d = 0; d < type.getRank(); ++d)
        if (type.isDynamicDim(d))
          dimParam[{arg.getArgNumber(), d}] = numDims++;
    }

    // What each condition is computed from: argument dims, constants and arithmetic. A
    // dim of an intermediate tensor is first resolved to the sizes it was made with.
    SetVector<Operation *> slice;
    BackwardSliceOptions options;
    options.omitBlockArguments = true;
    auto computeSlice = [&] {
      slice.clear();
      for (rnn::RequireOp op : requires)
        if (Operation *def = op.getCondition().getDefiningOp()) {
          getBackwardSlice(def, &slice, options);
          slice.insert(def);
        }
    };
    for (rnn::RequireOp op : requires)
      if (op->getParentOp() != fn)
        return op.emitOpError("must be at the top level of the function");
    computeSlice();
    SmallVector<Operation *> dims;
    for (Operation *op : slice)
      if (llvm::isa<tensor::DimOp>(op))
        dims.push_back(op);
    if (!dims.empty()) {
      RewritePatternSet patterns(fn.getContext());
      memref::populateResolveRankedShapedTypeResultDimsPatterns(patterns);
      memref::populateResolveShapedTypeResultDimsPatterns(patterns);
      GreedyRewriteConfig config;
      config.strictMode = GreedyRewriteStrictness::ExistingAndNewOps;
      (void)applyOpPatternsAndFold(dims, std::move(patterns), config);
      computeSlice();
    }
    for (Operation *op : slice)
      if (auto dim = llvm::dyn_cast<tensor::DimOp>(op)) {
        auto arg = llvm::dyn_cast<BlockArgument>(dim.getSource());
        if (!arg || arg.getOwner() != &body || !dim.getConstantIndex())
          return dim.emitOpError("is a dim a run-time requirement reads; requirements "
                                 "must be computed from the dims of the function's "
                                 "arguments");
      }
    for (Operation *op : slice) {
      if (llvm::isa<tensor::DimOp>(op))
        continue;
      if (!isPure(op) || op->getNumRegions() != 0 ||
          !llvm::isa<arith::ArithDialect>(op->getDialect()))
        return op->emitOpError("computes a run-time requirement; requirements must be "
                               "computed from the dims of the function's arguments with "
                               "arith ops");
    }

    // @f_check(i64 dims...) -> i32.
    MLIRContext *ctx = fn.getContext();
    Location loc = fn.getLoc();
    Type i64 = IntegerType::get(ctx, 64);
    auto module = fn->getParentOfType<ModuleOp>();
    OpBuilder mb = OpBuilder::atBlockEnd(module.getBody());
    auto check = mb.create<func::FuncOp>(
        loc, (fn.getSymName() + "_check").str(),
        FunctionType::get(ctx, SmallVector<Type>(numDims, i64), {IntegerType::get(ctx, 32)}));
    check.setPrivate();
    OpBuilder b = OpBuilder::atBlockBegin(check.addEntryBlock());
    IRMapping map;
    SmallVector<Operation *> ordered(slice.begin(), slice.end());
    llvm::sort(ordered, [](Operation *x, Operation *y) { return x->isBeforeInBlock(y); });
    for (Operation *op : ordered) {
      auto dim = llvm::dyn_cast<tensor::DimOp>(op);
      if (!dim) {
        b.clone(*op, map);
        continue;
      }
      auto arg = llvm::cast<BlockArgument>(dim.getSource());
      int64_t d = *dim.getConstantIndex();
      auto type = llvm::cast<RankedTensorType>(arg.getType());
      Value size;
      if (d < 0 || d >= type.getRank())
        return dim.emitOpError("reads dim ") << d << " of a rank-" << type.getRank() << " argument";
      if (type.isDynamicDim(d))
        size = b.create<arith::IndexCastOp>(
            dim.getLoc(), b.getIndexType(),
            check.getArgument(dimParam.lookup({arg.getArgNumber(), d})));
      else
        size = b.create<arith::ConstantIndexOp>(dim.getLoc(), type.getDimSize(d));
      map.map(dim.getResult(), size);
    }
    Value ok = b.create<arith::ConstantIntOp>(loc, 1, 1);
    for (rnn::RequireOp op : requires)
      ok = b.create<arith::AndIOp>(op.getLoc(), ok, map.lookupOrDefault(op.getCondition()));
    Value status =
        b.create<arith::SelectOp>(loc, ok, b.create<arith::ConstantIntOp>(loc, RNNC_OK, 32),
                                  b.create<arith::ConstantIntOp>(loc, RNNC_ERR_BAD_DIM, 32));
    b.create<func::ReturnOp>(loc, status);

    SmallVector<std::string> messages;
    for (rnn::RequireOp op : requires) {
      messages.push_back(op.getMessage().str());
      op.erase();
    }

    // Static dims that can never meet the requirements: no run could succeed.
    RewritePatternSet patterns(ctx);
    for (Dialect *dialect : ctx->getLoadedDialects())
      dialect->getCanonicalizationPatterns(patterns);
    for (RegisteredOperationName name : ctx->getRegisteredOperations())
      name.getCanonicalizationPatterns(patterns, ctx);
    (void)applyPatternsAndFoldGreedily(check, std::move(patterns));
    auto ret = llvm::cast<func::ReturnOp>(check.getBody().front().getTerminator());
    APInt folded;
    if (matchPattern(ret.getOperand(0), m_ConstantInt(&folded)) && !folded.isZero()) {
      InFlightDiagnostic diag = fn.emitError("no run of this model can succeed: its "
                                             "static dims never allow what it takes:");
      for (auto [i, message] : llvm::enumerate(messages))
        diag << (i ? "; " : " ") << message;
      return failure();
    }
    return success();
  }
};

} // namespace
