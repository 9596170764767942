// rnnc: compiles a recurrent model ahead of time into native code an application links.
// Stages, in order: rnn (the imported model) < mlir (lowered to the LLVM dialect) < llvm
// (optimized LLVM IR) < asm < obj (object + header) / shared (shared library); header.
#include "compiler/Driver/OutputFile.h"
#include "compiler/Codegen/Passes.h"
#include "compiler/Frontends/Import.h"
#include "compiler/Pipeline/Pipeline.h"
#include "compiler/Registration.h"
#include "compiler/Target/EntryPoints.h"
#include "compiler/Target/Linker.h"
#include "compiler/Target/ModelInterface.h"
#include "compiler/Target/NativeCodegen.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;
using namespace mlir;

namespace {

enum class Emit { RNN, MLIR, LLVM, Asm, Obj, Shared, Header };

cl::OptionCategory category("rnnc options");
cl::opt<std::string> inputPath(cl::Positional, cl::desc("MODEL"), cl::Required,
                               cl::cat(category));
cl::opt<std::string> outputPath("o", cl::desc("Output file"),
                                cl::value_desc("OUT"), cl::cat(category));
cl::opt<Emit> emit(
    "emit", cl::desc("What to produce (stages in pipeline order)"),
    cl::values(clEnumValN(Emit::RNN, "rnn", "the imported model, rnn dialect"),
               clEnumValN(Emit::MLIR, "mlir", "the model lowered to the LLVM dialect"),
               clEnumValN(Emit::LLVM, "llvm", "optimized LLVM IR"),
               clEnumValN(Emit::Asm, "asm", "assembly"),
               clEnumValN(Emit::Obj, "obj", "an object file and its C header (default)"),
               clEnumValN(Emit::Shared, "shared", "a shared library for librnnrt / dlopen"),
               clEnumValN(Emit::Header, "header", "the C header alone")),
    cl::init(Emit::Obj), cl::cat(category));
cl::opt<std::string> modelName("name",
                               cl::desc("Prefix of every exported symbol "
                                        "(default: the model file's name)"),
                               cl::cat(category));
cl::opt<std::string> functionName("function",
                                  cl::desc("The model function (default: the "
                                           "only public function)"),
                                  cl::cat(category));
cl::opt<std::string> weightsFile(
    "weights-file",
    cl::desc("Weights (a Keras save_weights .h5) for a JSON model config"),
    cl::value_desc("W"), cl::cat(category));
enum class WeightsMode { Embedded, External };
cl::opt<WeightsMode> weightsMode(
    "weights", cl::desc("Where the weights live"),
    cl::values(clEnumValN(WeightsMode::Embedded, "embedded",
                          "constants in the object (default)"),
               clEnumValN(WeightsMode::External, "external",
                          "a weights file beside the object, passed to the run "
                          "function; swappable without recompiling")),
    cl::init(WeightsMode::Embedded), cl::cat(category));
cl::opt<bool> stateful(
    "stateful",
    cl::desc("Carry each layer's state between calls (streaming API in the header)"),
    cl::cat(category));
cl::opt<bool> parallel(
    "parallel",
    cl::desc("Also generate <name>_run_parallel, which runs the model on a caller's "
             "thread pool"),
    cl::cat(category));
cl::opt<std::string> targetTriple("target-triple",
                                  cl::desc("Target triple (default: the host)"),
                                  cl::cat(category));
cl::opt<std::string> targetCPU("target-cpu",
                               cl::desc("Target CPU, or 'host' (default)"),
                               cl::init("host"), cl::cat(category));
cl::opt<std::string> targetFeatures("target-features",
                                    cl::desc("Target features, e.g. +avx2,+fma"),
                                    cl::cat(category));
cl::opt<int64_t> batch("batch", cl::desc("Specialise a dynamic batch dim"),
                       cl::init(-1), cl::cat(category));
cl::opt<int64_t> timesteps("timesteps",
                           cl::desc("Specialise a dynamic time dim"),
                           cl::init(-1), cl::cat(category));
cl::opt<int64_t> minChains(
    "kernel-min-chains", cl::Hidden, cl::init(8),
    cl::desc("Tuning: independent FMA chains the kernels keep in flight"),
    cl::cat(category));
cl::opt<bool> interleaveKernels(
    "kernel-interleave", cl::Hidden, cl::init(true),
    cl::desc("Tuning: run a bidirectional layer's two time loops as one"),
    cl::cat(category));
cl::opt<std::string> unroll("unroll",
                            cl::desc("Time loop: auto|none|full|N"),
                            cl::init("auto"), cl::cat(category));
enum OptLevel { O0 = 0, O1 = 1, O2 = 2, O3 = 3 };
cl::opt<OptLevel> optLevel(
    cl::desc("Optimization level"),
    cl::values(clEnumVal(O0, "no optimization"), clEnumVal(O1, "light"),
               clEnumVal(O2, "default"), clEnumVal(O3, "aggressive (default)")),
    cl::init(O3), cl::cat(category));

/// Text stages go to -o, or stdout.
std::string textOutput() { return outputPath.empty() ? "-" : outputPath.getValue(); }

int fail(const Twine &message) {
  errs() << "rnnc: error: " << message << "\n";
  return 1;
}

std::string defaultOutput(StringRef ext) {
  SmallString<128> out(sys::path::filename(inputPath));
  sys::path::replace_extension(out, ext);
  return out.str().str();
}

func::FuncOp findModelFunction(ModuleOp module) {
  SmallVector<func::FuncOp> candidates;
  for (auto fn : module.getOps<func::FuncOp>())
    if (functionName.empty() ? fn.isPublic() && !fn.isExternal()
                             : fn.getSymName() == functionName)
      candidates.push_back(fn);
  if (candidates.size() == 1) {
    if (candidates.front().isExternal()) {
      emitError(candidates.front().getLoc())
          << "function '" << candidates.front().getSymName()
          << "' has no body to compile";
      return nullptr;
    }
    return candidates.front();
  }
  if (!functionName.empty()) {
    emitError(module.getLoc()) << "no function named '" << functionName << "'";
  } else if (candidates.empty() && !module.getOps<ModuleOp>().empty()) {
    // Two `module {}` blocks in one file parse as modules nested in an implicit one.
    emitError(module.getLoc())
        << "the file holds " << llvm::range_size(module.getOps<ModuleOp>())
        << " modules; rnnc compiles the functions of one top-level module";
  } else if (candidates.empty()) {
    emitError(module.getLoc()) << "the model has no public function to compile";
  } else {
    auto diag = emitError(module.getLoc())
                << "the model has " << candidates.size()
                << " public functions; choose one with --function:";
    for (auto fn : candidates)
      diag << " " << fn.getSymName();
  }
  return nullptr;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  // Every pass the pipelines run, so -mlir-print-ir-after=<pass> can name it (registered before
  // the options that parse pass names).
  rnnc::registerPasses();
  mlir::bufferization::registerBufferizationPasses();
  mlir::registerConversionPasses();
  mlir::memref::registerMemRefPasses();
  mlir::registerLinalgPasses();
  // MLIR's pass-manager options (-mlir-print-ir-after-all, ...) for debugging pipelines.
  registerPassManagerCLOptions();
  registerMLIRContextCLOptions();
  registerAsmPrinterCLOptions();
  // --help lists rnnc's own options; LLVM's and MLIR's stay usable (--help-hidden).
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "rnnc: ahead-of-time compiler for recurrent "
                              "neural networks\n");
  if (batch == 0 || batch < -1 || timesteps == 0 || timesteps < -1)
    return fail("--batch and --timesteps must be positive");
  if (unroll != "auto" && unroll != "none" && unroll != "full") {
    int64_t factor;
    if (StringRef(unroll).getAsInteger(10, factor) || factor < 1)
      return fail("--unroll must be auto, none, full or a positive integer, "
                  "got '" + unroll + "'");
    // The time loop's body is copied `factor` times: a huge factor on a dynamic loop
    // would run the compiler out of time and memory.
    if (factor > rnnc::kMaxUnrollSteps)
      return fail("--unroll factor must be at most " + Twine(rnnc::kMaxUnrollSteps) + ", got " +
                  unroll);
  }
  if (minChains < 1)
    return fail("--kernel-min-chains must be at least 1, got " + Twine(minChains));
  if (modelName.getNumOccurrences() && modelName.empty())
    return fail("--name must not be empty");
  // An empty value would otherwise mean "not given": -o '' would write beside the
  // model under a default name, --function= would pick the only public function.
  if (outputPath.getNumOccurrences() && outputPath.empty())
    return fail("-o must not be empty; give a path, or - for standard output");
  if (functionName.getNumOccurrences() && functionName.empty())
    return fail("--function must not be empty");
  if ((emit == Emit::Obj || emit == Emit::Shared) && outputPath == "-")
    return fail("--emit=obj and --emit=shared write files; give -o a path");
  // `rnnc m.onnx -o m.onnx` would replace the model by its compiled code.
  if (!outputPath.empty() && outputPath != "-") {
    SmallVector<std::string, 3> outs = {outputPath};
    SmallString<128> companion(outputPath.getValue());
    if (emit == Emit::Obj) {
      sys::path::replace_extension(companion, ".h");
      outs.push_back(companion.str().str());
    }
    if (weightsMode == WeightsMode::External) {
      sys::path::replace_extension(companion, ".weights");
      outs.push_back(companion.str().str());
    }
    for (const std::string &out : outs)
      for (StringRef in : {StringRef(inputPath), StringRef(weightsFile)})
        if (!in.empty() && sys::fs::equivalent(out, in))
          return fail("writing '" + out + "' would overwrite the model file '" + in +
                      "'; choose another -o");
  }

