// Builds the exported C entry points of a compiled model in LLVM IR. The run function
// checks its dims and pointers, then calls the lowered model function with memref
// descriptors built from the caller's dense buffers; it never aborts.
#include "compiler/Target/EntryPoints.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace rnnc {

namespace {

/// The largest dim a run function accepts; products of such dims cannot overflow the
/// 64-bit size arithmetic of the kernels (checked per tensor below).
constexpr int64_t kMaxDim = int64_t(1) << 40;
constexpr int64_t kMaxElements = int64_t(1) << 56;

enum Status : int32_t {
  Ok = 0,
  BadDim = 1,
  NullBuffer = 2,
  BadId = 4,
  NoWeights = 5
};

size_t elementSize(DType t) {
  return t == DType::F64 || t == DType::I64 ? 8 : 4;
}

} // namespace

mlir::LogicalResult addEntryPoints(Module &module, const ModelInterface &m,
                                   StringRef implName, bool exportFixedSymbol,
                                   std::string &error) {
  LLVMContext &ctx = module.getContext();
  Function *impl = module.getFunction(implName);
  if (!impl) {
    error = ("lowered model function '" + implName + "' not found").str();
    return mlir::failure();
  }
  for (Function &f : module)
    if (!f.isDeclaration())
      f.setLinkage(GlobalValue::InternalLinkage);
  for (GlobalVariable &g : module.globals())
    if (!g.isDeclaration())
      g.setLinkage(GlobalValue::InternalLinkage);

  Type *i32 = Type::getInt32Ty(ctx), *i64 = Type::getInt64Ty(ctx);
  PointerType *ptr = PointerType::getUnqual(ctx);

  // int32_t <name>_run([const void *weights,] int64_t dims..., const T *inputs...,
  //                    T *outputs...)
  unsigned first = m.externalWeights ? 1 : 0;
  SmallVector<Type *> params(first, ptr);
  params.append(m.numDims, i64);
  params.append(m.inputs.size() + m.outputs.size(), ptr);
  auto *runType = FunctionType::get(i32, params, false);
  Function *run = Function::Create(runType, GlobalValue::ExternalLinkage,
                                   m.name + "_run", module);
  run->addFnAttr(Attribute::NoUnwind);
  IRBuilder<> b(BasicBlock::Create(ctx, "entry", run));
  BasicBlock *badDim = BasicBlock::Create(ctx, "bad_dim", run);
  BasicBlock *nullBuf = BasicBlock::Create(ctx, "null_buffer", run);
  IRBuilder<>(badDim).CreateRet(ConstantInt::get(i32, BadDim));
  IRBuilder<>(nullBuf).CreateRet(ConstantInt::get(i32, NullBuffer));

  auto check = [&](Value *bad, BasicBlock *onBad) {
    BasicBlock *next = BasicBlock::Create(ctx, "ok", run);
    b.CreateCondBr(bad, onBad, next);
    b.SetInsertPoint(next);
  };
  SmallVector<Value *> dims;
  for (int32_t d = 0; d < m.numDims; ++d) {
    Value *dim = run->getArg(first + d);
    dims.push_back(dim);
    check(b.CreateICmpUGT(dim, ConstantInt::get(i64, kMaxDim)), badDim);
  }

  BasicBlock *badId = BasicBlock::Create(ctx, "bad_id", run);
  IRBuilder<>(badId).CreateRet(ConstantInt::get(i32, BadId));

  // Embedding ids are checked before anything runs: a bad id is a status, never a read
  // outside the table.
  auto checkIds = [&](const TensorInterface &t, Value *data, Value *count) {
    Type *idType = t.dtype == DType::I64 ? i64 : i32;
    BasicBlock *header = b.GetInsertBlock();
    BasicBlock *loop = BasicBlock::Create(ctx, "ids", run);
    BasicBlock *body = BasicBlock::Create(ctx, "ids_body", run);
    BasicBlock *done = BasicBlock::Create(ctx, "ids_done", run);
    b.CreateBr(loop);
    b.SetInsertPoint(loop);
    PHINode *i = b.CreatePHI(i64, 2);
    i->addIncoming(ConstantInt::get(i64, 0), header);
    b.CreateCondBr(b.CreateICmpULT(i, count), body, done);
    b.SetInsertPoint(body);
    Value *id = b.CreateSExt(
        b.CreateLoad(idType, b.CreateGEP(idType, data, i)), i64);
    BasicBlock *next = BasicBlock::Create(ctx, "ids_next", run);
    b.CreateCondBr(b.CreateICmpUGE(id, ConstantInt::get(i64, t.idLimit)), badId,
                   next);
    b.SetInsertPoint(next);
    i->addIncoming(b.CreateAdd(i, ConstantInt::get(i64, 1)), next);
    b.CreateBr(loop);
    b.SetInsertPoint(done);
  };

  SmallVector<Value *> args;
  auto addTensor = [&](const TensorInterface &t, Value *data) {
    check(b.CreateIsNull(data), nullBuf);
    SmallVector<Value *> sizes;
    for (size_t d = 0; d < t.shape.size(); ++d)
      sizes.push_back(t.shape[d] >= 0 ? ConstantInt::get(i64, t.shape[d])
                                      : dims[t.dimParam[d]]);
    // Dense C order: stride[d] = product of the sizes after d. Each product is checked
    // for overflow and against the element limit, so size arithmetic never wraps.
    SmallVector<Value *> strides(sizes.size());
    Value *stride = ConstantInt::get(i64, 1);
    Value *limit = ConstantInt::get(i64, kMaxElements / int64_t(elementSize(t.dtype)));
    for (size_t d = sizes.size(); d-- > 0;) {
      strides[d] = stride;
      auto *constStride = dyn_cast<ConstantInt>(stride);
      auto *constSize = dyn_cast<ConstantInt>(sizes[d]);
      if (constStride && constSize) {
        // Static dims: the product is known, and checked, here.
        bool overflow;
        APInt product =
            constStride->getValue().umul_ov(constSize->getValue(), overflow);
        if (!overflow && product.ule(cast<ConstantInt>(limit)->getValue())) {
          stride = ConstantInt::get(i64, product);
          continue;
        }
      }
      Value *product =
          b.CreateBinaryIntrinsic(Intrinsic::umul_with_overflow, stride, sizes[d]);
      stride = b.CreateExtractValue(product, 0);
      check(b.CreateOr(b.CreateExtractValue(product, 1),
                       b.CreateICmpUGT(stride, limit)),
            badDim);
    }
    if (t.idLimit > 0)
      checkIds(t, data, stride);
    args.push_back(data); // allocated pointer
    args.push_back(data); // aligned pointer
    args.push_back(ConstantInt::get(i64, 0));
    args.append(sizes.begin(), sizes.end());
    args.append(strides.begin(), strides.end());
  };
  unsigned argNo = first + m.numDims;
  for (const TensorInterface &t : m.inputs)
    addTensor(t, run->getArg(argNo++));
  for (const TensorInterface &t : m.outputs)
    addTensor(t, run->getArg(argNo++));
  if (m.externalWeights) {
    // The weights blob: a memref<?xi8> descriptor over the caller's buffer.
    Value *weights = run->getArg(0);
    check(b.CreateIsNull(weights), nullBuf);
    args.append({weights, weights, ConstantInt::get(i64, 0),
                 ConstantInt::get(i64, m.weightsBytes), ConstantInt::get(i64, 1)});
  }
  if (args.size() != impl->arg_size()) {
    error = "lowered model function takes " + std::to_string(impl->arg_size()) +
            " arguments, expected " + std::to_string(args.size());
    return mlir::failure();
  }
  // The kernels live in <name>_run itself: the model function is inlined there, and the
  // descriptor's entry calls <name>_run rather than inlining a second copy.
  impl->addFnAttr(Attribute::AlwaysInline);
  // A model with heap work buffers returns its status (out of memory); others cannot fail.
  Value *status = b.CreateCall(impl, args);
  b.CreateRet(impl->getReturnType() == i32 ? status : ConstantInt::get(i32, Ok));

  // const char *<name>_status_message(int32_t)
  Function *message = Function::Create(
      FunctionType::get(ptr, {i32}, false), GlobalValue::ExternalLinkage,
      m.name + "_status_message", module);
  {
    IRBuilder<> mb(BasicBlock::Create(ctx, "entry", message));
    const std::pair<int32_t, const char *> texts[] = {
        {0, "ok"},
        {1, "a dynamic dimension is negative or too large"},
        {2, "an input or output buffer is NULL"},
        {3, "out of memory"},
        {4, "an embedding id lies outside the vocabulary"},
        {5, "the model takes its weights at run time: call its run function "
            "with them"}};
    BasicBlock *unknown = BasicBlock::Create(ctx, "unknown", message);
    IRBuilder<>(unknown).CreateRet(
        IRBuilder<>(unknown).CreateGlobalStringPtr("unknown status"));
    SwitchInst *sw = mb.CreateSwitch(message->getArg(0), unknown);
    for (auto [code, text] : texts) {
      BasicBlock *bb = BasicBlock::Create(ctx, "s", message);
      IRBuilder<> sb(bb);
      sb.CreateRet(sb.CreateGlobalStringPtr(text));
      sw->addCase(ConstantInt::get(cast<IntegerType>(i32), code), bb);
    }
  }

  // int32_t invoke(const int64_t *dims, const void *const *inputs, void *const *outputs)
  Function *invoke = Function::Create(FunctionType::get(i32, {ptr, ptr, ptr}, false),
                                      GlobalValue::InternalLinkage,
                                      m.name + "_invoke", module);
  {
    IRBuilder<> ib(BasicBlock::Create(ctx, "entry", invoke));
    if (m.externalWeights) {
      // The descriptor's entry has no weights to pass.
      ib.CreateRet(ConstantInt::get(i32, NoWeights));
    } else {
      BasicBlock *bad = BasicBlock::Create(ctx, "null", invoke);
      IRBuilder<>(bad).CreateRet(ConstantInt::get(i32, NullBuffer));
      Value *anyNull = ib.getFalse();
      if (m.numDims)
        anyNull = ib.CreateOr(anyNull, ib.CreateIsNull(invoke->getArg(0)));
      if (!m.inputs.empty())
        anyNull = ib.CreateOr(anyNull, ib.CreateIsNull(invoke->getArg(1)));
      if (!m.outputs.empty())
        anyNull = ib.CreateOr(anyNull, ib.CreateIsNull(invoke->getArg(2)));
      BasicBlock *go = BasicBlock::Create(ctx, "go", invoke);
      ib.CreateCondBr(anyNull, bad, go);
      ib.SetInsertPoint(go);
      SmallVector<Value *> callArgs;
      for (int32_t d = 0; d < m.numDims; ++d)
        callArgs.push_back(ib.CreateLoad(
            i64, ib.CreateConstGEP1_64(i64, invoke->getArg(0), d)));
      for (size_t i = 0; i < m.inputs.size(); ++i)
        callArgs.push_back(ib.CreateLoad(
            ptr, ib.CreateConstGEP1_64(ptr, invoke->getArg(1), i)));
      for (size_t i = 0; i < m.outputs.size(); ++i)
        callArgs.push_back(ib.CreateLoad(
            ptr, ib.CreateConstGEP1_64(ptr, invoke->getArg(2), i)));
      CallInst *call = ib.CreateCall(run, callArgs);
      call->addFnAttr(Attribute::NoInline);
      ib.CreateRet(call);
    }
  }

  // The descriptor (layouts as in model_abi.h).
  StructType *tensorDesc = StructType::get(ctx, {ptr, i32, i32, ptr, ptr});
  auto makeString = [&](StringRef s, const Twine &name) {
    return IRBuilder<>(&invoke->getEntryBlock())
        .CreateGlobalStringPtr(s, name, 0, &module);
  };
  auto makeTable = [&](ArrayRef<TensorInterface> tensors, StringRef kind) {
    SmallVector<Constant *> entries;
    for (auto [i, t] : llvm::enumerate(tensors)) {
      std::string base = m.name + "_" + kind.str() + std::to_string(i);
      auto *shapeArr = ConstantDataArray::get(ctx, ArrayRef<int64_t>(t.shape));
      auto *paramArr = ConstantDataArray::get(ctx, ArrayRef<int32_t>(t.dimParam));
      auto *shape = new GlobalVariable(module, shapeArr->getType(), true,
                                       GlobalValue::PrivateLinkage, shapeArr,
                                       base + "_shape");
      auto *param = new GlobalVariable(module, paramArr->getType(), true,
                                       GlobalValue::PrivateLinkage, paramArr,
                                       base + "_dim_param");
      entries.push_back(ConstantStruct::get(
          tensorDesc,
          {cast<Constant>(makeString(t.name, base + "_name")),
           ConstantInt::get(i32, int32_t(t.dtype)),
           ConstantInt::get(i32, int32_t(t.shape.size())), shape, param}));
    }
    auto *arrType = ArrayType::get(tensorDesc, entries.size());
    return new GlobalVariable(module, arrType, true,
                              GlobalValue::PrivateLinkage,
                              ConstantArray::get(arrType, entries),
                              m.name + "_" + kind.str() + "s");
  };
  GlobalVariable *inputs = makeTable(m.inputs, "input");
  GlobalVariable *outputs = makeTable(m.outputs, "output");
  StructType *modelType =
      StructType::get(ctx, {i32, ptr, i32, i32, ptr, ptr, i32, ptr, ptr});
  Constant *desc = ConstantStruct::get(
      modelType,
      {ConstantInt::get(i32, 1),
       cast<Constant>(makeString(m.name, m.name + "_model_name")),
       ConstantInt::get(i32, int32_t(m.inputs.size())),
       ConstantInt::get(i32, int32_t(m.outputs.size())), inputs, outputs,
       ConstantInt::get(i32, m.numDims), invoke, message});
  auto *model = new GlobalVariable(module, modelType, true,
                                   GlobalValue::ExternalLinkage, desc,
                                   m.name + "_model");
  if (exportFixedSymbol)
    GlobalAlias::create(modelType, 0, GlobalValue::ExternalLinkage,
                        "rnnc_model_descriptor", model, &module);
  return mlir::success();
}

} // namespace rnnc
