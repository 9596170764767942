// rnnc: compiles a recurrent model ahead of time into native code an application links.
// Stages, in order: rnn (the imported model) < mlir (lowered to the LLVM dialect) < llvm
// (optimized LLVM IR) < asm < obj (object + header) / shared (shared library); header.
#include "compiler/Driver/ModelDiagnostics.h"
#include "compiler/Driver/OutputFile.h"
#include "compiler/Driver/Stages.h"
#include "compiler/Frontends/Import.h"
#include "compiler/Pipeline/Pipeline.h"
#include "compiler/Registration.h"
#include "compiler/Target/Linker.h"
#include "compiler/Target/ModelDescriptor.h"
#include "compiler/Target/ModelHeader.h"
#include "compiler/Target/ModelInterface.h"
#include "compiler/Target/ModelSummary.h"
#include "compiler/Target/NativeCodegen.h"
#include "compiler/Target/WeightsFile.h"
#include "compiler/Transforms/ModelFunction.h"
#include "compiler/Utils/ModelABI.h"
#include "dialect/RNNOps.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace llvm;
using namespace mlir;

namespace {

enum class Emit { RNN, MLIR, LLVM, Asm, Obj, Shared, Header, Summary };

cl::OptionCategory category("rnnc options");
cl::opt<std::string> inputPath(cl::Positional, cl::desc("MODEL"), cl::Required, cl::cat(category));
cl::opt<std::string> outputPath("o", cl::desc("Output file"), cl::value_desc("OUT"),
                                cl::cat(category));
cl::opt<Emit>
    emit("emit", cl::desc("What to produce (stages in pipeline order)"),
         cl::values(clEnumValN(Emit::RNN, "rnn", "the imported model, rnn dialect"),
                    clEnumValN(Emit::MLIR, "mlir", "the model lowered to the LLVM dialect"),
                    clEnumValN(Emit::LLVM, "llvm", "optimized LLVM IR"),
                    clEnumValN(Emit::Asm, "asm", "assembly"),
                    clEnumValN(Emit::Obj, "obj", "an object file and its C header (default)"),
                    clEnumValN(Emit::Shared, "shared", "a shared library for librnnrt / dlopen"),
                    clEnumValN(Emit::Header, "header", "the C header alone"),
                    clEnumValN(Emit::Summary, "summary",
                               "layers, shapes, parameters, FLOPs and the entry points, as "
                               "text")),
         cl::init(Emit::Obj), cl::cat(category));
cl::opt<std::string> modelName("name",
                               cl::desc("Prefix of every exported symbol (default: the name "
                                        "of the object, library or header written, else "
                                        "of the model file)"),
                               cl::cat(category));
cl::opt<std::string> functionName("function",
                                  cl::desc("The model function (default: the "
                                           "only public function)"),
                                  cl::cat(category));
cl::opt<std::string>
    weightsFile("weights-file",
                cl::desc("Weights (a Keras save_weights .h5) for a JSON model config"),
                cl::value_desc("W"), cl::cat(category));
enum class WeightsMode { Embedded, External };
cl::opt<WeightsMode> weightsMode(
    "weights", cl::desc("Where the weights live"),
    cl::values(clEnumValN(WeightsMode::Embedded, "embedded", "constants in the object (default)"),
               clEnumValN(WeightsMode::External, "external",
                          "a weights file beside the object, passed to the run "
                          "function; swappable without recompiling")),
    cl::init(WeightsMode::Embedded), cl::cat(category));
cl::opt<bool>
    stateful("stateful",
             cl::desc("Carry each layer's state between calls (streaming API in the header)"),
             cl::cat(category));
cl::opt<bool>
    parallel("parallel",
             cl::desc("Also generate <name>_run_parallel, which runs the model on a caller's "
                      "thread pool"),
             cl::cat(category));
cl::opt<std::string> targetTriple("target-triple", cl::desc("Target triple (default: the host)"),
                                  cl::cat(category));
cl::opt<std::string> targetCPU("target-cpu", cl::desc("Target CPU, or 'host' (default)"),
                               cl::init("host"), cl::cat(category));
cl::opt<std::string> targetFeatures("target-features", cl::desc("Target features, e.g. +avx2,+fma"),
                                    cl::cat(category));
// Options of the pass pipeline: when one is not given, rnnc::CompileOptions' default holds.
cl::opt<int64_t> batch("batch", cl::desc("Specialise a dynamic batch dim"), cl::cat(category));
cl::opt<int64_t> timesteps("timesteps", cl::desc("Specialise a dynamic time dim"),
                           cl::cat(category));
cl::list<std::string>
    dims("dim",
         cl::desc("Fix the dims called NAME (an ONNX dim_param, or batch / timesteps) "
                  "to SIZE; repeatable"),
         cl::value_desc("NAME=SIZE"), cl::cat(category));
cl::opt<int64_t> minChains("kernel-min-chains", cl::Hidden,
                           cl::desc("Tuning: independent FMA chains the kernels keep in flight"),
                           cl::cat(category));
cl::opt<bool>
    interleaveKernels("kernel-interleave", cl::Hidden,
                      cl::desc("Tuning: run a bidirectional layer's two time loops as one"),
                      cl::cat(category));
cl::opt<std::string> unroll("unroll", cl::desc("Time loop: auto|none|full|N"), cl::cat(category));
cl::opt<std::string> weightPrecision(
    "weight-precision",
    cl::desc("Stored precision of the constant weight matrices (recurrent, input and Dense "
             "kernels) and embedding tables: f32 (default), bf16 (rounded to nearest even; "
             "half the bytes), bf16-dot (bf16, and the recurrent products read the state "
             "rounded to bf16 with AVX512_BF16's dot product: faster, less accurate), int8 "
             "(one scale per output unit and gate; a quarter of the bytes, tables in bf16) or "
             "int8-dot (int8 in quads of rows, and every int8 product reads its operand "
             "quantized to 8 bits per row with AVX512_VNNI's dot product); widened to float32 "
             "in registers (see docs/precision.md)"),
    cl::value_desc("f32|bf16|bf16-dot|int8|int8-dot"), cl::cat(category));
enum OptLevel { O0 = 0, O1 = 1, O2 = 2, O3 = 3 };
cl::opt<OptLevel> optLevel(cl::desc("Optimization level of LLVM's passes and code generation"),
                           cl::values(clEnumVal(O0, "none"), clEnumVal(O1, "light"),
                                      clEnumVal(O2, "moderate"),
                                      clEnumVal(O3, "aggressive (default)")),
                           cl::init(O3), cl::cat(category));
cl::opt<rnnc::ProgressMode>
    progress("progress", cl::desc("Show the compile's stages as they run"),
             cl::values(clEnumValN(rnnc::ProgressMode::Auto, "auto",
                                   "a status line on a terminal, erased when done (default)"),
                        clEnumValN(rnnc::ProgressMode::Always, "always",
                                   "a line per stage with the elapsed time, on stderr"),
                        clEnumValN(rnnc::ProgressMode::Never, "never", "nothing")),
             cl::init(rnnc::ProgressMode::Auto), cl::cat(category));

cl::opt<bool> printWeights(
    "print-weights",
    cl::desc("--emit=rnn: print every weight (by default constants of more than 4096 bytes "
             "or 1024 elements are elided, and the printed model cannot be compiled)"),
    cl::cat(category));
constexpr int64_t kElideWeightsBytes = 4096;

/// The running stages, so that a message clears the progress line before it is printed.
rnnc::Stages *activeStages = nullptr;

/// Text stages go to -o, or stdout.
std::string textOutput() { return outputPath.empty() ? "-" : outputPath.getValue(); }

int fail(const Twine &message) {
  if (activeStages)
    activeStages->clearLine();
  errs() << "rnnc: error: " << message << "\n";
  return 1;
}

std::string defaultOutput(StringRef ext) {
  SmallString<128> out(sys::path::filename(inputPath));
  sys::path::replace_extension(out, ext);
  return out.str().str();
}

/// The pipeline's options: those given on the command line, the others as it defaults them.
void setCompileOptions(rnnc::CompileOptions &options) {
  auto set = [](auto &option, const auto &given) {
    if (given.getNumOccurrences())
      option = given.getValue();
  };
  set(options.batch, batch);
  set(options.timesteps, timesteps);
  options.dims = ArrayRef<std::string>(std::vector<std::string>(dims.begin(), dims.end()));
  set(options.stateful, stateful);
  set(options.parallel, parallel);
  set(options.unroll, unroll);
  set(options.weightPrecision, weightPrecision);
  set(options.minChains, minChains);
  set(options.interleave, interleaveKernels);
  options.externalWeights = weightsMode == WeightsMode::External;
}

/// Refuses option values and combinations that cannot work, before reading the model.
/// Returns rnnc's exit status: 0 when the options are usable.
int checkOptions(const rnnc::CompileOptions &options) {
  if (options.batch == 0 || options.batch < -1 || options.timesteps == 0 || options.timesteps < -1)
    return fail("--batch and --timesteps must be positive");
  StringRef unrollValue = options.unroll;
  if (unrollValue != "auto" && unrollValue != "none" && unrollValue != "full") {
    int64_t factor;
    if (unrollValue.getAsInteger(10, factor) || factor < 1)
      return fail("--unroll must be auto, none, full or a positive integer, "
                  "got '" +
                  unrollValue + "'");
    // The time loop's body is copied `factor` times: a huge factor on a dynamic loop
    // would run the compiler out of time and memory.
    if (factor > rnnc::kMaxUnrollSteps)
      return fail("--unroll factor must be at most " + Twine(rnnc::kMaxUnrollSteps) + ", got " +
                  unrollValue);
  }
  if (StringRef precision = options.weightPrecision.getValue();
      !rnnc::findWeightPrecision(precision))
    return fail(Twine("--weight-precision must be ") + rnnc::kWeightPrecisionNames + ", got '" +
                precision + "'");
  if (options.minChains < 1)
    return fail("--kernel-min-chains must be at least 1, got " + Twine(options.minChains));
  if (modelName.getNumOccurrences() && modelName.empty())
    return fail("--name must not be empty");
  // An empty value would otherwise mean "not given": -o '' would write beside the
  // model under a default name, --function= would pick the only public function.
  if (outputPath.getNumOccurrences() && outputPath.empty())
    return fail("-o must not be empty; give a path, or - for standard output");
  if (functionName.getNumOccurrences() && functionName.empty())
    return fail("--function must not be empty");
  if (parallel && weightsMode == WeightsMode::External)
    return fail("--parallel with --weights=external is not supported: the parallel "
                "entry takes its weights from the object");
  if (emit == Emit::Header && weightsMode == WeightsMode::External)
    return fail("--emit=header with --weights=external: the header depends on the "
                "weights' layout; use --emit=obj, which writes the header too");
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
  return 0;
}

/// The prefix of the symbols: --name, else the name of the object, library or header being
/// written (`-o sentiment.o` declares sentiment_run in sentiment.h), else the model file's;
/// made a C identifier.
std::string symbolPrefix() {
  bool artifact = emit == Emit::Obj || emit == Emit::Shared || emit == Emit::Header;
  StringRef namedAfter = artifact && !outputPath.empty() && outputPath != "-"
                             ? outputPath.getValue()
                             : inputPath.getValue();
  return rnnc::sanitizeIdentifier(modelName.empty() ? sys::path::stem(namedAfter).str()
                                                    : modelName);
}

/// The imported model as text (--emit=rnn). A model's weights would be megabytes of hex and
/// a reader wants the layers, so large ones are elided unless --print-weights; elided
/// weights cannot be compiled again (the importer says so, at the constant).
std::string printImported(ModuleOp module) {
  std::string text;
  raw_string_ostream os(text);
  OpPrintingFlags flags;
  if (!printWeights) {
    flags.elideLargeResourceString(kElideWeightsBytes);
    flags.elideLargeElementsAttrs(kElideWeightsBytes / 4);
    bool elided = false;
    module->walk([&](Operation *op) {
      for (NamedAttribute a : op->getAttrs()) {
        if (auto weights = llvm::dyn_cast<DenseResourceElementsAttr>(a.getValue()))
          if (AsmResourceBlob *blob = weights.getRawHandle().getBlob())
            elided |= int64_t(blob->getData().size()) > kElideWeightsBytes;
        if (auto weights = llvm::dyn_cast<DenseElementsAttr>(a.getValue()))
          elided |= !weights.isSplat() && weights.getNumElements() > kElideWeightsBytes / 4;
      }
    });
    if (elided)
      os << "// Weights of more than " << kElideWeightsBytes << " bytes or "
         << kElideWeightsBytes / 4
         << " elements are elided; rnnc --emit=rnn --print-weights prints them.\n";
  }
  module->print(os, flags);
  return text;
}

/// Writes the object, its header and (--weights=external) its weights file, all or none.
int writeObject(StringRef code, const rnnc::ModelInterface &model, StringRef weightsFile) {
  std::string error;
  std::string headerText = rnnc::generateHeader(model);
  std::string out = outputPath.empty() ? defaultOutput(".o") : outputPath;
  SmallString<128> header(out);
  sys::path::replace_extension(header, ".h");
  if (header == out)
    return fail("the object '" + out +
                "' would be overwritten by its header; name it with another "
                "extension, e.g. -o model.o");
  std::vector<std::pair<std::string, StringRef>> files;
  files.push_back({out, code});
  files.push_back({header.str().str(), headerText});
  SmallString<128> weightsPath(out);
  sys::path::replace_extension(weightsPath, ".weights");
  if (!weightsFile.empty())
    files.push_back({weightsPath.str().str(), weightsFile});
  if (!rnnc::writeFilesAtomically(files, error))
    return fail(error);
  return 0;
}

/// Links the object into a shared library (lld) and writes it with its weights file, if any:
/// the object goes to a temporary beside the output, and nothing is left behind on failure.
int writeSharedLibrary(StringRef code, StringRef weightsFile) {
  std::string error;
  std::string out = outputPath.empty() ? defaultOutput(".so") : outputPath;
  std::string object, linked;
  if (!rnnc::makeTemporaryBeside(out, object, error) ||
      !rnnc::writeFileAtomically(object, code, error))
    return fail(error);
  bool ok = rnnc::makeTemporaryBeside(out, linked, error) &&
            rnnc::linkSharedLibrary(object, linked, sys::path::filename(out), targetTriple.empty(),
                                    error);
  sys::fs::remove(object);
  // The weights go to a temporary too, renamed only after the library: a library that
  // cannot be put in place must not leave its .weights file behind.
  SmallString<128> weightsPath(out);
  sys::path::replace_extension(weightsPath, ".weights");
  std::string weightsTemp;
  if (ok && !weightsFile.empty())
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

} // namespace

int main(int argc, char **argv) {
#ifdef __GLIBC__
  // A model's weights pass through several buffers of their full size (file, constants,
  // packed constants, object). glibc would map each afresh and unmap it when freed, and the
  // page faults of touching new memory were a third of a large model's compile time; from
  // the heap, freed buffers are reused.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_TOP_PAD, 64 << 20);
#endif
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
  registerDefaultTimingManagerCLOptions();
  // --help lists rnnc's own options, and MLIR's timing and statistics reports; LLVM's and
  // MLIR's others stay usable (--help-hidden).
  for (StringRef name : {"mlir-timing", "mlir-timing-display", "mlir-pass-statistics",
                         "mlir-pass-statistics-display"})
    if (cl::Option *opt = cl::getRegisteredOptions().lookup(name))
      opt->addCategory(category);
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter([](raw_ostream &os) {
    os << "rnnc " RNNC_VERSION "\n  built with LLVM " LLVM_VERSION_STRING "\n";
  });
  cl::ParseCommandLineOptions(argc, argv,
                              "rnnc: ahead-of-time compiler for recurrent "
                              "neural networks\n");
  rnnc::CompileOptions options;
  setCompileOptions(options);
  if (int status = checkOptions(options))
    return status;

  DefaultTimingManager timing;
  applyDefaultTimingManagerCLOptions(timing);
  rnnc::Stages stages(timing, progress);
  activeStages = &stages;
  auto clearActive = llvm::make_scope_exit([] { activeStages = nullptr; });
  stages.begin("reading " + inputPath.getValue());

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
  rnnc::ModelDiagnosticHandler modelDiagnostics(ctx);
  // Registered last, so called first: the progress line goes before any message.
  ctx.getDiagEngine().registerHandler([&](Diagnostic &) {
    stages.clearLine();
    return failure();
  });

  OwningOpRef<ModuleOp> module =
      rnnc::importModel(inputPath, rnnc::ImportOptions{weightsFile}, ctx, sourceMgr);
  if (!module)
    return 1;
  if (emit == Emit::RNN) {
    std::string error;
    return rnnc::writeFileAtomically(textOutput(), printImported(*module), error) ? 0 : fail(error);
  }

  func::FuncOp fn = rnnc::findModelFunction(*module, functionName);
  if (!fn)
    return 1;
  std::string name = symbolPrefix();
  if (!modelName.empty() && name != modelName)
    return fail("--name '" + modelName + "' is not a C identifier");
  options.function = fn.getSymName().str();
  options.name = name;
  stages.begin("preparing the model");
  {
    mlir::PassManager prepare(&ctx);
    prepare.enableTiming(stages.current());
    rnnc::buildPreparePipeline(prepare, options);
    if (failed(prepare.run(*module)))
      return 1;
  }
  if (failed(rnnc::checkPreparedModel(*module, options)))
    return 1;
  std::string error;
  if (emit == Emit::Header) {
    FailureOr<rnnc::ModelInterface> model = rnnc::readModelInterface(*module);
    if (failed(model))
      return 1;
    return rnnc::writeFileAtomically(textOutput(), rnnc::generateHeader(*model), error)
               ? 0
               : fail(error);
  }

  rnnc::TargetOptions targetOptions{targetTriple, targetCPU, targetFeatures,
                                    int(optLevel.getValue())};
  std::unique_ptr<TargetMachine> tm = rnnc::createTargetMachine(targetOptions, error);
  if (!tm)
    return fail(error);
  rnnc::TargetTraits traits = rnnc::describeTarget(*tm);
  // The dot-product precisions emit their instruction: a target without it is refused
  // here, before anything is written.
  auto lacks = [&](StringRef precision, StringRef needs, StringRef instead) {
    std::string target = tm->getTargetTriple().str();
    if (!tm->getTargetCPU().empty())
      target = "--target-cpu=" + tm->getTargetCPU().str() + " (" + target + ")";
    return fail("--weight-precision=" + precision + " needs a target with AVX-512 and " + needs +
                "; " + target + " has none: use " + instead);
  };
  if (rnnc::roundsStateToBF16(options.weightPrecision.getValue()) && !traits.bf16Dot)
    return lacks("bf16-dot", "AVX512_BF16 (vdpbf16ps)", "bf16");
  if (rnnc::quantizesToInt8(options.weightPrecision.getValue()) && !traits.int8Dot)
    return lacks("int8-dot", "AVX512_VNNI (vpdpbusd)", "int8");

  options.vectorWidth = traits.vectorWidth;
  options.vectorRegisters = traits.vectorRegisters;
  options.bigEndian = traits.bigEndian;
  options.targetTriple = tm->getTargetTriple().str();
  if (emit == Emit::Summary) {
    FailureOr<rnnc::ModelInterface> model = rnnc::readModelInterface(*module);
    if (failed(model))
      return 1;
    func::FuncOp described;
    for (auto f : module->getOps<func::FuncOp>())
      if (f->hasAttr(rnnc::kABIAttrName))
        described = f;
    // Packed weights and work buffers are measured on a copy taken as far as they exist.
    stages.begin("planning the buffers");
    mlir::OwningOpRef<mlir::ModuleOp> buffers(module->clone());
    mlir::PassManager measure(&ctx);
    measure.enableTiming(stages.current());
    rnnc::buildSummaryPipeline(measure, options);
    if (failed(measure.run(*buffers)))
      return 1;
    return rnnc::writeFileAtomically(
               textOutput(),
               rnnc::summarizeModel(described, *model, *buffers,
                                    options.targetTriple + ", " + tm->getTargetCPU().str()),
               error)
               ? 0
               : fail(error);
  }
  stages.begin("lowering to the LLVM dialect");
  mlir::PassManager pm(&ctx);
  if (failed(applyPassManagerCLOptions(pm)))
    return 1;
  pm.enableTiming(stages.current());
  // External weights: the blob the pipeline laid out leaves the module for its own file.
  std::string weightsFile;
  std::optional<rnnc::ModelInterface> model;
  rnnc::buildLowerPipeline(
      pm, options,
      [&](ArrayRef<char> bytes, uint64_t fingerprint) {
        weightsFile = rnnc::encodeWeightsFile(
            fingerprint, rnnc::findWeightPrecision(options.weightPrecision.getValue())->fileCode,
            bytes);
      },
      [&](const rnnc::ModelInterface &described) { model = described; });
  if (failed(pm.run(*module)))
    return 1;
  if (weightsMode == WeightsMode::External && weightsFile.empty())
    return fail("the weights could not be laid out for --weights=external");
  if (emit == Emit::MLIR) {
    std::string text;
    raw_string_ostream os(text);
    module->print(os);
    return rnnc::writeFileAtomically(textOutput(), text, error) ? 0 : fail(error);
  }

  stages.begin("translating to LLVM IR");
  LLVMContext llvmCtx;
  std::unique_ptr<llvm::Module> llvmModule = rnnc::translateToLLVMIR(*module, llvmCtx, *tm);
  if (!llvmModule)
    return fail("translation to LLVM IR failed");
  if (failed(rnnc::addModelDescriptor(*llvmModule, *model, emit == Emit::Shared, error)))
    return fail(error);
  stages.begin(("optimizing LLVM IR (-O" + Twine(int(optLevel.getValue())) + ")").str());
  rnnc::optimizeModule(*llvmModule, *tm, int(optLevel.getValue()));

  if (emit == Emit::LLVM) {
    std::string text;
    raw_string_ostream os(text);
    llvmModule->print(os, nullptr);
    return rnnc::writeFileAtomically(textOutput(), text, error) ? 0 : fail(error);
  }

  stages.begin(
      ("generating code for " + tm->getTargetTriple().str() + " (" + tm->getTargetCPU() + ")")
          .str());
  SmallString<0> code;
  bool asmText = emit == Emit::Asm;
  if (!rnnc::emitNative(*llvmModule, *tm,
                        asmText ? CodeGenFileType::AssemblyFile : CodeGenFileType::ObjectFile, code,
                        error))
    return fail(error);
  if (asmText)
    return rnnc::writeFileAtomically(textOutput(), code, error) ? 0 : fail(error);

  stages.begin("writing the output");
  if (emit == Emit::Obj)
    return writeObject(code, *model, weightsFile);
  return writeSharedLibrary(code, weightsFile);
}
