// rnn-wrap-entry-points: the exported C functions of a compiled model, built around the
// model function on buffers. The run function checks its dims and pointers, then calls
// the model function with memref descriptors made from the caller's dense buffers; it
// returns a status and never aborts.
#include "compiler/Codegen/Passes.h"
#include "compiler/Target/ModelInterface.h"
#include "compiler/Transforms/ModelFunction.h"
#include "compiler/Utils/ModelABI.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

namespace rnnc {
#define GEN_PASS_DEF_WRAPENTRYPOINTS
#include "compiler/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

using rnnc::ModelInterface;
using rnnc::TensorInterface;

/// Reads the rnn.abi attribute of `fn` (see rnn-describe-abi).
FailureOr<ModelInterface> readABI(func::FuncOp fn) {
  auto dict = fn->getAttrOfType<DictionaryAttr>(rnnc::kABIAttrName);
  if (!dict)
    return fn.emitError("model function '")
           << fn.getSymName() << "' has no 'rnn.abi' (run rnn-describe-abi first)";
  return rnnc::decodeModelInterface(fn, dict);
}

int64_t elementBytes(Type t) { return std::max<int64_t>(1, t.getIntOrFloatBitWidth() / 8); }

/// Builds the C functions in a module: types, constants and the early-return checks.
struct Wrapper {
  ModuleOp module;
  MLIRContext *ctx;
  Location loc;
  OpBuilder b;
  Type i8, i32, i64, index, ptr;

  explicit Wrapper(ModuleOp module)
      : module(module), ctx(module.getContext()), loc(module.getLoc()), b(ctx) {
    i8 = b.getI8Type();
    i32 = b.getI32Type();
    i64 = b.getI64Type();
    index = b.getIndexType();
    ptr = LLVM::LLVMPointerType::get(ctx);
  }

  Value c32(int32_t v) { return b.create<arith::ConstantIntOp>(loc, v, 32); }
  Value c64(int64_t v) { return b.create<arith::ConstantIntOp>(loc, v, 64); }
  Value isNull(Value p) {
    return b.create<LLVM::ICmpOp>(loc, LLVM::ICmpPredicate::eq, p,
                                  b.create<LLVM::ZeroOp>(loc, ptr));
  }
  Value any(ArrayRef<Value> conditions) {
    Value r = b.create<arith::ConstantIntOp>(loc, 0, 1);
    for (Value c : conditions)
      r = b.create<arith::OrIOp>(loc, r, c);
    return r;
  }
  /// p[i] of `type` (i64 or ptr) in an array at `p`.
  Value loadAt(Type type, Value p, int64_t i) {
    Value at = b.create<LLVM::GEPOp>(loc, ptr, type, p, ArrayRef<LLVM::GEPArg>{int32_t(i)});
    return b.create<LLVM::LoadOp>(loc, type, at);
  }

