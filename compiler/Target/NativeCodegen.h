// From the LLVM dialect to native code: target selection (host by default), translation
// to LLVM IR, the O-level pipeline, and object / assembly emission.
#ifndef RNNC_COMPILER_TARGET_NATIVECODEGEN_H
#define RNNC_COMPILER_TARGET_NATIVECODEGEN_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/CodeGen.h"

#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
} // namespace llvm

namespace rnnc {

struct TargetOptions {
  std::string triple;   // empty: the host's
  std::string cpu;      // empty or "host": the host's
  std::string features; // empty: the CPU's own (the host's, for the host CPU)
  int optLevel = 3;
};

/// Creates the target machine; `error` says what was wrong with the options.
std::unique_ptr<llvm::TargetMachine> createTargetMachine(const TargetOptions &options,
                                                         std::string &error);

/// Facts about the target that shape the kernels.
struct TargetTraits {
  int64_t vectorWidth = 4; // f32 lanes of the widest vector register
  int64_t vectorRegisters = 16;
  bool bigEndian = false;
  /// The target has a bf16 pair dot product for the widest vectors (AVX512_BF16).
  bool bf16Dot = false;
  /// The target has an int8 quad dot product for the widest vectors (AVX512_VNNI's vpdpbusd).
  bool int8Dot = false;
};
TargetTraits describeTarget(llvm::TargetMachine &tm);

/// Translates a module in the LLVM dialect to LLVM IR for `tm`.
std::unique_ptr<llvm::Module> translateToLLVMIR(mlir::ModuleOp module, llvm::LLVMContext &ctx,
                                                llvm::TargetMachine &tm);

/// Runs the O-level pipeline. Targets without an FMA instruction get llvm.fmuladd in
/// place of llvm.fma first, so no FMA becomes a libm call.
void optimizeModule(llvm::Module &module, llvm::TargetMachine &tm, int optLevel);

/// Emits an object file or assembly text.
bool emitNative(llvm::Module &module, llvm::TargetMachine &tm, llvm::CodeGenFileType type,
                llvm::SmallVectorImpl<char> &out, std::string &error);

} // namespace rnnc

#endif // RNNC_COMPILER_TARGET_NATIVECODEGEN_H