  DialectRegistry registry;
  rnnc::registerDialects(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  // A located message is the error; the IR of the operation around it is for debugging
  // (--mlir-print-op-on-diagnostic).
  if (auto *opt = cl::getRegisteredOptions().lookup("mlir-print-op-on-diagnostic");
      !opt || opt->getNumOccurrences() == 0)
    ctx.printOpOnDiagnostic(false);
  SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &ctx);

  OwningOpRef<ModuleOp> module = rnnc::importModel(inputPath, rnnc::ImportOptions{weightsFile}, ctx, sourceMgr);
  if (!module)
    return 1;
  if (emit == Emit::RNN) {
    std::string text, error;
    raw_string_ostream os(text);
    module->print(os);
    if (!rnnc::writeFileAtomically(textOutput(), text,
                                   error))
      return fail(error);
    return 0;
  }

  func::FuncOp fn = findModelFunction(*module);
  if (!fn)
    return 1;
  std::string name = rnnc::sanitizeIdentifier(
      modelName.empty() ? sys::path::stem(inputPath).str() : modelName);
  if (!modelName.empty() && name != modelName)
    return fail("--name '" + modelName + "' is not a C identifier");
  if (batch > 0 || timesteps > 0) {
    mlir::PassManager specialize(&ctx);
    specialize.addNestedPass<func::FuncOp>(rnnc::createSpecializeShapes(
        rnnc::SpecializeShapesOptions{batch, timesteps}));
    if (failed(specialize.run(*module)))
      return 1;
  }
  // Streaming: asked for, or the model says so (Keras stateful=True).
  if (stateful || fn->hasAttr("rnn.stateful")) {
    mlir::PassManager expose(&ctx);
    expose.addNestedPass<func::FuncOp>(rnnc::createExposeState());
    if (failed(expose.run(*module)))
      return 1;
  }
  FailureOr<rnnc::ModelInterface> model = rnnc::describeModel(fn, name);
  if (failed(model))
    return 1;