  /// A function with an entry block, the builder at its start, internal unless exported.
  func::FuncOp define(StringRef name, FunctionType type, bool exported,
                      ArrayRef<StringRef> passthrough = {"nounwind"}) {
    b.setInsertionPointToEnd(module.getBody());
    auto fn = b.create<func::FuncOp>(loc, name, type);
    if (!exported)
      makeInternal(fn);
    SmallVector<Attribute> attrs;
    for (StringRef p : passthrough)
      attrs.push_back(b.getStringAttr(p));
    if (!attrs.empty())
      fn->setAttr("passthrough", b.getArrayAttr(attrs));
    b.setInsertionPointToStart(fn.addEntryBlock());
    return fn;
  }
  void makeInternal(func::FuncOp fn) {
    fn.setPrivate();
    fn->setAttr("llvm.linkage", LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
  }

  /// `llvm.func name(args) -> result`, declared once.
  LLVM::LLVMFuncOp declareC(StringRef name, Type result, ArrayRef<Type> args) {
    if (auto fn = module.lookupSymbol<LLVM::LLVMFuncOp>(name))
      return fn;
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    return b.create<LLVM::LLVMFuncOp>(loc, name, LLVM::LLVMFunctionType::get(result, args));
  }

  /// Returns `status` from the function when `bad` holds; the builder moves on to the
  /// block that runs when it does not. Each status has one returning block.
  void failIf(Value bad, int32_t status, DenseMap<int32_t, Block *> &fails) {
    Block *current = b.getInsertionBlock();
    Region *region = current->getParent();
    Block *&fail = fails[status];
    if (!fail) {
      OpBuilder::InsertionGuard guard(b);
      fail = b.createBlock(region, region->end());
      b.create<func::ReturnOp>(loc, c32(status));
    }
    Block *next = new Block();
    region->push_back(next);
    b.create<cf::CondBranchOp>(loc, bad, fail, next);
    b.setInsertionPointToStart(next);
  }

  /// An LLVM descriptor of a dense memref over `data`, as a value of `type`.
  Value descriptor(MemRefType type, Value data, ArrayRef<Value> sizes, ArrayRef<Value> strides) {
    SmallVector<Type> fields{ptr, ptr, i64};
    if (type.getRank()) {
      fields.push_back(LLVM::LLVMArrayType::get(i64, type.getRank()));
      fields.push_back(LLVM::LLVMArrayType::get(i64, type.getRank()));
    }
    auto structType = LLVM::LLVMStructType::getLiteral(ctx, fields);
    Value d = b.create<LLVM::UndefOp>(loc, structType);
    d = b.create<LLVM::InsertValueOp>(loc, d, data, ArrayRef<int64_t>{0});
    d = b.create<LLVM::InsertValueOp>(loc, d, data, ArrayRef<int64_t>{1});
    d = b.create<LLVM::InsertValueOp>(loc, d, c64(0), ArrayRef<int64_t>{2});
    for (auto [i, size] : llvm::enumerate(sizes))
      d = b.create<LLVM::InsertValueOp>(loc, d, size, ArrayRef<int64_t>{3, int64_t(i)});
    for (auto [i, stride] : llvm::enumerate(strides))
      d = b.create<LLVM::InsertValueOp>(loc, d, stride, ArrayRef<int64_t>{4, int64_t(i)});
    return d;
  }
  /// `value` as `type`, a cast the LLVM lowering folds away: the memref an LLVM
  /// descriptor stands for, the pointer a function reference becomes.
  Value cast(Value value, Type type) {
    return b.create<UnrealizedConversionCastOp>(loc, type, value).getResult(0);
  }

  /// A private NUL-terminated string constant and its address.
  Value string(StringRef name, StringRef text) {
    auto global = module.lookupSymbol<LLVM::GlobalOp>(name);
    if (!global) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(module.getBody());
      std::string bytes = text.str();
      bytes.push_back('\0');
      global = b.create<LLVM::GlobalOp>(loc, LLVM::LLVMArrayType::get(i8, bytes.size()),
                                        /*isConstant=*/true, LLVM::Linkage::Private, name,
                                        b.getStringAttr(bytes), /*alignment=*/1);
      global.setUnnamedAddr(LLVM::UnnamedAddr::Global);
    }
    return b.create<LLVM::AddressOfOp>(loc, global);
  }
};

/// What an entry leaves for the call of the model function.
struct EntryArgs {
  SmallVector<Value> descriptors; // one LLVM descriptor per memref argument
  SmallVector<Value> memrefs;     // the same as memrefs
};

struct WrapEntryPoints : rnnc::impl::WrapEntryPointsBase<WrapEntryPoints> {
  using WrapEntryPointsBase::WrapEntryPointsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp impl = rnnc::findModelFunction(module, "");
    if (!impl)
      return signalPassFailure();
    if (failed(wrap(module, impl)))
      return signalPassFailure();
  }

  LogicalResult wrap(ModuleOp module, func::FuncOp impl);
};

/// An exported entry `<name><suffix>(leading..., [weights,] dims..., inputs...,
/// outputs...) -> i32`: checks every dim, buffer and id, returning their status, and
/// leaves the builder after the checks with the model function's arguments.
struct EntryBuilder {
  Wrapper &w;
  const ModelInterface &abi;
  func::FuncOp impl;
  func::FuncOp requirements; // <impl>_check, or null
  std::optional<int64_t> weightsBytes;

