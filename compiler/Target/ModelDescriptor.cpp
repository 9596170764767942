// The rnnc_model descriptor of a compiled model: its name, tensors, dims, flags and entry
// points, as constants in the LLVM module.
#include "compiler/Target/ModelDescriptor.h"
#include "compiler/Utils/ModelABI.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace rnnc {

mlir::LogicalResult addModelDescriptor(Module &module, const ModelInterface &m,
                                       bool exportFixedSymbol, std::string &error) {
  LLVMContext &ctx = module.getContext();
  Type *i32 = Type::getInt32Ty(ctx), *i64 = Type::getInt64Ty(ctx);
  PointerType *ptr = PointerType::getUnqual(ctx);
  Function *invoke = module.getFunction(m.name + "_invoke");
  Function *message = module.getFunction(m.name + "_status_message");
  Function *invokeWith = module.getFunction(m.name + "_invoke_with");
  if (!invoke || !message || !invokeWith) {
    error = "the entry points of '" + m.name + "' are missing";
    return mlir::failure();
  }
  bool parallel = module.getFunction(m.name + "_run_parallel") != nullptr;
  // Only the entry points and the descriptor are exported: every other definition, the
  // model function included, is internal.
  for (Function &f : module)
    if (!f.isDeclaration() && f.getName() != m.name + "_run" &&
        f.getName() != m.name + "_run_parallel" && f.getName() != m.name + "_status_message")
      f.setLinkage(GlobalValue::InternalLinkage);
  for (GlobalVariable &g : module.globals())
    if (!g.isDeclaration())
      g.setLinkage(GlobalValue::InternalLinkage);

  // The descriptor (layouts as in model_abi.h).
  IRBuilder<> b(ctx);
  StructType *tensorDesc = StructType::get(ctx, {ptr, i32, i32, ptr, ptr});
  auto makeString = [&](StringRef s, const Twine &name) {
    return b.CreateGlobalStringPtr(s, name, 0, &module);
  };
  auto makeTable = [&](ArrayRef<TensorInterface> tensors, StringRef kind) {
    SmallVector<Constant *> entries;
    for (auto [i, t] : llvm::enumerate(tensors)) {
      std::string base = m.name + "_" + kind.str() + std::to_string(i);
      auto *shapeArr = ConstantDataArray::get(ctx, ArrayRef<int64_t>(t.shape));
      auto *paramArr = ConstantDataArray::get(ctx, ArrayRef<int32_t>(t.dimParam));
      auto *shape = new GlobalVariable(module, shapeArr->getType(), true,
                                       GlobalValue::PrivateLinkage, shapeArr, base + "_shape");
      auto *param = new GlobalVariable(module, paramArr->getType(), true,
                                       GlobalValue::PrivateLinkage, paramArr, base + "_dim_param");
      entries.push_back(ConstantStruct::get(
          tensorDesc, {cast<Constant>(makeString(t.name, base + "_name")),
                       ConstantInt::get(i32, int32_t(t.dtype)),
                       ConstantInt::get(i32, int32_t(t.shape.size())), shape, param}));
    }
    auto *arrType = ArrayType::get(tensorDesc, entries.size());
    return new GlobalVariable(module, arrType, true, GlobalValue::PrivateLinkage,
                              ConstantArray::get(arrType, entries),
                              m.name + "_" + kind.str() + "s");
  };
  GlobalVariable *inputs = makeTable(m.inputs, "input");
  GlobalVariable *outputs = makeTable(m.outputs, "output");
  uint32_t flags =
      (m.externalWeights ? RNNC_MODEL_EXTERNAL_WEIGHTS : 0) | (parallel ? RNNC_MODEL_PARALLEL : 0) |
      findWeightPrecision(m.weightPrecision)->modelFlag;
  StructType *modelType =
      StructType::get(ctx, {i32, ptr, i32, i32, ptr, ptr, i32, ptr, ptr, i32, i64, i64, ptr});
  Constant *desc = ConstantStruct::get(
      modelType, {ConstantInt::get(i32, RNNC_ABI_VERSION),
                  cast<Constant>(makeString(m.name, m.name + "_model_name")),
                  ConstantInt::get(i32, int32_t(m.inputs.size())),
                  ConstantInt::get(i32, int32_t(m.outputs.size())), inputs, outputs,
                  ConstantInt::get(i32, m.numDims), invoke, message, ConstantInt::get(i32, flags),
                  ConstantInt::get(i64, m.externalWeights ? m.weightsBytes : 0),
                  ConstantInt::get(i64, m.externalWeights ? m.weightsFingerprint : 0), invokeWith});
  auto *model = new GlobalVariable(module, modelType, true, GlobalValue::ExternalLinkage, desc,
                                   m.name + "_model");
  if (exportFixedSymbol)
    GlobalAlias::create(modelType, 0, GlobalValue::ExternalLinkage, RNNC_MODEL_SYMBOL, model,
                        &module);
  return mlir::success();
}

} // namespace rnnc
