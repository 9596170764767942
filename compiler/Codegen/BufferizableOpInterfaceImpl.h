// Bufferization models of the destination-style kernel ops (rnn.matmul, rnn.recurrence):
// they write their results into their init operands' buffers, in place.
#ifndef RNNC_COMPILER_CODEGEN_BUFFERIZABLEOPINTERFACEIMPL_H
#define RNNC_COMPILER_CODEGEN_BUFFERIZABLEOPINTERFACEIMPL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace rnnc {
void registerBufferizableOpInterfaceExternalModels(mlir::DialectRegistry &registry);
} // namespace rnnc

#endif // RNNC_COMPILER_CODEGEN_BUFFERIZABLEOPINTERFACEIMPL_H
