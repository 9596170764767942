// Builds the exported C entry points of a compiled model in LLVM IR. The run function
// checks its dims and pointers, then calls the lowered model function with memref
// descriptors built from the caller's dense buffers; it never aborts.
#include "compiler/Target/EntryPoints.h"
#include "compiler/Utils/ModelABI.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/IntrinsicsAArch64.h"
#include "llvm/IR/IntrinsicsX86.h"
#include "llvm/IR/Module.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace rnnc {

namespace {

enum Status : int32_t {
  Ok = RNNC_OK,
  BadDim = RNNC_ERR_BAD_DIM,
  NullBuffer = RNNC_ERR_NULL_BUFFER,
  OutOfMemory = RNNC_ERR_OUT_OF_MEMORY,
  BadId = RNNC_ERR_BAD_ID,
  NoWeights = RNNC_ERR_NO_WEIGHTS,
  BadThreads = RNNC_ERR_BAD_THREADS
};

/// model_abi.h: RNNC_ABI_VERSION and the rnnc_model.flags bits.
constexpr int32_t kAbiVersion = 2;
constexpr uint32_t kFlagExternalWeights = 1, kFlagParallel = 2;

size_t elementSize(DType t) {
  return t == DType::F64 || t == DType::I64 ? 8 : 4;
}

using EntryBuilder = function_ref<Function *(StringRef, ArrayRef<Type *>, IRBuilder<> &,
                                              SmallVector<Value *> &)>;

/// Defines `void rnn_barrier(ptr sync, i64 workers)`, which the worker function calls
/// between phases: sync is two cache lines, an arrival count and a generation. The last
/// to arrive resets the count and bumps the generation; the others spin until it moves.
void defineBarrier(Module &module, Function *barrier) {
  LLVMContext &ctx = module.getContext();
  Type *i64 = Type::getInt64Ty(ctx), *i8 = Type::getInt8Ty(ctx);
  barrier->setLinkage(GlobalValue::InternalLinkage);
  barrier->addFnAttr(Attribute::NoUnwind);
  Value *sync = barrier->getArg(0), *workers = barrier->getArg(1);
  BasicBlock *entry = BasicBlock::Create(ctx, "entry", barrier);
  BasicBlock *arrive = BasicBlock::Create(ctx, "arrive", barrier);
  BasicBlock *release = BasicBlock::Create(ctx, "release", barrier);
  BasicBlock *wait = BasicBlock::Create(ctx, "wait", barrier);
  BasicBlock *done = BasicBlock::Create(ctx, "done", barrier);
  IRBuilder<> b(entry);
  b.CreateCondBr(b.CreateICmpSLE(workers, ConstantInt::get(i64, 1)), done, arrive);
  b.SetInsertPoint(arrive);
  Value *count = sync;
  Value *generation = b.CreateConstGEP1_64(i8, sync, 64);
  LoadInst *seen = b.CreateAlignedLoad(i64, generation, Align(8));
  seen->setAtomic(AtomicOrdering::Acquire);
  Value *before = b.CreateAtomicRMW(AtomicRMWInst::Add, count, ConstantInt::get(i64, 1),
                                    Align(8), AtomicOrdering::AcquireRelease);
  b.CreateCondBr(b.CreateICmpEQ(before, b.CreateSub(workers, ConstantInt::get(i64, 1))),
                 release, wait);
  b.SetInsertPoint(release);
  b.CreateAlignedStore(ConstantInt::get(i64, 0), count, Align(8))
      ->setAtomic(AtomicOrdering::Monotonic);
  b.CreateAtomicRMW(AtomicRMWInst::Add, generation, ConstantInt::get(i64, 1), Align(8),
                    AtomicOrdering::Release);
  b.CreateBr(done);
  // Spin with the CPU's pause hint; every 1024 rounds give the core away, in case the
  // pool has more threads than the machine has cores.
  b.SetInsertPoint(wait);
  PHINode *round = b.CreatePHI(i64, 2);
  round->addIncoming(ConstantInt::get(i64, 0), arrive);
  Triple triple(module.getTargetTriple());
  if (triple.isX86())
    b.CreateIntrinsic(Intrinsic::x86_sse2_pause, {}, {});
  else if (triple.isAArch64())
    b.CreateIntrinsic(Intrinsic::aarch64_hint, {}, {b.getInt32(1)}); // yield
  Value *next = b.CreateAdd(round, ConstantInt::get(i64, 1));
  BasicBlock *yield = BasicBlock::Create(ctx, "yield", barrier);
  BasicBlock *check = BasicBlock::Create(ctx, "check", barrier);
  b.CreateCondBr(b.CreateICmpEQ(b.CreateAnd(next, ConstantInt::get(i64, 1023)),
                                ConstantInt::get(i64, 0)),
                 yield, check);
  b.SetInsertPoint(yield);
  b.CreateCall(module.getOrInsertFunction("sched_yield", Type::getInt32Ty(ctx)));
  b.CreateBr(check);
  b.SetInsertPoint(check);
  LoadInst *now = b.CreateAlignedLoad(i64, generation, Align(8));
  now->setAtomic(AtomicOrdering::Acquire);
  round->addIncoming(next, check);
  b.CreateCondBr(b.CreateICmpEQ(now, seen), wait, done);
  IRBuilder<>(done).CreateRetVoid();
}

/// int32_t <name>_run_parallel(const rnnc_threads *threads, dims..., inputs...,
/// outputs...): the run function's checks, then one work block for all workers (sized by
/// the workspace function), and the pool runs <name>_worker_task once per worker.
mlir::LogicalResult addParallelEntry(Module &module, const ModelInterface &m,
                                     EntryBuilder entry, Function *worker,
                                     Function *workspace, std::string &error) {
  LLVMContext &ctx = module.getContext();
  Type *i8 = Type::getInt8Ty(ctx), *i32 = Type::getInt32Ty(ctx),
       *i64 = Type::getInt64Ty(ctx);
  PointerType *ptr = PointerType::getUnqual(ctx);
  Function *barrier = module.getFunction(kBarrierSymbol);
  if (!workspace || !barrier) {
    error = "the worker function has no workspace or barrier function";
    return mlir::failure();
  }
  if (barrier->isDeclaration())
    defineBarrier(module, barrier);

  SmallVector<Value *> args;
  IRBuilder<> b(ctx);
  Function *par = entry("_run_parallel", {ptr}, b, args);
  // worker(args..., index, workers, sync, block: allocated, aligned, offset, size, stride)
  if (args.size() + 8 != worker->arg_size() || args.size() + 3 != workspace->arg_size()) {
    error = "the worker and workspace functions take " +
            std::to_string(worker->arg_size()) + " and " +
            std::to_string(workspace->arg_size()) + " arguments, expected " +
            std::to_string(args.size() + 8) + " and " + std::to_string(args.size() + 3);
    return mlir::failure();
  }
  auto fail = [&](int32_t status, Value *bad) {
    BasicBlock *onBad = BasicBlock::Create(ctx, "fail", par);
    IRBuilder<>(onBad).CreateRet(ConstantInt::get(i32, status));
    BasicBlock *next = BasicBlock::Create(ctx, "ok", par);
    b.CreateCondBr(bad, onBad, next);
    b.SetInsertPoint(next);
  };
  // rnnc_threads { void *pool; int32_t size; void (*run)(void *, task, void *); }
  StructType *threadsType = StructType::get(ctx, {ptr, i32, ptr});
  Value *threads = par->getArg(0);
  fail(BadThreads, b.CreateIsNull(threads));
  Value *pool = b.CreateLoad(ptr, b.CreateStructGEP(threadsType, threads, 0));
  Value *size = b.CreateLoad(i32, b.CreateStructGEP(threadsType, threads, 1));
  Value *runPool = b.CreateLoad(ptr, b.CreateStructGEP(threadsType, threads, 2));
  fail(BadThreads, b.CreateOr(b.CreateIsNull(runPool),
                              b.CreateICmpSLT(size, ConstantInt::get(i32, 1))));
  Value *workers = b.CreateSExt(size, i64);

  // The block every worker shares, 64-byte aligned; -1 bytes: a size overflowed.
  SmallVector<Value *> sizeArgs(args);
  sizeArgs.append({ConstantInt::get(i64, 0), workers, ConstantPointerNull::get(ptr)});
  Value *bytes = b.CreateCall(workspace, sizeArgs);
  fail(OutOfMemory, b.CreateICmpSLT(bytes, ConstantInt::get(i64, 0)));
  FunctionCallee mallocFn = module.getOrInsertFunction("malloc", ptr, i64);
  FunctionCallee freeFn = module.getOrInsertFunction("free", Type::getVoidTy(ctx), ptr);
  Value *raw = b.CreateCall(mallocFn, {b.CreateAdd(bytes, ConstantInt::get(i64, 64))});
  fail(OutOfMemory, b.CreateIsNull(raw));
  Value *skew = b.CreateAnd(b.CreateNeg(b.CreatePtrToInt(raw, i64)),
                            ConstantInt::get(i64, 63));
  Value *aligned = b.CreateGEP(i8, raw, skew);

  // The barrier's two cache lines, and the task's arguments, on this frame.
  auto *syncType = ArrayType::get(i64, 16);
  AllocaInst *sync = b.CreateAlloca(syncType);
  sync->setAlignment(Align(64));
  b.CreateMemSet(sync, b.getInt8(0), 128, MaybeAlign(64));
  SmallVector<Type *> fields;
  for (Value *a : args)
    fields.push_back(a->getType());
  fields.append({i64, ptr, ptr, ptr, i64});
  StructType *taskType = StructType::get(ctx, fields);
  AllocaInst *task = b.CreateAlloca(taskType);
  SmallVector<Value *> values(args);
  values.append({workers, sync, raw, aligned, bytes});
  for (auto [i, v] : llvm::enumerate(values))
    b.CreateStore(v, b.CreateStructGEP(taskType, task, i));

  // void <name>_worker_task(void *task, int32_t index)
  Function *taskFn = Function::Create(
      FunctionType::get(Type::getVoidTy(ctx), {ptr, i32}, false),
      GlobalValue::InternalLinkage, m.name + "_worker_task", module);
  taskFn->addFnAttr(Attribute::NoUnwind);
  {
    IRBuilder<> tb(BasicBlock::Create(ctx, "entry", taskFn));
    SmallVector<Value *> loaded;
    for (unsigned i = 0; i < fields.size(); ++i)
      loaded.push_back(tb.CreateLoad(fields[i], tb.CreateStructGEP(taskType,
                                                                   taskFn->getArg(0), i)));
    SmallVector<Value *> call(loaded.begin(), loaded.begin() + args.size());
    Value *nBytes = loaded.back();
    call.append({tb.CreateSExt(taskFn->getArg(1), i64), loaded[args.size()],
                 loaded[args.size() + 1], loaded[args.size() + 2], loaded[args.size() + 3],
                 ConstantInt::get(i64, 0), nBytes, ConstantInt::get(i64, 1)});
    tb.CreateCall(worker, call);
    tb.CreateRetVoid();
  }
  FunctionType *runType =
      FunctionType::get(Type::getVoidTy(ctx), {ptr, ptr, ptr}, false);
  b.CreateCall(runType, runPool, {pool, taskFn, task});
  b.CreateCall(freeFn, {raw});
  b.CreateRet(ConstantInt::get(i32, Ok));
  return mlir::success();
}

/// The descriptor's run_with: int32_t invoke_with(const rnnc_threads *threads,
/// const void *weights, const int64_t *dims, const void *const *inputs,
/// void *const *outputs). Unpacks the arrays into <name>_run, or <name>_run_parallel
/// when a pool is given, passing the weights first when the model takes them.
Function *addInvokeWith(Module &module, const ModelInterface &m, Function *run,
                        Function *parallelRun) {
  LLVMContext &ctx = module.getContext();
  Type *i32 = Type::getInt32Ty(ctx), *i64 = Type::getInt64Ty(ctx);
  PointerType *ptr = PointerType::getUnqual(ctx);
  Function *fn = Function::Create(
      FunctionType::get(i32, {ptr, ptr, ptr, ptr, ptr}, false),
      GlobalValue::InternalLinkage, m.name + "_invoke_with", module);
  fn->addFnAttr(Attribute::NoUnwind);
  Value *threads = fn->getArg(0), *weights = fn->getArg(1), *dims = fn->getArg(2),
        *ins = fn->getArg(3), *outs = fn->getArg(4);
  IRBuilder<> b(BasicBlock::Create(ctx, "entry", fn));
  auto failIf = [&](Value *bad, int32_t status) {
    BasicBlock *onBad = BasicBlock::Create(ctx, "fail", fn);
    IRBuilder<>(onBad).CreateRet(ConstantInt::get(i32, status));
    BasicBlock *next = BasicBlock::Create(ctx, "ok", fn);
    b.CreateCondBr(bad, onBad, next);
    b.SetInsertPoint(next);
  };
  if (m.externalWeights)
    failIf(b.CreateIsNull(weights), NoWeights);
  Value *anyNull = b.getFalse();
  if (m.numDims)
    anyNull = b.CreateOr(anyNull, b.CreateIsNull(dims));
  if (!m.inputs.empty())
    anyNull = b.CreateOr(anyNull, b.CreateIsNull(ins));
  if (!m.outputs.empty())
    anyNull = b.CreateOr(anyNull, b.CreateIsNull(outs));
  failIf(anyNull, NullBuffer);
  SmallVector<Value *> args;
  if (m.externalWeights)
    args.push_back(weights);
  for (int32_t d = 0; d < m.numDims; ++d)
    args.push_back(b.CreateLoad(i64, b.CreateConstGEP1_64(i64, dims, d)));
  for (size_t i = 0; i < m.inputs.size(); ++i)
    args.push_back(b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, ins, i)));
  for (size_t i = 0; i < m.outputs.size(); ++i)
    args.push_back(b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, outs, i)));

  BasicBlock *serial = BasicBlock::Create(ctx, "serial", fn);
  BasicBlock *pooled = BasicBlock::Create(ctx, "pooled", fn);
  b.CreateCondBr(b.CreateIsNull(threads), serial, pooled);
  IRBuilder<> sb(serial);
  CallInst *call = sb.CreateCall(run, args);
  call->addFnAttr(Attribute::NoInline);
  sb.CreateRet(call);
  IRBuilder<> pb(pooled);
  if (parallelRun) {
    SmallVector<Value *> parArgs{threads};
    parArgs.append(args);
    CallInst *parCall = pb.CreateCall(parallelRun, parArgs);
    parCall->addFnAttr(Attribute::NoInline);
    pb.CreateRet(parCall);
  } else {
    pb.CreateRet(ConstantInt::get(i32, BadThreads));
  }
  return fn;
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
  Function *requirements = module.getFunction((implName + "_check").str());
  if (requirements) {
    if (requirements->arg_size() != unsigned(m.numDims)) {
      error = "the requirements function takes " +
              std::to_string(requirements->arg_size()) + " dims, expected " +
              std::to_string(m.numDims);
      return mlir::failure();
    }
    requirements->addFnAttr(Attribute::AlwaysInline);
  }

  // An exported entry `<name><suffix>(leading..., [weights,] dims..., inputs...,
  // outputs...)` returning int32_t: checks every dim, buffer and id (returning their
  // status), then leaves `b` after the checks with the model function's memref
  // arguments in `args`.
  auto entry = [&](StringRef suffix, ArrayRef<Type *> leading, IRBuilder<> &b,
                   SmallVector<Value *> &args) -> Function * {
    // int32_t <name>_run([const void *weights,] int64_t dims..., const T *inputs...,
    //                    T *outputs...)
    SmallVector<Type *> params(leading);
    unsigned first = params.size();
    if (m.externalWeights)
      params.push_back(ptr);
    unsigned dimsAt = params.size();
    params.append(m.numDims, i64);
    params.append(m.inputs.size() + m.outputs.size(), ptr);
    auto *runType = FunctionType::get(i32, params, false);
    Function *run = Function::Create(runType, GlobalValue::ExternalLinkage,
                                     m.name + suffix, module);
    run->addFnAttr(Attribute::NoUnwind);
    b.SetInsertPoint(BasicBlock::Create(ctx, "entry", run));
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
      Value *dim = run->getArg(dimsAt + d);
      dims.push_back(dim);
      check(b.CreateICmpUGT(dim, ConstantInt::get(i64, kMaxDim)), badDim);
    }
    // What the model takes of its dims (rnn-outline-requirements), before any work.
    if (requirements)
      check(b.CreateICmpNE(b.CreateCall(requirements, dims), ConstantInt::get(i32, Ok)),
            badDim);

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
      Value *limit = ConstantInt::get(i64, kMaxBytes / int64_t(elementSize(t.dtype)));
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
    unsigned argNo = dimsAt + m.numDims;
    for (const TensorInterface &t : m.inputs)
      addTensor(t, run->getArg(argNo++));
    for (const TensorInterface &t : m.outputs)
      addTensor(t, run->getArg(argNo++));
    if (m.externalWeights) {
      // The weights blob: a memref<?xi8> descriptor over the caller's buffer.
      Value *weights = run->getArg(first);
      check(b.CreateIsNull(weights), nullBuf);
      args.append({weights, weights, ConstantInt::get(i64, 0),
                   ConstantInt::get(i64, m.weightsBytes), ConstantInt::get(i64, 1)});
    }
    return run;
  };

  SmallVector<Value *> args;
  IRBuilder<> b(ctx);
  Function *run = entry("_run", {}, b, args);
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
    std::string badDim = "a dynamic dimension is negative or too large";
    if (!m.requirements.empty())
      badDim += ", or does not allow what the model takes: " +
                llvm::join(m.requirements, "; ");
    const std::pair<int32_t, const char *> texts[] = {
        {0, "ok"},
        {1, badDim.c_str()},
        {2, "an input or output buffer is NULL"},
        {3, "out of memory"},
        {4, "an embedding id lies outside the vocabulary"},
        {5, "the model takes its weights at run time: call its run function "
            "with them"},
        {6, "the thread pool is NULL, has no run function or no threads"}};
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

  Function *parallelRun = nullptr;
  if (Function *worker = module.getFunction((implName + "_worker").str())) {
    if (mlir::failed(addParallelEntry(
            module, m, entry, worker,
            module.getFunction((implName + "_worker_workspace").str()), error)))
      return mlir::failure();
    parallelRun = module.getFunction(m.name + "_run_parallel");
  }
  Function *invokeWith = addInvokeWith(module, m, run, parallelRun);

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
  uint32_t flags = (m.externalWeights ? kFlagExternalWeights : 0) |
                   (parallelRun ? kFlagParallel : 0);
  StructType *modelType = StructType::get(
      ctx, {i32, ptr, i32, i32, ptr, ptr, i32, ptr, ptr, i32, i64, i64, ptr});
  Constant *desc = ConstantStruct::get(
      modelType,
      {ConstantInt::get(i32, kAbiVersion),
       cast<Constant>(makeString(m.name, m.name + "_model_name")),
       ConstantInt::get(i32, int32_t(m.inputs.size())),
       ConstantInt::get(i32, int32_t(m.outputs.size())), inputs, outputs,
       ConstantInt::get(i32, m.numDims), invoke, message,
       ConstantInt::get(i32, flags),
       ConstantInt::get(i64, m.externalWeights ? m.weightsBytes : 0),
       ConstantInt::get(i64, m.externalWeights ? m.weightsFingerprint : 0),
       invokeWith});
  auto *model = new GlobalVariable(module, modelType, true,
                                   GlobalValue::ExternalLinkage, desc,
                                   m.name + "_model");
  if (exportFixedSymbol)
    GlobalAlias::create(modelType, 0, GlobalValue::ExternalLinkage,
                        "rnnc_model_descriptor", model, &module);
  return mlir::success();
}

} // namespace rnnc
