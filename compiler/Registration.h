// Registers everything rnnc's tools need: the dialects (with their external interface
// models and LLVM translations) and every project and upstream pass they run.
#ifndef RNNC_COMPILER_REGISTRATION_H
#define RNNC_COMPILER_REGISTRATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace rnnc {

void registerDialects(mlir::DialectRegistry &registry);
void registerPasses();

} // namespace rnnc

#endif // RNNC_COMPILER_REGISTRATION_H
