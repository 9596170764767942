// Registers the `rnn` dialect's ops and attributes.
#include "dialect/RNNDialect.h"
#include "dialect/RNNOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::rnn;

#include "dialect/RNNDialect.cpp.inc"
#include "dialect/RNNEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialect/RNNAttrs.cpp.inc"

void RNNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialect/RNNOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialect/RNNAttrs.cpp.inc"
      >();
}