  FailureOr<std::pair<func::FuncOp, EntryArgs>> build(StringRef suffix, ArrayRef<Type> leading) {
    OpBuilder &b = w.b;
    SmallVector<Type> params(leading);
    unsigned first = params.size();
    if (weightsBytes)
      params.push_back(w.ptr);
    unsigned dimsAt = params.size();
    params.append(abi.numDims, w.i64);
    params.append(abi.inputs.size() + abi.outputs.size(), w.ptr);
    func::FuncOp run = w.define(abi.name + suffix.str(), b.getFunctionType(params, {w.i32}),
                                /*exported=*/true, {"noinline", "nounwind"});
    DenseMap<int32_t, Block *> fails;

    SmallVector<Value> dims;
    for (int64_t d = 0; d < abi.numDims; ++d) {
      Value dim = run.getArgument(dimsAt + d);
      dims.push_back(dim);
      w.failIf(b.create<arith::CmpIOp>(w.loc, arith::CmpIPredicate::ugt, dim, w.c64(rnnc::kMaxDim)),
               RNNC_ERR_BAD_DIM, fails);
    }
    // What the model takes of its dims (rnn-outline-requirements), before any work.
    if (requirements) {
      Value status = b.create<func::CallOp>(w.loc, requirements, dims).getResult(0);
      w.failIf(b.create<arith::CmpIOp>(w.loc, arith::CmpIPredicate::ne, status, w.c32(RNNC_OK)),
               RNNC_ERR_BAD_DIM, fails);
    }

    EntryArgs args;
    ArrayRef<Type> memrefTypes = impl.getArgumentTypes();
    auto addTensor = [&](const TensorInterface &t, Value data) -> LogicalResult {
      w.failIf(w.isNull(data), RNNC_ERR_NULL_BUFFER, fails);
      auto type = llvm::dyn_cast<MemRefType>(memrefTypes[args.memrefs.size()]);
      if (!type || type.getRank() != int64_t(t.shape.size()) ||
          !type.getElementType().isIntOrFloat())
        return impl.emitError("argument ")
               << args.memrefs.size() << " of the model function is "
               << memrefTypes[args.memrefs.size()] << ", but 'rnn.abi' describes a rank-"
               << t.shape.size() << " tensor of numbers";
      SmallVector<Value> sizes;
      SmallVector<std::optional<uint64_t>> known;
      for (auto [size, param] : llvm::zip(t.shape, t.dimParam)) {
        sizes.push_back(size >= 0 ? w.c64(size) : dims[param]);
        known.push_back(size >= 0 ? std::optional<uint64_t>(size) : std::nullopt);
      }
      // Dense C order: stride[d] = product of the sizes after d. Each product is checked
      // for overflow and against the element limit, so size arithmetic never wraps.
      SmallVector<Value> strides(sizes.size());
      Value stride = w.c64(1);
      std::optional<uint64_t> knownStride = 1;
      uint64_t limit = uint64_t(rnnc::kMaxBytes) / elementBytes(type.getElementType());
      for (size_t d = sizes.size(); d-- > 0;) {
        strides[d] = stride;
        if (knownStride && known[d]) {
          // Static dims: the product is known, and checked, here.
          uint64_t product;
          if (!__builtin_mul_overflow(*knownStride, *known[d], &product) && product <= limit) {
            knownStride = product;
            stride = w.c64(int64_t(product));
            continue;
          }
        }
        knownStride.reset();
        auto product = b.create<arith::MulUIExtendedOp>(w.loc, stride, sizes[d]);
        stride = product.getLow();
        w.failIf(w.any({b.create<arith::CmpIOp>(w.loc, arith::CmpIPredicate::ne, product.getHigh(),
                                                w.c64(0)),
                        b.create<arith::CmpIOp>(w.loc, arith::CmpIPredicate::ugt, stride,
                                                w.c64(int64_t(limit)))}),
                 RNNC_ERR_BAD_DIM, fails);
      }
      if (t.idLimit > 0)
        checkIds(t, type.getElementType(), data, stride, fails);
      Value d = w.descriptor(type, data, sizes, strides);
      args.descriptors.push_back(d);
      args.memrefs.push_back(w.cast(d, type));
      return success();
    };
    unsigned argNo = dimsAt + abi.numDims;
    for (const TensorInterface &t : llvm::concat<const TensorInterface>(abi.inputs, abi.outputs))
      if (failed(addTensor(t, run.getArgument(argNo++))))
        return failure();
    if (weightsBytes) {
      // The weights blob: a memref<?xi8> descriptor over the caller's buffer.
      Value weights = run.getArgument(first);
      w.failIf(w.isNull(weights), RNNC_ERR_NULL_BUFFER, fails);
      auto type = MemRefType::get({ShapedType::kDynamic}, w.i8);
      Value d = w.descriptor(type, weights, {w.c64(*weightsBytes)}, {w.c64(1)});
      args.descriptors.push_back(d);
      args.memrefs.push_back(w.cast(d, type));
    }
    return std::make_pair(run, args);
  }