  model->parallel = parallel;
  std::string error;
  if (parallel && weightsMode == WeightsMode::External)
    return fail("--parallel with --weights=external is not supported: the parallel "
                "entry takes its weights from the object");
  if (emit == Emit::Header && weightsMode == WeightsMode::External)
    return fail("--emit=header with --weights=external: the header depends on the "
                "weights' layout; use --emit=obj, which writes the header too");
  if (emit == Emit::Header)
    return rnnc::writeFileAtomically(textOutput(),
                                     rnnc::generateHeader(*model), error)
               ? 0
               : fail(error);

  rnnc::TargetOptions targetOptions{targetTriple, targetCPU, targetFeatures,
                                    int(optLevel.getValue())};
  std::unique_ptr<TargetMachine> tm =
      rnnc::createTargetMachine(targetOptions, error);
  if (!tm)
    return fail(error);
  rnnc::TargetTraits traits = rnnc::describeTarget(*tm);

  // The model function becomes <name>_impl; the other functions are dropped.
  std::string implName = name + "_impl";
  for (auto other : module->getOps<func::FuncOp>())
    if (other != fn && other.isPublic())
      other.setPrivate();
  {
    mlir::PassManager dce(&ctx);
    dce.addPass(createSymbolDCEPass());
    if (failed(dce.run(*module)))
      return 1;
  }
  // The lowering bufferizes one function with the C ABI's buffers; a call to another
  // tensor function reached LLVM IR translation unlowered (an internal error).
  WalkResult calls = fn.walk([](func::CallOp call) {
    call.emitOpError() << "calls '@" << call.getCallee()
                       << "'; rnnc compiles the model as one function: inline the callee";
    return WalkResult::interrupt();
  });
  if (calls.wasInterrupted())
    return 1;
  // Renaming does not update calls: a model function still called after the other
  // functions' dead code is gone (it calls itself, or a function it calls does) would
  // leave them dangling, and it cannot take the buffer-passing signature anyway.
  if (!SymbolTable::symbolKnownUseEmpty(fn, *module)) {
    emitError(fn.getLoc()) << "model function '" << fn.getSymName()
                           << "' is called inside the module; only an uncalled public "
                              "function can be compiled (make its callees private)";
    return 1;
  }
  fn.setSymName(implName);

