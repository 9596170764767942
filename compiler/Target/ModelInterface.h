// What a compiled model looks like from C: its inputs, outputs and dynamic dims, taken
// from the model function before lowering. The header, the run wrappers and the
// descriptor are all generated from this one description.
#ifndef RNNC_COMPILER_TARGET_MODELINTERFACE_H
#define RNNC_COMPILER_TARGET_MODELINTERFACE_H

#include "compiler/Utils/ModelABI.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <string>
#include <vector>

namespace rnnc {


struct TensorInterface {
  std::string name;
  std::string cName; // the header's parameter name: a unique, non-reserved identifier
  DType dtype;
  std::vector<int64_t> shape;   // -1 where dynamic
  std::vector<int32_t> dimParam; // index into the run function's dims, or -1
  /// For integer inputs that index an embedding table: ids must lie in [0, idLimit);
  /// the run function checks them. -1 when unchecked.
  int64_t idLimit = -1;
  /// For a stateful model: which layer's state this input/output carries, else -1.
  int64_t stateIndex = -1;
};

struct ModelInterface {
  std::string name; // the C prefix of every exported symbol
  std::vector<TensorInterface> inputs, outputs;
  int32_t numDims = 0;
  /// For each dynamic dim parameter: which input and dim it is.
  std::vector<std::pair<int32_t, int32_t>> dimSources;
  /// Compiled with --weights=external: the run function takes the weights blob first.
  bool externalWeights = false;
  /// Also <name>_run_parallel (rnnc --parallel).
  bool parallel = false;
  /// What the model takes of its dynamic dims (rnn.require messages): a run whose dims
  /// do not allow it returns RNNC_ERR_BAD_DIM, and the status message lists them.
  std::vector<std::string> requirements;
  int64_t weightsBytes = 0;
  uint64_t weightsFingerprint = 0;
};

/// The weights file of a model compiled with --weights=external: a 64-byte header
/// (magic "RNNCWGT1", the layout fingerprint, the payload size, little-endian u64s,
/// zero padding), then the payload the run function reads.
std::string encodeWeightsFile(const ModelInterface &model,
                              llvm::ArrayRef<char> payload);

/// Describes `fn` (on tensors). Fails with a located error for element types the ABI
/// has no name for or output dims that cannot be told from the inputs.
mlir::FailureOr<ModelInterface> describeModel(mlir::func::FuncOp fn,
                                              llvm::StringRef name);

/// C type name ("float") and dtype name ("float32") of an element type.
const char *cTypeName(DType t);
const char *dtypeName(DType t);

/// The C99/C++ header of a compiled model.
std::string generateHeader(const ModelInterface &model);

/// Turns an arbitrary string into a C identifier: each run of other characters becomes one
/// '_', none leads or trails; a name that is empty, starts with a digit or is a keyword
/// gets `prefix` ("12" -> "output_12", "float" -> "output_float").
std::string sanitizeIdentifier(llvm::StringRef text, llvm::StringRef prefix = "m");

} // namespace rnnc

#endif // RNNC_COMPILER_TARGET_MODELINTERFACE_H