  /// Embedding ids are checked before anything runs: a bad id is a status, never a read
  /// outside the table.
  void checkIds(const TensorInterface &t, Type idType, Value data, Value count,
                DenseMap<int32_t, Block *> &fails) {
    OpBuilder &b = w.b;
    Location loc = w.loc;
    // The index of the first bad id, or count.
    auto loop = b.create<scf::WhileOp>(
        loc, TypeRange{w.i64}, ValueRange{w.c64(0)},
        [&](OpBuilder &, Location, ValueRange iv) {
          Value i = iv[0];
          Value inside = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, i, count);
          auto ok = b.create<scf::IfOp>(
              loc, inside,
              [&](OpBuilder &, Location) {
                Value at = b.create<LLVM::GEPOp>(loc, w.ptr, idType, data, ValueRange{i});
                Value id = b.create<LLVM::LoadOp>(loc, idType, at);
                if (idType != w.i64)
                  id = b.create<arith::ExtSIOp>(loc, w.i64, id);
                b.create<scf::YieldOp>(
                    loc, ValueRange{b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, id,
                                                            w.c64(t.idLimit))});
              },
              [&](OpBuilder &, Location) {
                b.create<scf::YieldOp>(loc, ValueRange{b.create<arith::ConstantIntOp>(loc, 0, 1)});
              });
          b.create<scf::ConditionOp>(loc, ok.getResult(0), ValueRange{i});
        },
        [&](OpBuilder &, Location, ValueRange iv) {
          b.create<scf::YieldOp>(loc, ValueRange{b.create<arith::AddIOp>(loc, iv[0], w.c64(1))});
        });
    w.failIf(b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, loop.getResult(0), count),
             RNNC_ERR_BAD_ID, fails);
  }
};

/// Defines `rnn_barrier(ptr sync, index workers)`, which the worker function calls
/// between phases: sync is two cache lines, an arrival count and a generation. The last
/// to arrive resets the count and bumps the generation; the others spin until it moves.
void defineBarrier(Wrapper &w, func::FuncOp barrier, const llvm::Triple &triple) {
  OpBuilder &b = w.b;
  Location loc = w.loc;
  w.makeInternal(barrier);
  barrier->setAttr("passthrough", b.getArrayAttr({b.getStringAttr("nounwind")}));
  Block *entry = barrier.addEntryBlock();
  Region &body = barrier.getBody();
  Block *arrive = b.createBlock(&body, body.end());
  Block *release = b.createBlock(&body, body.end());
  Block *wait = b.createBlock(&body, body.end(), {w.i64}, {loc});
  Block *yield = b.createBlock(&body, body.end());
  Block *check = b.createBlock(&body, body.end());
  Block *done = b.createBlock(&body, body.end());

  b.setInsertionPointToStart(entry);
  Value sync = barrier.getArgument(0);
  Value workers = b.create<arith::IndexCastOp>(loc, w.i64, barrier.getArgument(1));
  b.create<cf::CondBranchOp>(
      loc, b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sle, workers, w.c64(1)), done,
      arrive);

  b.setInsertionPointToStart(arrive);
  Value count = sync;
  Value generation = b.create<LLVM::GEPOp>(loc, w.ptr, w.i8, sync, ArrayRef<LLVM::GEPArg>{64});
  Value seen = b.create<LLVM::LoadOp>(loc, w.i64, generation, /*alignment=*/8, false, false, false,
                                      LLVM::AtomicOrdering::acquire);
  Value before = b.create<LLVM::AtomicRMWOp>(loc, LLVM::AtomicBinOp::add, count, w.c64(1),
                                             LLVM::AtomicOrdering::acq_rel, StringRef(),
                                             /*alignment=*/8);
  Value last = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, before,
                                       b.create<arith::SubIOp>(loc, workers, w.c64(1)));
  b.create<cf::CondBranchOp>(loc, last, release, ValueRange{}, wait, ValueRange{w.c64(0)});

  b.setInsertionPointToStart(release);
  b.create<LLVM::StoreOp>(loc, w.c64(0), count, /*alignment=*/8, false, false,
                          LLVM::AtomicOrdering::monotonic);
  b.create<LLVM::AtomicRMWOp>(loc, LLVM::AtomicBinOp::add, generation, w.c64(1),
                              LLVM::AtomicOrdering::release, StringRef(), /*alignment=*/8);
  b.create<cf::BranchOp>(loc, done);

  // Spin with the CPU's pause hint; every 1024 rounds give the core away, in case the
  // pool has more threads than the machine has cores.
  b.setInsertionPointToStart(wait);
  Value round = wait->getArgument(0);
  if (triple.isX86())
    b.create<LLVM::CallIntrinsicOp>(loc, TypeRange{}, "llvm.x86.sse2.pause", ValueRange{});
  else if (triple.isAArch64())
    b.create<LLVM::CallIntrinsicOp>(loc, TypeRange{}, "llvm.aarch64.hint",
                                    ValueRange{w.c32(1)}); // yield
  Value next = b.create<arith::AddIOp>(loc, round, w.c64(1));
  Value every = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                        b.create<arith::AndIOp>(loc, next, w.c64(1023)), w.c64(0));
  b.create<cf::CondBranchOp>(loc, every, yield, check);

  b.setInsertionPointToStart(yield);
  b.create<LLVM::CallOp>(loc, w.declareC("sched_yield", w.i32, {}), ValueRange{});
  b.create<cf::BranchOp>(loc, check);

  b.setInsertionPointToStart(check);
  Value now = b.create<LLVM::LoadOp>(loc, w.i64, generation, /*alignment=*/8, false, false, false,
                                     LLVM::AtomicOrdering::acquire);
  b.create<cf::CondBranchOp>(loc, b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, now, seen),
                             wait, ValueRange{next}, done, ValueRange{});

  b.setInsertionPointToStart(done);
  b.create<func::ReturnOp>(loc);
}