  mlir::PassManager pm(&ctx);
  if (failed(applyPassManagerCLOptions(pm)))
    return 1;
  rnnc::buildKernelPipeline(
      pm, rnnc::PipelineOptions{traits.vectorWidth, traits.vectorRegisters,
                                unroll, minChains, interleaveKernels, parallel});
  if (weightsMode == WeightsMode::External)
    pm.addPass(rnnc::createExternalizeWeights());
  rnnc::buildLLVMPipeline(pm);
  if (failed(pm.run(*module)))
    return 1;
  // External weights: the blob the pass laid out leaves the module for its own file.
  std::string weightsFile;
  if (weightsMode == WeightsMode::External) {
    auto blob = (*module)->getAttrOfType<DenseResourceElementsAttr>("rnn.weights");
    auto print = (*module)->getAttrOfType<IntegerAttr>("rnn.weights_fingerprint");
    AsmResourceBlob *data = blob ? blob.getRawHandle().getBlob() : nullptr;
    if (!data || !print)
      return fail("the weights could not be laid out for --weights=external");
    model->externalWeights = true;
    model->weightsBytes = int64_t(data->getData().size());
    model->weightsFingerprint = uint64_t(print.getInt());
    weightsFile = rnnc::encodeWeightsFile(*model, data->getData());
    (*module)->removeAttr("rnn.weights");
    (*module)->removeAttr("rnn.weights_fingerprint");
  }
  if (emit == Emit::MLIR) {
    std::string text;
    raw_string_ostream os(text);
    module->print(os);
    return rnnc::writeFileAtomically(textOutput(),
                                     text, error)
               ? 0
               : fail(error);
  }

