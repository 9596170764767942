// From the LLVM dialect to native code for the host or a named target.
#include "compiler/Target/NativeCodegen.h"

#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace rnnc {

namespace {
/// "; did you mean 'x'?" for the known name nearest to `given` (written after `sign`), when
/// one is near enough to be a misspelling of it; else empty.
std::string didYouMean(StringRef given, ArrayRef<StringRef> known, StringRef sign = "") {
  StringRef best;
  unsigned bestDistance = ~0u;
  for (StringRef name : known) {
    unsigned d = given.edit_distance(name, /*AllowReplacements=*/true, bestDistance);
    if (d < bestDistance) {
      bestDistance = d;
      best = name;
    }
  }
  if (best.empty() || bestDistance > std::max<size_t>(1, given.size() / 3))
    return "";
  return "; did you mean '" + sign.str() + best.str() + "'?";
}
} // namespace

std::unique_ptr<TargetMachine> createTargetMachine(const TargetOptions &options,
                                                   std::string &error) {
  static bool initialized = [] {
    InitializeAllTargetInfos();
    InitializeAllTargets();
    InitializeAllTargetMCs();
    InitializeAllAsmPrinters();
    InitializeAllAsmParsers();
    return true;
  }();
  (void)initialized;

  bool host = options.triple.empty();
  std::string tripleName = host ? sys::getDefaultTargetTriple() : Triple::normalize(options.triple);
  Triple triple(tripleName);
  const Target *target = TargetRegistry::lookupTarget(tripleName, error);
  if (!target) {
    error = "unknown target triple '" + options.triple + "': " + error;
    return nullptr;
  }
  std::string cpu = options.cpu;
  std::string features = options.features;
  if (cpu.empty() || cpu == "host") {
    if (!host && cpu.empty()) {
      cpu = "generic";
    } else {
      if (!host && triple.getArch() != Triple(sys::getDefaultTargetTriple()).getArch()) {
        error = "--target-cpu=host needs the host's architecture, not '" + options.triple + "'";
        return nullptr;
      }
      cpu = sys::getHostCPUName().str();
      if (features.empty()) {
        SubtargetFeatures f;
        for (auto &feature : sys::getHostCPUFeatures())
          f.AddFeature(feature.first(), feature.second);
        features = f.getString();
      }
    }
  }
  // Check the CPU and features against the target's own lists (LLVM would only warn and
  // ignore them).
  std::unique_ptr<MCSubtargetInfo> sti(target->createMCSubtargetInfo(tripleName, "", ""));
  if (!sti) {
    error = "cannot describe target '" + tripleName + "'";
    return nullptr;
  }
  if (cpu != "generic" && !sti->isCPUStringValid(cpu)) {
    SmallVector<StringRef> cpus;
    for (const SubtargetSubTypeKV &kv : sti->getAllProcessorDescriptions())
      cpus.push_back(kv.Key);
    error = "unknown CPU '" + cpu + "' for target '" + tripleName + "'" + didYouMean(cpu, cpus);
    return nullptr;
  }
  if (!options.features.empty()) {
    SmallVector<StringRef> tokens;
    StringRef(options.features).split(tokens, ',', -1, false);
    for (StringRef token : tokens) {
      token = token.trim();
      bool known = false;
      if (token.size() > 1 && (token[0] == '+' || token[0] == '-'))
        for (const SubtargetFeatureKV &kv : sti->getAllProcessorFeatures())
          known |= token.drop_front() == kv.Key;
      if (!known) {
        SmallVector<StringRef> names;
        for (const SubtargetFeatureKV &kv : sti->getAllProcessorFeatures())
          names.push_back(kv.Key);
        bool signed_ = token.size() > 1 && (token[0] == '+' || token[0] == '-');
        std::string hint = signed_ ? didYouMean(token.drop_front(), names, token.take_front()) : "";
        error = "unknown target feature '" + token.str() + "' for '" + tripleName + "'" +
                (hint.empty() ? std::string("; features are written +name or -name, e.g. "
                                            "+avx2,+fma")
                              : hint);
        return nullptr;
      }
    }
  }
  llvm::TargetOptions to;
  to.AllowFPOpFusion = FPOpFusion::Fast;
  CodeGenOptLevel level = options.optLevel >= 3   ? CodeGenOptLevel::Aggressive
                          : options.optLevel == 2 ? CodeGenOptLevel::Default
                          : options.optLevel == 1 ? CodeGenOptLevel::Less
                                                  : CodeGenOptLevel::None;
  std::unique_ptr<TargetMachine> tm(
      target->createTargetMachine(tripleName, cpu, features, to, Reloc::PIC_, std::nullopt, level));
  if (!tm)
    error = "cannot create a target machine for '" + tripleName + "'";
  return tm;
}