/// `<name>_run_parallel(const rnnc_threads *threads, dims..., inputs..., outputs...)`: the
/// run function's checks, then one work block for all workers (sized by the workspace
/// function), and the pool runs <name>_worker_task once per worker.
LogicalResult addParallelEntry(Wrapper &w, EntryBuilder &entry, func::FuncOp worker,
                               func::FuncOp workspace, const llvm::Triple &triple) {
  OpBuilder &b = w.b;
  Location loc = w.loc;
  const ModelInterface &abi = entry.abi;
  auto barrier = w.module.lookupSymbol<func::FuncOp>(rnnc::kBarrierSymbol);
  if (!workspace || !barrier)
    return worker.emitError("the worker function has no workspace or barrier function");
  if (barrier.isExternal())
    defineBarrier(w, barrier, triple);

  FailureOr<std::pair<func::FuncOp, EntryArgs>> built = entry.build("_run_parallel", {w.ptr});
  if (failed(built))
    return failure();
  auto [par, args] = *built;
  // worker(args..., index, workers, sync, block); workspace(args..., index, workers, sync)
  size_t n = args.memrefs.size();
  if (n + 4 != worker.getNumArguments() || n + 3 != workspace.getNumArguments())
    return worker.emitError("the worker and workspace functions take ")
           << worker.getNumArguments() << " and " << workspace.getNumArguments()
           << " arguments, expected " << n + 4 << " and " << n + 3;
  DenseMap<int32_t, Block *> fails;
  // rnnc_threads { void *pool; int32_t size; void (*run)(void *, task, void *); }
  auto threadsType = LLVM::LLVMStructType::getLiteral(w.ctx, {w.ptr, w.i32, w.ptr});
  Value threads = par.getArgument(0);
  w.failIf(w.isNull(threads), RNNC_ERR_BAD_THREADS, fails);
  auto field = [&](Type structType, Value p, int32_t i) -> Value {
    return b.create<LLVM::GEPOp>(loc, w.ptr, structType, p, ArrayRef<LLVM::GEPArg>{0, i});
  };
  Value pool = b.create<LLVM::LoadOp>(loc, w.ptr, field(threadsType, threads, 0));
  Value size = b.create<LLVM::LoadOp>(loc, w.i32, field(threadsType, threads, 1));
  Value runPool = b.create<LLVM::LoadOp>(loc, w.ptr, field(threadsType, threads, 2));
  w.failIf(w.any({w.isNull(runPool),
                  b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, size, w.c32(1))}),
           RNNC_ERR_BAD_THREADS, fails);
  Value workers = b.create<arith::ExtSIOp>(loc, w.i64, size);
  Value workersIndex = b.create<arith::IndexCastOp>(loc, w.index, workers);

  // The block every worker shares, aligned as rnn-plan-workspace's buffers expect; -1 bytes:
  // a size overflowed.
  SmallVector<Value> sizeArgs(args.memrefs);
  sizeArgs.append(
      {b.create<arith::ConstantIndexOp>(loc, 0), workersIndex, b.create<LLVM::ZeroOp>(loc, w.ptr)});
  Value bytes = b.create<func::CallOp>(loc, workspace, sizeArgs).getResult(0);
  w.failIf(b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, bytes, w.c64(0)),
           RNNC_ERR_OUT_OF_MEMORY, fails);
  LLVM::LLVMFuncOp mallocFn = w.declareC("malloc", w.ptr, {w.i64});
  LLVM::LLVMFuncOp freeFn = w.declareC("free", LLVM::LLVMVoidType::get(w.ctx), {w.ptr});
  Value raw = b.create<LLVM::CallOp>(
                   loc, mallocFn,
                   ValueRange{b.create<arith::AddIOp>(loc, bytes, w.c64(rnnc::kBufferAlignment))})
                  .getResult();
  w.failIf(w.isNull(raw), RNNC_ERR_OUT_OF_MEMORY, fails);
  Value address = b.create<LLVM::PtrToIntOp>(loc, w.i64, raw);
  Value skew = b.create<arith::AndIOp>(loc, b.create<arith::SubIOp>(loc, w.c64(0), address),
                                       w.c64(rnnc::kBufferAlignment - 1));
  Value aligned = b.create<LLVM::GEPOp>(loc, w.ptr, w.i8, raw, ValueRange{skew});

  // The barrier's two cache lines, and the task's arguments, on this frame.
  auto syncType = LLVM::LLVMArrayType::get(w.i64, 16);
  Value sync = b.create<LLVM::AllocaOp>(loc, w.ptr, syncType, w.c64(1), /*alignment=*/64);
  b.create<LLVM::MemsetOp>(loc, sync, b.create<arith::ConstantIntOp>(loc, 0, 8), w.c64(128),
                           /*isVolatile=*/false);
  SmallVector<Type> fields;
  for (Value d : args.descriptors)
    fields.push_back(d.getType());
  fields.append({w.i64, w.ptr, w.ptr, w.ptr, w.i64});
  auto taskType = LLVM::LLVMStructType::getLiteral(w.ctx, fields);
  Value task = b.create<LLVM::AllocaOp>(loc, w.ptr, taskType, w.c64(1));
  SmallVector<Value> values(args.descriptors);
  values.append({workers, sync, raw, aligned, bytes});
  for (auto [i, v] : llvm::enumerate(values))
    b.create<LLVM::StoreOp>(loc, v, field(taskType, task, int32_t(i)));
  OpBuilder::InsertPoint afterStores = b.saveInsertionPoint();

  // void <name>_worker_task(void *task, int32_t index)
  func::FuncOp taskFn =
      w.define(abi.name + "_worker_task", b.getFunctionType({w.ptr, w.i32}, {}), false);
  {
    SmallVector<Value> loaded;
    for (auto [i, type] : llvm::enumerate(fields))
      loaded.push_back(
          b.create<LLVM::LoadOp>(loc, type, field(taskType, taskFn.getArgument(0), int32_t(i))));
    SmallVector<Value> call;
    for (auto [d, type] :
         llvm::zip(ArrayRef<Value>(loaded).take_front(n), worker.getArgumentTypes().take_front(n)))
      call.push_back(w.cast(d, type));
    Value index = b.create<arith::IndexCastOp>(loc, w.index, taskFn.getArgument(1));
    Value nWorkers = b.create<arith::IndexCastOp>(loc, w.index, loaded[n]);
    auto blockType = MemRefType::get({ShapedType::kDynamic}, w.i8);
    Value block = w.descriptor(blockType, loaded[n + 2], {loaded[n + 4]}, {w.c64(1)});
    // The allocated pointer is the raw one, the aligned one the block's start.
    block = b.create<LLVM::InsertValueOp>(loc, block, loaded[n + 3], ArrayRef<int64_t>{1});
    call.append({index, nWorkers, loaded[n + 1], w.cast(block, blockType)});
    b.create<func::CallOp>(loc, worker, call);
    b.create<func::ReturnOp>(loc);
  }

  b.restoreInsertionPoint(afterStores);
  Value taskFnRef = b.create<func::ConstantOp>(loc, taskFn.getFunctionType(),
                                               FlatSymbolRefAttr::get(w.ctx, taskFn.getSymName()));
  Value taskFnPtr = w.cast(taskFnRef, w.ptr);
  auto runType = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(w.ctx), {w.ptr, w.ptr, w.ptr});
  b.create<LLVM::CallOp>(loc, runType, ValueRange{runPool, pool, taskFnPtr, task});
  b.create<LLVM::CallOp>(loc, freeFn, ValueRange{raw});
  b.create<func::ReturnOp>(loc, w.c32(RNNC_OK));
  return success();
}

