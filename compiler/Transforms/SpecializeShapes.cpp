// rnn-specialize-shapes: --batch / --timesteps fix dynamic dims of the model's inputs and
// the shapes flow through the `rnn` ops, which know where each result dim comes from.
#include "compiler/Transforms/Passes.h"
#include "dialect/RNNOps.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringExtras.h"

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

/// One size asked for: the dims called `name` get `size`. `option` spells the request
/// in messages ("--batch=4", "--dim seq=20").
struct Request {
  std::string name, option;
  int64_t size;
  bool found = false;
};

struct SpecializeShapes : rnnc::impl::SpecializeShapesBase<SpecializeShapes> {
  using SpecializeShapesBase::SpecializeShapesBase;

  /// The requests of the options; fails (with an error on `fn`) on a malformed one.
  LogicalResult collect(func::FuncOp fn, SmallVectorImpl<Request> &requests) {
    if (batch == 0 || timesteps == 0 || batch < -1 || timesteps < -1)
      return fn.emitError("batch and timesteps must be positive");
    if (batch > 0)
      requests.push_back({"batch", "--batch=" + std::to_string(batch), batch});
    if (timesteps > 0)
      requests.push_back({"timesteps", "--timesteps=" + std::to_string(timesteps), timesteps});
    for (const std::string &entry : dims) {
      auto [name, sizeText] = StringRef(entry).split('=');
      int64_t size;
      if (name.empty() || sizeText.getAsInteger(10, size) || size < 1)
        return fn.emitError() << "--dim '" << entry
                              << "': expected NAME=SIZE, SIZE a positive integer";
      std::string option = "--dim " + entry;
      for (const Request &r : requests)
        if (r.name == name)
          return fn.emitError() << option << ": the " << name << " dim is already fixed by "
                                << r.option;
      requests.push_back({name.str(), option, size});
    }
    return success();
  }

  void runOnOperation() override {
    func::FuncOp fn = getOperation();
    if (!fn.isPublic() || fn.isExternal())
      return;
    SmallVector<Request> requests;
    if (failed(collect(fn, requests)))
      return signalPassFailure();
    if (requests.empty())
      return;
    auto requestFor = [&](StringRef name) -> Request * {
      for (Request &r : requests)
        if (!name.empty() && r.name == name)
          return &r;
      return nullptr;
    };
    OpBuilder b(fn.getContext());
    Block &entry = fn.getBody().front();
    b.setInsertionPointToStart(&entry);
    llvm::SetVector<StringRef> knownNames; // for the message when a name matches nothing
    for (BlockArgument arg : entry.getArguments()) {
      auto type = llvm::dyn_cast<RankedTensorType>(arg.getType());
      if (!type)
        continue;
      auto names = fn.getArgAttrOfType<ArrayAttr>(arg.getArgNumber(), "rnn.dim_names");
      auto params = fn.getArgAttrOfType<ArrayAttr>(arg.getArgNumber(), "rnn.dim_params");
      SmallVector<int64_t> shape(type.getShape());
      for (int64_t d = 0; d < type.getRank(); ++d) {
        StringRef name = d == 0 ? "batch" : d == 1 ? "timesteps" : "";
        bool named = false;
        if (names && d < int64_t(names.size()))
          if (auto s = llvm::dyn_cast<StringAttr>(names[d])) {
            name = s.getValue();
            named = true;
          }
        StringRef param;
        if (params && d < int64_t(params.size()))
          if (auto s = llvm::dyn_cast<StringAttr>(params[d]))
            param = s.getValue();
        for (StringRef n : {named ? name : StringRef(), param})
          if (!n.empty())
            knownNames.insert(n);
        // By role first (--batch, --timesteps); then by the dim's own name.
        Request *request = requestFor(name);
        bool byRole = request != nullptr;
        if (!request)
          request = requestFor(param);
        if (!request)
          continue;
        request->found = true;
        int64_t size = request->size;
        if (type.isDynamicDim(d)) {
          shape[d] = size;
          continue;
        }
        // A static dim the option names must agree with it: a model built for batch 1
        // silently run with 4 rows would compute one. (Dim 1 of a rank-2 input, e.g. an
        // initial state, is features, not time.)
        bool meant = !byRole || named || d == 0 || (d == 1 && type.getRank() >= 3);
        if (meant && type.getDimSize(d) != size) {
          auto argName = fn.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "rnn.name");
          InFlightDiagnostic diag = fn.emitError() << "input " << arg.getArgNumber();
          if (argName)
            diag << " ('" << argName.getValue() << "')";
          diag << " has a static " << request->name << " of " << type.getDimSize(d) << "; "
               << request->option << " asks for another";
          return signalPassFailure();
        }
      }
      arg.setType(RankedTensorType::get(shape, type.getElementType()));
      castForOtherUsers(b, arg, type);
    }
    // Inputs whose dims are named (rnn.dim_names) may have no dim of that name at all.
    for (const Request &r : requests) {
      if (r.found)
        continue;
      InFlightDiagnostic diag = fn.emitError()
                                << r.option << ": no input of the model has a " << r.name << " dim";
      if (r.name != "batch" && r.name != "timesteps")
        diag << "; the dims with names are: "
             << (knownNames.empty() ? std::string("none")
                                    : llvm::join(knownNames.getArrayRef(), ", "));
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
              shape[d] = llvm::cast<ShapedType>(src->first.getType()).getDimSize(src->second);
        result.setType(RankedTensorType::get(shape, type.getElementType()));
        castForOtherUsers(b, result, type);
      }
    });

    // Returned values keep their refined types: outputs become static too.
    auto ret = llvm::cast<func::ReturnOp>(entry.getTerminator());
    for (OpOperand &operand : ret->getOpOperands())
      if (auto cast = operand.get().getDefiningOp<tensor::CastOp>())
        operand.set(cast.getSource());
    fn.setFunctionType(b.getFunctionType(entry.getArgumentTypes(), ret.getOperandTypes()));
  }
};

} // namespace