TargetTraits describeTarget(TargetMachine &tm) {
  TargetTraits traits;
  const Triple &triple = tm.getTargetTriple();
  const MCSubtargetInfo *sti = tm.getMCSubtargetInfo();
  traits.bigEndian = tm.createDataLayout().isBigEndian();
  if (triple.isX86()) {
    if (sti->checkFeatures("+avx512f")) {
      traits.vectorWidth = 16;
      traits.vectorRegisters = 32;
      traits.bf16Dot = sti->checkFeatures("+avx512bf16");
      traits.int8Dot = sti->checkFeatures("+avx512vnni");
    } else if (sti->checkFeatures("+avx")) {
      traits.vectorWidth = 8;
      traits.vectorRegisters = 16;
    }
  } else if (triple.isAArch64()) {
    traits.vectorWidth = 4;
    traits.vectorRegisters = 32;
  }
  return traits;
}

std::unique_ptr<Module> translateToLLVMIR(mlir::ModuleOp module, LLVMContext &ctx,
                                          TargetMachine &tm) {
  std::unique_ptr<Module> llvmModule = mlir::translateModuleToLLVMIR(module, ctx);
  if (llvmModule) {
    llvmModule->setTargetTriple(tm.getTargetTriple().str());
    llvmModule->setDataLayout(tm.createDataLayout());
  }
  return llvmModule;
}

namespace {
bool hasFMA(TargetMachine &tm) {
  const Triple &t = tm.getTargetTriple();
  if (t.isX86())
    return tm.getMCSubtargetInfo()->checkFeatures("+fma") ||
           tm.getMCSubtargetInfo()->checkFeatures("+avx512f");
  return t.isAArch64() || t.isRISCV();
}

/// llvm.fma must be exact, so without an FMA instruction it becomes a libm call;
/// llvm.fmuladd lets the backend use a multiply and an add instead.
void relaxFMA(Module &module) {
  SmallVector<Function *> fmas;
  for (Function &f : module)
    if (f.getIntrinsicID() == Intrinsic::fma)
      fmas.push_back(&f);
  for (Function *fma : fmas) {
    Function *fmuladd =
        Intrinsic::getDeclaration(&module, Intrinsic::fmuladd, {fma->getReturnType()});
    for (User *u : llvm::make_early_inc_range(fma->users()))
      if (auto *call = dyn_cast<CallInst>(u))
        call->setCalledFunction(fmuladd);
  }
}
} // namespace

void optimizeModule(Module &module, TargetMachine &tm, int optLevel) {
  if (!hasFMA(tm))
    relaxFMA(module);
  for (Function &f : module) {
    if (f.isDeclaration())
      continue;
    f.addFnAttr("target-cpu", tm.getTargetCPU());
    if (!tm.getTargetFeatureString().empty())
      f.addFnAttr("target-features", tm.getTargetFeatureString());
  }
  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  PipelineTuningOptions pto;
  pto.LoopVectorization = optLevel >= 2;
  pto.SLPVectorization = optLevel >= 2;
  PassBuilder pb(&tm, pto);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  OptimizationLevel level = optLevel >= 3   ? OptimizationLevel::O3
                            : optLevel == 2 ? OptimizationLevel::O2
                            : optLevel == 1 ? OptimizationLevel::O1
                                            : OptimizationLevel::O0;
  ModulePassManager mpm = level == OptimizationLevel::O0 ? pb.buildO0DefaultPipeline(level)
                                                         : pb.buildPerModuleDefaultPipeline(level);
  mpm.run(module, mam);
}

bool emitNative(Module &module, TargetMachine &tm, CodeGenFileType type, SmallVectorImpl<char> &out,
                std::string &error) {
  raw_svector_ostream os(out);
  legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr, type)) {
    error = "the target cannot emit this file type";
    return false;
  }
  pm.run(module);
  return true;
}

} // namespace rnnc