/// The descriptor's run_with: int32_t invoke_with(const rnnc_threads *threads,
/// const void *weights, const int64_t *dims, const void *const *inputs,
/// void *const *outputs). Unpacks the arrays into <name>_run, or <name>_run_parallel
/// when a pool is given, passing the weights first when the model takes them.
void addInvokeWith(Wrapper &w, const ModelInterface &abi, bool externalWeights, func::FuncOp run,
                   func::FuncOp parallelRun) {
  OpBuilder &b = w.b;
  Location loc = w.loc;
  func::FuncOp fn =
      w.define(abi.name + "_invoke_with",
               b.getFunctionType({w.ptr, w.ptr, w.ptr, w.ptr, w.ptr}, {w.i32}), false);
  Value threads = fn.getArgument(0), weights = fn.getArgument(1), dims = fn.getArgument(2),
        ins = fn.getArgument(3), outs = fn.getArgument(4);
  DenseMap<int32_t, Block *> fails;
  if (externalWeights)
    w.failIf(w.isNull(weights), RNNC_ERR_NO_WEIGHTS, fails);
  SmallVector<Value> nulls;
  if (abi.numDims)
    nulls.push_back(w.isNull(dims));
  if (!abi.inputs.empty())
    nulls.push_back(w.isNull(ins));
  if (!abi.outputs.empty())
    nulls.push_back(w.isNull(outs));
  w.failIf(w.any(nulls), RNNC_ERR_NULL_BUFFER, fails);
  SmallVector<Value> args;
  if (externalWeights)
    args.push_back(weights);
  for (int64_t d = 0; d < abi.numDims; ++d)
    args.push_back(w.loadAt(w.i64, dims, d));
  for (size_t i = 0; i < abi.inputs.size(); ++i)
    args.push_back(w.loadAt(w.ptr, ins, i));
  for (size_t i = 0; i < abi.outputs.size(); ++i)
    args.push_back(w.loadAt(w.ptr, outs, i));

  Region &body = fn.getBody();
  Block *checked = b.getInsertionBlock();
  Block *serial = b.createBlock(&body, body.end());
  Block *pooled = b.createBlock(&body, body.end());
  b.setInsertionPointToEnd(checked);
  b.create<cf::CondBranchOp>(loc, w.isNull(threads), serial, pooled);
  b.setInsertionPointToStart(serial);
  b.create<func::ReturnOp>(loc, b.create<func::CallOp>(loc, run, args).getResults());
  b.setInsertionPointToStart(pooled);
  if (parallelRun) {
    SmallVector<Value> parArgs{threads};
    parArgs.append(args);
    b.create<func::ReturnOp>(loc, b.create<func::CallOp>(loc, parallelRun, parArgs).getResults());
  } else {
    b.create<func::ReturnOp>(loc, w.c32(RNNC_ERR_BAD_THREADS));
  }
}

