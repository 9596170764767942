// rnn-opt: runs rnnc's passes (and upstream ones) on MLIR files, for tests and debugging.
#include "compiler/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  // The options libLLVM registers as it loads (hundreds, for every backend) are for LLVM's
  // own tools: --help lists the MLIR driver's options and the passes, --help-hidden all.
  for (auto &entry : llvm::cl::getRegisteredOptions()) {
    llvm::StringRef name = entry.getKey();
    if (!name.starts_with("help") && name != "version")
      entry.getValue()->setHiddenFlag(llvm::cl::Hidden);
  }
  mlir::DialectRegistry registry;
  rnnc::registerDialects(registry);
  rnnc::registerPasses();
  // rnnc's version, not LLVM's: the passes are the project's.
  llvm::cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "rnn-opt (rnnc) " RNNC_VERSION "\n  built with LLVM " LLVM_VERSION_STRING "\n";
  });
  return mlir::asMainReturnCode(mlir::MlirOptMain(argc, argv, "rnnc optimizer driver\n", registry));
}
