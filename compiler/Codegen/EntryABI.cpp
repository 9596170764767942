// rnn-entry-abi: public functions take caller-owned buffers, so results are computed
// straight into the caller's memory and nothing is returned by allocation.
#include "compiler/Codegen/Passes.h"

namespace rnnc {
#define GEN_PASS_DEF_ENTRYABI
#include "compiler/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

MemRefType bufferTypeOf(Type t) {
  auto tensor = llvm::cast<RankedTensorType>(t);
  return MemRefType::get(tensor.getShape(), tensor.getElementType());
}

LogicalResult rewriteEntry(func::FuncOp fn) {
  FunctionType type = fn.getFunctionType();
  for (Type t : llvm::concat<const Type>(type.getInputs(), type.getResults()))
    if (!llvm::isa<RankedTensorType>(t))
      return fn.emitError("model function '")
             << fn.getSymName() << "' must take and return only ranked tensors, got " << t;
  if (fn.isExternal())
    return fn.emitError("model function '") << fn.getSymName() << "' has no body";
  if (!SymbolTable::symbolKnownUseEmpty(fn, fn->getParentOp()))
    return fn.emitError("model function '")
           << fn.getSymName()
           << "' is called inside the module; only an uncalled public function "
              "can take the buffer-passing signature (make its callees private)";

  Block &entry = fn.getBody().front();
  OpBuilder b(fn.getContext());
  b.setInsertionPointToStart(&entry);
  SmallVector<Type> argTypes;
  for (BlockArgument arg : entry.getArguments()) {
    MemRefType bufferType = bufferTypeOf(arg.getType());
    argTypes.push_back(bufferType);
    // Inputs are read-only: the model never writes the caller's input buffers.
    Type tensorType = arg.getType();
    arg.setType(bufferType);
    auto toTensor = b.create<bufferization::ToTensorOp>(fn.getLoc(), tensorType, arg,
                                                        /*restrict=*/true, /*writable=*/false);
    arg.replaceAllUsesExcept(toTensor, toTensor);
  }
  SmallVector<Value> outputs;
  for (Type t : type.getResults()) {
    MemRefType bufferType = bufferTypeOf(t);
    argTypes.push_back(bufferType);
    outputs.push_back(entry.addArgument(bufferType, fn.getLoc()));
  }
  SmallVector<func::ReturnOp> returns;
  fn.walk([&](func::ReturnOp r) { returns.push_back(r); });
  for (func::ReturnOp ret : returns) {
    b.setInsertionPoint(ret);
    for (auto [value, out] : llvm::zip(ret.getOperands(), outputs))
      b.create<bufferization::MaterializeInDestinationOp>(ret.getLoc(), TypeRange{}, value, out,
                                                          /*restrict=*/true,
                                                          /*writable=*/true);
    b.create<func::ReturnOp>(ret.getLoc());
    ret.erase();
  }
  fn.setFunctionType(b.getFunctionType(argTypes, {}));
  // Argument and result attributes no longer line up with the new signature.
  fn.removeArgAttrsAttr();
  fn.removeResAttrsAttr();
  return success();
}

struct EntryABI : rnnc::impl::EntryABIBase<EntryABI> {
  void runOnOperation() override {
    for (auto fn : getOperation().getOps<func::FuncOp>())
      if (fn.isPublic() && failed(rewriteEntry(fn)))
        return signalPassFailure();
  }
};

} // namespace