  LLVMContext llvmCtx;
  std::unique_ptr<llvm::Module> llvmModule =
      rnnc::translateToLLVMIR(*module, llvmCtx, *tm);
  if (!llvmModule)
    return fail("translation to LLVM IR failed");
  if (failed(rnnc::addEntryPoints(*llvmModule, *model, implName,
                                  emit == Emit::Shared, error)))
    return fail(error);
  rnnc::optimizeModule(*llvmModule, *tm, int(optLevel.getValue()));

  if (emit == Emit::LLVM) {
    std::string text;
    raw_string_ostream os(text);
    llvmModule->print(os, nullptr);
    return rnnc::writeFileAtomically(textOutput(),
                                     text, error)
               ? 0
               : fail(error);
  }

  SmallString<0> code;
  bool asmText = emit == Emit::Asm;
  if (!rnnc::emitNative(*llvmModule, *tm,
                        asmText ? CodeGenFileType::AssemblyFile
                                : CodeGenFileType::ObjectFile,
                        code, error))
    return fail(error);
  if (asmText)
    return rnnc::writeFileAtomically(textOutput(),
                                     code, error)
               ? 0
               : fail(error);

  if (emit == Emit::Obj) {
    std::string out = outputPath.empty() ? defaultOutput(".o") : outputPath;
    SmallString<128> header(out);
    sys::path::replace_extension(header, ".h");
    if (header == out)
      return fail("the object '" + out +
                  "' would be overwritten by its header; name it with another "
                  "extension, e.g. -o model.o");
    std::vector<std::pair<std::string, StringRef>> files;
    std::string headerText = rnnc::generateHeader(*model);
    files.push_back({out, code});
    files.push_back({header.str().str(), headerText});
    SmallString<128> weightsPath(out);
    sys::path::replace_extension(weightsPath, ".weights");
    if (model->externalWeights)
      files.push_back({weightsPath.str().str(), weightsFile});
    if (!rnnc::writeFilesAtomically(files, error))
      return fail(error);
    return 0;
  }

  // Shared library: the object goes to a temporary beside the output, then lld links.
  std::string out = outputPath.empty() ? defaultOutput(".so") : outputPath;
  std::string object, linked;
  if (!rnnc::makeTemporaryBeside(out, object, error) ||
      !rnnc::writeFileAtomically(object, code, error))
    return fail(error);
  bool ok = rnnc::makeTemporaryBeside(out, linked, error) &&
            rnnc::linkSharedLibrary(object, linked, targetTriple.empty(), error);
  sys::fs::remove(object);
  // The weights go to a temporary too, renamed only after the library: a library that
  // cannot be put in place must not leave its .weights file behind.
  SmallString<128> weightsPath(out);
  sys::path::replace_extension(weightsPath, ".weights");
  std::string weightsTemp;
  if (ok && model->externalWeights)
    ok = rnnc::makeTemporaryBeside(weightsPath, weightsTemp, error) &&
         rnnc::writeFileAtomically(weightsTemp, weightsFile, error);
  if (ok) {
    if (std::error_code ec = sys::fs::rename(linked, out)) {
      error = "cannot write '" + out + "': " + ec.message();
      ok = false;
    }
  }
  if (ok && !weightsTemp.empty()) {
    if (std::error_code ec = sys::fs::rename(weightsTemp, weightsPath)) {
      error = "cannot write '" + weightsPath.str().str() + "': " + ec.message();
      sys::fs::remove(out);
      ok = false;
    }
  }
  if (!ok) {
    sys::fs::remove(linked);
    if (!weightsTemp.empty())
      sys::fs::remove(weightsTemp);
    return fail(error);
  }
  return 0;
}
