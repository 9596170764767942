// rnn-opt: runs rnnc's passes (and upstream ones) on MLIR files, for tests and debugging.
#include "compiler/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  rnnc::registerDialects(registry);
  rnnc::registerPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "rnnc optimizer driver\n", registry));
}
