// The ops of the `rnn` dialect.
#ifndef RNNC_DIALECT_RNNOPS_H
#define RNNC_DIALECT_RNNOPS_H

#include "dialect/RNNDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialect/RNNOps.h.inc"

#endif // RNNC_DIALECT_RNNOPS_H
