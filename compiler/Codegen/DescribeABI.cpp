// rnn-describe-abi: records on the model function what its C signature is made of (element
// types, shapes, which input dim each dynamic dim is, embedding id limits, state slots,
// the requirements on dims), for the entry points, the header and the descriptor.
#include "compiler/Codegen/Passes.h"
#include "compiler/Target/ModelInterface.h"
#include "compiler/Transforms/ModelFunction.h"
#include "dialect/RNNOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/Support/FormatVariadic.h"

namespace rnnc {
#define GEN_PASS_DEF_DESCRIBEABI
#include "compiler/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace rnnc;

namespace {

using DimSource = std::pair<unsigned, int64_t>; // (argument, dim)

/// Constants (weights) are materialised, and packed, in the compiler's memory; the ONNX
/// importer's limit on initializers holds for every constant.
constexpr int64_t kMaxConstantElements = int64_t(1) << 31;

/// Why the static dims of `t` are too large to compile, or "" when they are not (or `t`
/// is no shaped type). Zero dims count as 1, as in the entry points' checks.
std::string staticSizeProblem(Type t) {
  auto shaped = llvm::dyn_cast<ShapedType>(t);
  if (!shaped || !shaped.hasRank())
    return "";
  Type elem = shaped.getElementType();
  int64_t bytes =
      elem.isIntOrFloat() ? std::max<int64_t>(1, (elem.getIntOrFloatBitWidth() + 7) / 8) : 8;
  for (auto [d, size] : llvm::enumerate(shaped.getShape())) {
    if (ShapedType::isDynamic(size))
      continue;
    if (size > kMaxDim)
      return llvm::formatv("dim {0} is {1}; dims may be at most 2^{2}", d, size, kMaxDimBits).str();
    if (size > 1 && bytes > kMaxBytes / size)
      return llvm::formatv("its size passes 2^{0} bytes", kMaxBytesBits).str();
    bytes *= std::max<int64_t>(size, 1);
  }
  return "";
}

/// Reports the first argument or op result of `fn` whose static shape is too large.
LogicalResult checkStaticSizes(func::FuncOp fn) {
  for (auto [i, t] : llvm::enumerate(fn.getArgumentTypes())) {
    std::string why = staticSizeProblem(t);
    if (!why.empty())
      // At the function's location, without the whole function printed after it.
      return emitError(fn.getLoc())
             << "input " << i << " has type " << t << ", which is too large to compile: " << why;
  }
  WalkResult walk = fn.walk([&](Operation *op) {
    for (OpResult r : op->getResults()) {
      std::string why = staticSizeProblem(r.getType());
      auto shaped = llvm::dyn_cast<ShapedType>(r.getType());
      if (why.empty() && op->hasTrait<OpTrait::ConstantLike>() && shaped &&
          shaped.hasStaticShape() && shaped.getNumElements() > kMaxConstantElements)
        why = llvm::formatv("a constant of {0} elements; weights may have at most 2^31",
                            shaped.getNumElements())
                  .str();
      if (!why.empty()) {
        op->emitOpError() << "result " << r.getResultNumber() << " has type " << r.getType()
                          << ", which is too large to compile: " << why;
        return WalkResult::interrupt();
      }
    }
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

/// Follows a dynamic dim of `v` back to the function argument dim it equals.
std::optional<DimSource> traceDim(Value v, int64_t dim, int depth = 0) {
  if (depth > 256)
    return std::nullopt;
  if (auto arg = llvm::dyn_cast<BlockArgument>(v)) {
    if (llvm::isa<func::FuncOp>(arg.getOwner()->getParentOp()))
      return DimSource{arg.getArgNumber(), dim};
    return std::nullopt;
  }
  Operation *op = v.getDefiningOp();
  auto next = [&](Value src, int64_t d) { return traceDim(src, d, depth + 1); };
  if (llvm::isa<rnn::RNNDialect>(op->getDialect())) {
    if (auto src = rnn::getResultDimSource(llvm::cast<OpResult>(v), dim))
      return next(src->first, src->second);
    return std::nullopt;
  }
  if (auto cast = llvm::dyn_cast<tensor::CastOp>(op))
    return next(cast.getSource(), dim);
  // Reshapes keep a dim that is alone in its reassociation group (Flatten's batch).
  if (auto collapse = llvm::dyn_cast<tensor::CollapseShapeOp>(op)) {
    ReassociationIndices group = collapse.getReassociationIndices()[dim];
    return group.size() == 1 ? next(collapse.getSrc(), group[0]) : std::nullopt;
  }
  if (auto expand = llvm::dyn_cast<tensor::ExpandShapeOp>(op)) {
    for (auto [source, group] : llvm::enumerate(expand.getReassociationIndices()))
      if (llvm::is_contained(group, dim))
        return group.size() == 1 ? next(expand.getSrc(), source) : std::nullopt;
    return std::nullopt;
  }
  if (auto empty = llvm::dyn_cast<tensor::EmptyOp>(op)) {
    Value size = empty.getDynamicSize(dim);
    if (auto dimOp = size.getDefiningOp<tensor::DimOp>())
      if (std::optional<int64_t> d = dimOp.getConstantIndex())
        return next(dimOp.getSource(), *d);
    return std::nullopt;
  }
  if (auto dps = llvm::dyn_cast<DestinationStyleOpInterface>(op))
    return next(dps.getTiedOpOperand(llvm::cast<OpResult>(v))->get(), dim);
  if (op->hasTrait<OpTrait::Elementwise>() || op->hasTrait<OpTrait::SameOperandsAndResultShape>())
    return next(op->getOperand(0), dim);
  // Other upstream ops (reshapes, slices) say how to compute their result dims; when a
  // dim is a tensor.dim of an operand, follow it. The ops built to ask are erased.
  if (auto reify = llvm::dyn_cast<ReifyRankedShapedTypeOpInterface>(op)) {
    OpBuilder b(op);
    struct Created : OpBuilder::Listener {
      SmallVector<Operation *> ops;
      void notifyOperationInserted(Operation *op, OpBuilder::InsertPoint) override {
        ops.push_back(op);
      }
    } created;
    b.setListener(&created);
    ReifiedRankedShapedTypeDims dims;
    std::optional<DimSource> found;
    if (succeeded(reify.reifyResultShapes(b, dims))) {
      OpFoldResult size = dims[llvm::cast<OpResult>(v).getResultNumber()][dim];
      if (auto sizeValue = llvm::dyn_cast<Value>(size))
        if (auto dimOp = sizeValue.getDefiningOp<tensor::DimOp>())
          if (std::optional<int64_t> d = dimOp.getConstantIndex())
            found = next(dimOp.getSource(), *d);
    }
    for (Operation *c : llvm::reverse(created.ops))
      c->erase();
    return found;
  }
  return std::nullopt;
}

TensorInterface describeTensor(Type type, std::string name) {
  auto t = llvm::cast<RankedTensorType>(type);
  TensorInterface ti;
  ti.name = std::move(name);
  ti.dtype = *dtypeOf(t.getElementType());
  for (int64_t d : t.getShape())
    ti.shape.push_back(ShapedType::isDynamic(d) ? -1 : d);
  ti.dimParam.assign(t.getRank(), -1);
  return ti;
}

int64_t stateIndexOf(func::FuncOp fn, bool input, unsigned i) {
  DictionaryAttr attrs = input ? fn.getArgAttrDict(i) : fn.getResultAttrDict(i);
  if (attrs)
    if (auto index = attrs.getAs<IntegerAttr>("rnn.state"))
      return index.getInt();
  return -1;
}

std::string nameOf(func::FuncOp fn, bool input, unsigned i) {
  DictionaryAttr attrs = input ? fn.getArgAttrDict(i) : fn.getResultAttrDict(i);
  if (attrs)
    if (auto name = attrs.getAs<StringAttr>("rnn.name"))
      return name.str();
  return (input ? "input" : "output") + std::to_string(i);
}

/// Describes `fn` (on tensors). Fails with a located error for element types the ABI
/// has no name for or output dims that cannot be told from the inputs.
FailureOr<ModelInterface> describeModel(func::FuncOp fn, StringRef name) {
  ModelInterface model;
  model.name = name.str();
  FunctionType type = fn.getFunctionType();
  for (auto [isInput, types] :
       {std::pair<bool, TypeRange>{true, type.getInputs()}, {false, type.getResults()}})
    for (auto [i, t] : llvm::enumerate(types)) {
      auto tensor = llvm::dyn_cast<RankedTensorType>(t);
      if (!tensor || !dtypeOf(tensor.getElementType()))
        return emitError(fn.getLoc()) << (isInput ? "input " : "output ") << i << " has type " << t
                                      << "; compiled models take and return ranked "
                                         "tensors of f32, f64, i32 or i64";
    }
  if (type.getNumResults() == 0)
    return emitError(fn.getLoc()) << "the model function '" << fn.getSymName()
                                  << "' returns nothing; a model returns at least one tensor";
  if (failed(checkStaticSizes(fn)))
    return failure();
  fn.walk([&](rnn::RequireOp op) { model.requirements.push_back(op.getMessage().str()); });
  for (auto [i, t] : llvm::enumerate(type.getInputs())) {
    TensorInterface ti = describeTensor(t, nameOf(fn, true, i));
    ti.stateIndex = stateIndexOf(fn, true, i);
    for (OpOperand &use : fn.getArgument(i).getUses())
      if (auto emb = llvm::dyn_cast<rnn::EmbeddingOp>(use.getOwner()))
        if (&use == &emb.getIdsMutable()) {
          int64_t vocab = llvm::cast<RankedTensorType>(emb.getTable().getType()).getDimSize(0);
          ti.idLimit = ti.idLimit < 0 ? vocab : std::min(ti.idLimit, vocab);
        }
    for (auto [d, size] : llvm::enumerate(ti.shape))
      if (size < 0) {
        ti.dimParam[d] = model.numDims++;
        model.dimSources.push_back({int32_t(i), int32_t(d)});
      }
    model.inputs.push_back(std::move(ti));
  }
  auto ret = llvm::cast<func::ReturnOp>(fn.getBody().front().getTerminator());
  for (auto [i, t] : llvm::enumerate(type.getResults())) {
    TensorInterface ti = describeTensor(t, nameOf(fn, false, i));
    ti.stateIndex = stateIndexOf(fn, false, i);
    for (auto [d, size] : llvm::enumerate(ti.shape)) {
      if (size >= 0)
        continue;
      Value out = ret.getOperand(i);
      std::optional<DimSource> src = traceDim(out, d);
      if (!src) {
        // Located at what computes the output (an importer's node), not at the model.
        Operation *producer = out.getDefiningOp();
        return emitError(producer ? producer->getLoc() : fn.getLoc())
               << "cannot tell dimension " << d << " of output " << i << " ('" << ti.name
               << "') from the inputs' dimensions: a dynamic output dim must equal one of "
                  "theirs, for callers to size the output";
      }
      ti.dimParam[d] = model.inputs[src->first].dimParam[src->second];
      if (ti.dimParam[d] < 0) {
        // The output dim equals a static input dim: it is static after all.
        ti.shape[d] = model.inputs[src->first].shape[src->second];
      }
    }
    model.outputs.push_back(std::move(ti));
  }
  return model;
}

struct DescribeABI : rnnc::impl::DescribeABIBase<DescribeABI> {
  using DescribeABIBase::DescribeABIBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!findWeightPrecision(weightPrecision)) {
      module.emitError("weight-precision must be ")
          << kWeightPrecisionNames << ", got '" << weightPrecision << "'";
      return signalPassFailure();
    }
    func::FuncOp model = findModelFunction(module, function);
    if (!model)
      return signalPassFailure();
    std::string prefix = name;
    if (prefix.empty()) {
      prefix = model.getSymName().str();
      if (StringRef(prefix).ends_with("_impl"))
        prefix.resize(prefix.size() - 5);
    }
    FailureOr<ModelInterface> described = describeModel(model, prefix);
    if (failed(described))
      return signalPassFailure();
    described->parallel = parallel;
    described->weightPrecision = weightPrecision;
    Builder b(&getContext());
    model->setAttr(kABIAttrName, encodeModelInterface(b, *described));
  }
};

} // namespace
