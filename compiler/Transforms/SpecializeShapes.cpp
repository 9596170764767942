// rnn-specialize-shapes: --batch / --timesteps fix dynamic dims of the model's inputs and
// the shapes flow through the `rnn` ops, which know where each result dim comes from.
#include "compiler/Transforms/Passes.h"
#include "dialect/RNNOps.h"

namespace rnnc {
#define GEN_PASS_DEF_SPECIALIZESHAPES
#include "compiler/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

/// Casts every use of `v` outside the `rnn` dialect back to `oldType`.
void castForOtherUsers(OpBuilder &b, Value v, Type oldType) {
  if (v.getType() == oldType)
    return;
  for (OpOperand &use : llvm::make_early_inc_range(v.getUses())) {
    Operation *user = use.getOwner();
    if (llvm::isa<rnn::RNNDialect>(user->getDialect()))
      continue;
    b.setInsertionPoint(user);
    use.set(b.create<tensor::CastOp>(user->getLoc(), oldType, v));
  }
}

struct SpecializeShapes : rnnc::impl::SpecializeShapesBase<SpecializeShapes> {
  using SpecializeShapesBase::SpecializeShapesBase;

  int64_t sizeFor(StringRef name) const {
    if (name == "batch")
      return batch;
    if (name == "timesteps")
      return timesteps;
    return -1;
  }

  void runOnOperation() override {
    func::FuncOp fn = getOperation();
    if (!fn.isPublic() || fn.isExternal() || (batch < 0 && timesteps < 0))
      return;
    if (batch == 0 || timesteps == 0 || batch < -1 || timesteps < -1) {
      fn.emitError("batch and timesteps must be positive");
      return signalPassFailure();
    }
    OpBuilder b(fn.getContext());
    Block &entry = fn.getBody().front();
    b.setInsertionPointToStart(&entry);
    bool batchFound = false, timestepsFound = false;
    for (BlockArgument arg : entry.getArguments()) {
      auto type = llvm::dyn_cast<RankedTensorType>(arg.getType());
      if (!type)
        continue;
      auto names = fn.getArgAttrOfType<ArrayAttr>(arg.getArgNumber(),
                                                  "rnn.dim_names");
      SmallVector<int64_t> shape(type.getShape());
      for (int64_t d = 0; d < type.getRank(); ++d) {
        StringRef name = d == 0 ? "batch" : d == 1 ? "timesteps" : "";
        bool named = false;
        if (names && d < int64_t(names.size()))
          if (auto s = llvm::dyn_cast<StringAttr>(names[d])) {
            name = s.getValue();
            named = true;
          }
        int64_t size = sizeFor(name);
        if (size <= 0)
          continue;
        (name == "batch" ? batchFound : timestepsFound) = true;
        if (type.isDynamicDim(d)) {
          shape[d] = size;
          continue;
        }
        // A static dim the option names must agree with it: a model built for batch 1
        // silently run with 4 rows would compute one. (Dim 1 of a rank-2 input, e.g. an
        // initial state, is features, not time.)
        bool meant = named || d == 0 || (d == 1 && type.getRank() >= 3);
        if (meant && type.getDimSize(d) != size) {
          auto argName = fn.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "rnn.name");
          InFlightDiagnostic diag = fn.emitError()
                                    << "input " << arg.getArgNumber();
          if (argName)
            diag << " ('" << argName.getValue() << "')";
          diag << " has a static " << name << " of " << type.getDimSize(d) << "; --"
               << name << "=" << size << " asks for another";
          return signalPassFailure();
        }
      }
      arg.setType(RankedTensorType::get(shape, type.getElementType()));
      castForOtherUsers(b, arg, type);
    }
    // Inputs whose dims are named (rnn.dim_names) may have no dim of that name at all.
    for (auto [option, size, found] : {std::tuple{"batch", int64_t(batch), batchFound},
                                       std::tuple{"timesteps", int64_t(timesteps),
                                                  timestepsFound}})
      if (size > 0 && !found) {
        fn.emitError() << "--" << option << "=" << size << ": no input of the model has a "
                       << option << " dim";
        return signalPassFailure();
      }

    // Result dims that repeat an operand dim take its (now static) size.
    fn.walk([&](Operation *op) {
      if (!llvm::isa<rnn::RNNDialect>(op->getDialect()))
        return;
      for (OpResult result : op->getResults()) {
        auto type = llvm::cast<RankedTensorType>(result.getType());
        SmallVector<int64_t> shape(type.getShape());
        for (int64_t d = 0; d < type.getRank(); ++d)
          if (type.isDynamicDim(d))
            if (auto src = rnn::getResultDimSource(result, d))
              shape[d] =
                  llvm::cast<ShapedType>(src->first.getType()).getDimSize(
                      src->second);
        result.setType(RankedTensorType::get(shape, type.getElementType()));
        castForOtherUsers(b, result, type);
      }
    });

    // Returned values keep their refined types: outputs become static too.
    auto ret = llvm::cast<func::ReturnOp>(entry.getTerminator());
    for (OpOperand &operand : ret->getOpOperands())
      if (auto cast = operand.get().getDefiningOp<tensor::CastOp>())
        operand.set(cast.getSource());
    fn.setFunctionType(b.getFunctionType(entry.getArgumentTypes(),
                                         ret.getOperandTypes()));
  }
};

} // namespace