LogicalResult WrapEntryPoints::wrap(ModuleOp module, func::FuncOp impl) {
  FailureOr<ModelInterface> abi = readABI(impl);
  if (failed(abi))
    return failure();
  Wrapper w(module);
  OpBuilder &b = w.b;
  Location loc = w.loc;

  std::string tripleText = targetTriple;
  if (tripleText.empty()) {
    if (auto attr = module->getAttrOfType<StringAttr>("llvm.target_triple"))
      tripleText = attr.str();
    else
      tripleText = llvm::sys::getDefaultTargetTriple();
  }
  llvm::Triple triple(tripleText);

  // The weights blob of --weights=external: the trailing argument rnn.weights marks.
  std::optional<int64_t> weightsBytes;
  unsigned numArgs = impl.getNumArguments();
  if (numArgs)
    if (auto bytes = impl.getArgAttrOfType<IntegerAttr>(numArgs - 1, "rnn.weights"))
      weightsBytes = bytes.getInt();
  size_t expected = abi->inputs.size() + abi->outputs.size() + (weightsBytes ? 1 : 0);
  if (numArgs != expected)
    return impl.emitError("the model function takes ")
           << numArgs << " arguments, but 'rnn.abi' describes " << expected;
  if (impl.getNumResults() > 1 ||
      (impl.getNumResults() == 1 && !impl.getResultTypes()[0].isInteger(32)))
    return impl.emitError("the model function must return nothing or an i32 status");

  std::string implName = impl.getSymName().str();
  auto requirements = module.lookupSymbol<func::FuncOp>(implName + "_check");
  if (requirements) {
    if (requirements.getNumArguments() != unsigned(abi->numDims))
      return requirements.emitError("the requirements function takes ")
             << requirements.getNumArguments() << " dims, expected " << abi->numDims;
    requirements->setAttr("passthrough", b.getArrayAttr({b.getStringAttr("alwaysinline")}));
  }
  // The kernels live in <name>_run itself: the model function is inlined there, and the
  // descriptor's entry calls <name>_run rather than inlining a second copy.
  impl->setAttr("passthrough", b.getArrayAttr({b.getStringAttr("alwaysinline")}));
  impl->removeAttr(rnnc::kABIAttrName);

  EntryBuilder entry{w, *abi, impl, requirements, weightsBytes};
  FailureOr<std::pair<func::FuncOp, EntryArgs>> built = entry.build("_run", {});
  if (failed(built))
    return failure();
  auto [run, args] = *built;
  // A model with heap work buffers returns its status (out of memory); others cannot fail.
  auto call = b.create<func::CallOp>(loc, impl, args.memrefs);
  b.create<func::ReturnOp>(loc, call.getNumResults() ? call.getResult(0) : w.c32(RNNC_OK));

  // const char *<name>_status_message(int32_t)
  func::FuncOp message =
      w.define(abi->name + "_status_message", b.getFunctionType({w.i32}, {w.ptr}), true, {});
  {
    std::string badDim = "a dynamic dimension is negative or too large";
    if (!abi->requirements.empty())
      badDim += ", or does not allow what the model takes: " + llvm::join(abi->requirements, "; ");
    const std::pair<int32_t, std::string> texts[] = {
        {RNNC_OK, "ok"},
        {RNNC_ERR_BAD_DIM, badDim},
        {RNNC_ERR_NULL_BUFFER, "an input or output buffer is NULL"},
        {RNNC_ERR_OUT_OF_MEMORY, "out of memory"},
        {RNNC_ERR_BAD_ID, "an embedding id lies outside the vocabulary"},
        {RNNC_ERR_NO_WEIGHTS, "the model takes its weights at run time: call its run "
                              "function with them"},
        {RNNC_ERR_BAD_THREADS, "the thread pool is NULL, has no run function or no threads"}};
    Region &body = message.getBody();
    Block *entryBlock = &body.front();
    Block *unknown = b.createBlock(&body, body.end());
    b.create<func::ReturnOp>(loc, w.string(abi->name + "_status_unknown", "unknown status"));
    SmallVector<int32_t> codes;
    SmallVector<Block *> blocks;
    for (const auto &[code, text] : texts) {
      blocks.push_back(b.createBlock(&body, body.end()));
      codes.push_back(code);
      b.create<func::ReturnOp>(loc, w.string(abi->name + "_status_" + std::to_string(code), text));
    }
    b.setInsertionPointToEnd(entryBlock);
    b.create<cf::SwitchOp>(loc, message.getArgument(0), unknown, ValueRange{}, codes, blocks,
                           SmallVector<ValueRange>(blocks.size(), ValueRange{}));
  }

  // int32_t invoke(const int64_t *dims, const void *const *inputs, void *const *outputs)
  func::FuncOp invoke =
      w.define(abi->name + "_invoke", b.getFunctionType({w.ptr, w.ptr, w.ptr}, {w.i32}), false);
  if (weightsBytes) {
    // The descriptor's entry has no weights to pass.
    b.create<func::ReturnOp>(loc, w.c32(RNNC_ERR_NO_WEIGHTS));
  } else {
    DenseMap<int32_t, Block *> fails;
    SmallVector<Value> nulls;
    if (abi->numDims)
      nulls.push_back(w.isNull(invoke.getArgument(0)));
    if (!abi->inputs.empty())
      nulls.push_back(w.isNull(invoke.getArgument(1)));
    if (!abi->outputs.empty())
      nulls.push_back(w.isNull(invoke.getArgument(2)));
    w.failIf(w.any(nulls), RNNC_ERR_NULL_BUFFER, fails);
    SmallVector<Value> callArgs;
    for (int64_t d = 0; d < abi->numDims; ++d)
      callArgs.push_back(w.loadAt(w.i64, invoke.getArgument(0), d));
    for (size_t i = 0; i < abi->inputs.size(); ++i)
      callArgs.push_back(w.loadAt(w.ptr, invoke.getArgument(1), i));
    for (size_t i = 0; i < abi->outputs.size(); ++i)
      callArgs.push_back(w.loadAt(w.ptr, invoke.getArgument(2), i));
    b.create<func::ReturnOp>(loc, b.create<func::CallOp>(loc, run, callArgs).getResults());
  }

  func::FuncOp parallelRun;
  if (auto worker = module.lookupSymbol<func::FuncOp>(implName + "_worker")) {
    worker->removeAttr(rnnc::kABIAttrName);
    auto workspace = module.lookupSymbol<func::FuncOp>(implName + "_worker_workspace");
    if (workspace)
      workspace->removeAttr(rnnc::kABIAttrName);
    if (failed(addParallelEntry(w, entry, worker, workspace, triple)))
      return failure();
    parallelRun = module.lookupSymbol<func::FuncOp>(abi->name + "_run_parallel");
  }
  addInvokeWith(w, *abi, weightsBytes.has_value(), run, parallelRun);

  // The description moves to the module, complete, for the header and the descriptor.
  abi->parallel = bool(parallelRun);
  if (weightsBytes) {
    abi->externalWeights = true;
    abi->weightsBytes = *weightsBytes;
    if (auto print = module->getAttrOfType<IntegerAttr>("rnn.weights_fingerprint"))
      abi->weightsFingerprint = uint64_t(print.getInt());
  }
  module->setAttr(rnnc::kABIAttrName, rnnc::encodeModelInterface(b, *abi));
  return success();
}

} // namespace
