// rnn-externalize-weights: the model's constant weights move out of the code into one
// aligned byte blob passed at run time, so a weights file can be swapped without
// recompiling. The blob holds the weights as the kernels read them (packed).
#include "compiler/Codegen/Passes.h"
#include "compiler/Utils/ModelABI.h"

#include "mlir/IR/DialectResourceBlobManager.h"

namespace rnnc {
#define GEN_PASS_DEF_EXTERNALIZEWEIGHTS
#include "compiler/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

/// The raw little-endian bytes of a global's initial value, or nullopt.
std::optional<SmallVector<char>> bytesOf(memref::GlobalOp global) {
  auto init = llvm::dyn_cast_or_null<ElementsAttr>(global.getInitialValueAttr());
  if (!init)
    return std::nullopt;
  auto type = llvm::cast<ShapedType>(init.getType());
  Type elt = type.getElementType();
  if (!elt.isF32() && !elt.isF64() && !elt.isBF16() && !elt.isInteger(8))
    return std::nullopt;
  size_t width = elt.getIntOrFloatBitWidth() / 8;
  SmallVector<char> bytes(type.getNumElements() * width);
  if (auto res = llvm::dyn_cast<DenseResourceElementsAttr>(init)) {
    AsmResourceBlob *blob = res.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != bytes.size())
      return std::nullopt;
    llvm::copy(blob->getData(), bytes.begin());
    return bytes;
  }
  auto dense = llvm::dyn_cast<DenseElementsAttr>(init);
  if (!dense)
    return std::nullopt;
  // Dense storage is the values in the host's order, one copy for a splat.
  ArrayRef<char> raw = dense.getRawData();
  for (size_t at = 0; at < bytes.size(); at += raw.size())
    std::memcpy(&bytes[at], raw.data(), std::min(raw.size(), bytes.size() - at));
  return bytes;
}

/// FNV-1a over what the compiled code assumes of the blob: each weight's offset, element
/// width and shape, and the total size.
uint64_t fingerprint(ArrayRef<std::tuple<int64_t, MemRefType>> layout, int64_t total) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](int64_t v) {
    for (int i = 0; i < 8; ++i) {
      h ^= (uint64_t(v) >> (8 * i)) & 0xff;
      h *= 1099511628211ull;
    }
  };
  for (auto [offset, type] : layout) {
    mix(offset);
    mix(type.getElementTypeBitWidth());
    for (int64_t d : type.getShape())
      mix(d);
  }
  mix(total);
  return h;
}

struct ExternalizeWeights : rnnc::impl::ExternalizeWeightsBase<ExternalizeWeights> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> entries;
    for (auto fn : module.getOps<func::FuncOp>())
      if (fn.isPublic() && !fn.isExternal())
        entries.push_back(fn);
    if (entries.size() != 1) {
      module.emitError("rnn-externalize-weights needs exactly one public model "
                       "function, found ")
          << entries.size();
      return signalPassFailure();
    }
    func::FuncOp fn = entries.front();

    // Lay out every constant float global the function reads.
    SmallVector<char> blob;
    SmallVector<std::tuple<int64_t, MemRefType>> layout;
    llvm::StringMap<int64_t> offsets;
    SmallVector<memref::GetGlobalOp> reads;
    WalkResult walk = fn.walk([&](memref::GetGlobalOp get) {
      auto global = symbols.lookup<memref::GlobalOp>(get.getName());
      if (!global || !global.getConstant())
        return WalkResult::advance();
      if (!offsets.count(get.getName())) {
        std::optional<SmallVector<char>> bytes = bytesOf(global);
        if (!bytes)
          return WalkResult::advance();
        int64_t offset = llvm::alignTo(blob.size(), rnnc::kBufferAlignment);
        blob.resize(offset, 0);
        blob.append(bytes->begin(), bytes->end());
        offsets[get.getName()] = offset;
        layout.push_back({offset, global.getType()});
      }
      reads.push_back(get);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    blob.resize(llvm::alignTo(std::max<size_t>(blob.size(), 1), rnnc::kBufferAlignment), 0);

    OpBuilder b(&getContext());
    MemRefType blobType = MemRefType::get({ShapedType::kDynamic}, b.getIntegerType(8));
    unsigned argNo = fn.getNumArguments();
    fn.insertArgument(
        argNo, blobType,
        b.getDictionaryAttr(b.getNamedAttr("rnn.weights", b.getI64IntegerAttr(blob.size()))),
        fn.getLoc());
    Value weights = fn.getArgument(argNo);
    for (memref::GetGlobalOp get : reads) {
      b.setInsertionPoint(get);
      Value offset = b.create<arith::ConstantIndexOp>(get.getLoc(), offsets[get.getName()]);
      Value view =
          b.create<memref::ViewOp>(get.getLoc(), get.getType(), weights, offset, ValueRange{});
      get.replaceAllUsesWith(view);
      get.erase();
    }
    for (auto global : llvm::make_early_inc_range(module.getOps<memref::GlobalOp>()))
      if (SymbolTable::symbolKnownUseEmpty(global, module))
        global.erase();

    auto blobTensor = RankedTensorType::get({int64_t(blob.size())}, b.getIntegerType(8));
    module->setAttr("rnn.weights",
                    DenseResourceElementsAttr::get(
                        blobTensor, "weights",
                        HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<char>(blob))));
    module->setAttr("rnn.weights_fingerprint",
                    b.getI64IntegerAttr(int64_t(fingerprint(layout, blob.size()))));
  }
};

} // namespace
