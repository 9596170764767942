// rnn-constant-bytes: large constant globals as flat byte arrays, so that LLVM holds and
// writes a model's weights as blocks of bytes rather than one constant per row and element.
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <algorithm>

namespace rnnc {
#define GEN_PASS_DEF_CONSTANTBYTES
#include "compiler/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

/// The host-order bytes of a non-splat dense value, or an empty range.
ArrayRef<char> rawBytes(Attribute value) {
  if (auto dense = llvm::dyn_cast<DenseIntOrFPElementsAttr>(value))
    return dense.isSplat() ? ArrayRef<char>() : dense.getRawData();
  if (auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(value))
    if (AsmResourceBlob *blob = resource.getRawHandle().getBlob())
      return blob->getData();
  return {};
}

struct ConstantBytes : rnnc::impl::ConstantBytesBase<ConstantBytes> {
  using ConstantBytesBase::ConstantBytesBase;

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    bool swap = bigEndian != (llvm::endianness::native == llvm::endianness::big);
    getOperation().walk([&](LLVM::GlobalOp global) {
      auto value = llvm::dyn_cast_or_null<ElementsAttr>(global.getValueOrNull());
      if (!global.getConstant() || !value)
        return;
      Type elt = value.getElementType();
      if (!elt.isIntOrFloat() || elt.getIntOrFloatBitWidth() % 8 != 0)
        return;
      int64_t width = elt.getIntOrFloatBitWidth() / 8;
      ArrayRef<char> bytes = rawBytes(value);
      int64_t size = int64_t(bytes.size());
      if (size < minBytes || size != value.getNumElements() * width)
        return;
      // The bytes stay where the context keeps the value; a byte-swapped copy is owned by
      // the new attribute.
      AsmResourceBlob blob;
      if (swap && width > 1) {
        blob = HeapAsmResourceBlob::allocate(size, width);
        MutableArrayRef<char> out = blob.getMutableData();
        for (int64_t i = 0; i < size; i += width)
          std::reverse_copy(bytes.begin() + i, bytes.begin() + i + width, out.begin() + i);
      } else {
        blob = UnmanagedAsmResourceBlob::allocateWithAlign(bytes, alignof(char));
      }
      auto type = RankedTensorType::get({size}, IntegerType::get(ctx, 8));
      auto bytesValue = DenseResourceElementsAttr::get(type, (global.getSymName() + "_bytes").str(),
                                                       std::move(blob));
      global.setGlobalTypeAttr(
          TypeAttr::get(LLVM::LLVMArrayType::get(IntegerType::get(ctx, 8), size)));
      global.setValueAttr(bytesValue);
      // The old type's alignment was the element's; bytes alone would have none.
      uint64_t align = std::max<uint64_t>(global.getAlignment().value_or(0), width);
      global.setAlignment(align);
    });
  }
};

} // namespace
