// Verification of the rnn.* attributes on functions, their arguments and results, and
// modules: what importers and passes attach for the driver and the later passes to read.
#include "dialect/RNNDialect.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// The rank of a function's argument or result `index`, when it is a ranked shaped type.
std::optional<int64_t> rankOf(Operation *op, bool argument, unsigned index) {
  auto fn = llvm::dyn_cast<FunctionOpInterface>(op);
  if (!fn)
    return std::nullopt;
  ArrayRef<Type> types = argument ? fn.getArgumentTypes() : fn.getResultTypes();
  if (index >= types.size())
    return std::nullopt;
  auto shaped = llvm::dyn_cast<ShapedType>(types[index]);
  if (!shaped || !shaped.hasRank())
    return std::nullopt;
  return shaped.getRank();
}

/// rnn.dim_names / rnn.dim_params: one string per leading dim (trailing dims may go unnamed).
LogicalResult verifyDimNames(Operation *op, NamedAttribute attr, unsigned index) {
  auto names = llvm::dyn_cast<ArrayAttr>(attr.getValue());
  if (!names || !llvm::all_of(names, [](Attribute a) { return llvm::isa<StringAttr>(a); }))
    return op->emitOpError() << "argument " << index << ": '" << attr.getName().getValue()
                             << "' must be an array of strings, one per dim";
  if (std::optional<int64_t> rank = rankOf(op, true, index); rank && *rank < int64_t(names.size()))
    return op->emitOpError() << "argument " << index << ": '" << attr.getName().getValue()
                             << "' has " << names.size() << " names for " << *rank << " dims";
  return success();
}

LogicalResult verifyStateIndex(Operation *op, NamedAttribute attr, StringRef what, unsigned index) {
  auto state = llvm::dyn_cast<IntegerAttr>(attr.getValue());
  if (!state || state.getInt() < 0)
    return op->emitOpError() << what << " " << index
                             << ": 'rnn.state' must be a layer index (an integer >= 0)";
  return success();
}

} // namespace

LogicalResult RNNDialect::verifyOperationAttribute(Operation *op, NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == "rnn.stateful") {
    if (!llvm::isa<FunctionOpInterface>(op) || !llvm::isa<UnitAttr>(attr.getValue()))
      return op->emitOpError("'rnn.stateful' marks a function, and takes no value");
    return success();
  }
  if (name == "rnn.workers") {
    auto fn = llvm::dyn_cast<FunctionOpInterface>(op);
    auto args = llvm::dyn_cast<DenseI64ArrayAttr>(attr.getValue());
    if (!fn || !args || args.size() != 3 || llvm::any_of(args.asArrayRef(), [&](int64_t i) {
          return i < 0 || i >= int64_t(fn.getNumArguments());
        }))
      return op->emitOpError("'rnn.workers' must name a function's worker index, worker "
                             "count and barrier arguments (three argument indices)");
    return success();
  }
  if (name == "rnn.abi") {
    // Its contents are read, and checked, where the entry points and header are made.
    if (!llvm::isa<FunctionOpInterface, ModuleOp>(op) ||
        !llvm::isa<DictionaryAttr>(attr.getValue()))
      return op->emitOpError("'rnn.abi' describes a model's C signature as a dictionary, on "
                             "its function or its module");
    return success();
  }
  if (name == "rnn.weights") {
    auto blob = llvm::dyn_cast<DenseResourceElementsAttr>(attr.getValue());
    if (!llvm::isa<ModuleOp>(op) || !blob || !blob.getElementType().isInteger(8))
      return op->emitOpError("'rnn.weights' on a module must be the weights' bytes "
                             "(a dense_resource of i8)");
    return success();
  }
  if (name == "rnn.weights_fingerprint") {
    if (!llvm::isa<ModuleOp>(op) || !llvm::isa<IntegerAttr>(attr.getValue()))
      return op->emitOpError("'rnn.weights_fingerprint' must be an integer on a module");
    return success();
  }
  if (name == "rnn.workspace") {
    auto plan = llvm::dyn_cast<DictionaryAttr>(attr.getValue());
    auto place = plan ? plan.getAs<StringAttr>("place") : StringAttr();
    auto buffers = plan ? plan.getAs<ArrayAttr>("buffers") : ArrayAttr();
    auto isSize = [](Attribute a) {
      auto size = llvm::dyn_cast<DenseI64ArrayAttr>(a);
      return size && size.size() % 2 == 1 && size[0] >= 0;
    };
    if (!llvm::isa<FunctionOpInterface>(op) || !place || !buffers ||
        !llvm::is_contained({"none", "stack", "heap", "caller"}, place.getValue()) ||
        !llvm::all_of(buffers, isSize) || plan.size() != 2)
      return op->emitOpError(
          "'rnn.workspace' must be a function's {place = \"none\" | \"stack\" | \"heap\" | "
          "\"caller\", buffers = [array<i64: bytes, argument, dim, ...>, ...]}");
    return success();
  }
  return op->emitOpError() << "has unknown attribute '" << name
                           << "' (on an operation the rnn dialect defines rnn.stateful, "
                              "rnn.workers, rnn.workspace, rnn.abi, rnn.weights and "
                              "rnn.weights_fingerprint)";
}

LogicalResult RNNDialect::verifyRegionArgAttribute(Operation *op, unsigned regionIndex,
                                                   unsigned argIndex, NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == "rnn.name") {
    if (!llvm::isa<StringAttr>(attr.getValue()))
      return op->emitOpError() << "argument " << argIndex << ": 'rnn.name' must be a string";
    return success();
  }
  if (name == "rnn.dim_names" || name == "rnn.dim_params")
    return verifyDimNames(op, attr, argIndex);
  if (name == "rnn.state")
    return verifyStateIndex(op, attr, "argument", argIndex);
  if (name == "rnn.weights") {
    auto bytes = llvm::dyn_cast<IntegerAttr>(attr.getValue());
    if (!bytes || bytes.getInt() < 0)
      return op->emitOpError() << "argument " << argIndex
                               << ": 'rnn.weights' must be the weights' size in bytes";
    return success();
  }
  return op->emitOpError() << "argument " << argIndex << " has unknown attribute '" << name
                           << "' (on an argument the rnn dialect defines rnn.name, "
                              "rnn.dim_names, rnn.dim_params, rnn.state and rnn.weights)";
}

LogicalResult RNNDialect::verifyRegionResultAttribute(Operation *op, unsigned regionIndex,
                                                      unsigned resultIndex, NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == "rnn.name") {
    if (!llvm::isa<StringAttr>(attr.getValue()))
      return op->emitOpError() << "result " << resultIndex << ": 'rnn.name' must be a string";
    return success();
  }
  if (name == "rnn.state")
    return verifyStateIndex(op, attr, "result", resultIndex);
  return op->emitOpError() << "result " << resultIndex << " has unknown attribute '" << name
                           << "' (on a result the rnn dialect defines rnn.name and "
                              "rnn.state)";
}
