// What a compiled model looks like from C: its inputs, outputs and dynamic dims. The
// pipeline records it once, as the `rnn.abi` attribute (rnn-describe-abi, completed by
// rnn-wrap-entry-points and rnn-detach-weights); the entry points, the header and the
// descriptor are all made from it.
#ifndef RNNC_COMPILER_TARGET_MODELINTERFACE_H
#define RNNC_COMPILER_TARGET_MODELINTERFACE_H

#include "compiler/Utils/ModelABI.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <optional>
#include <string>
#include <vector>

namespace rnnc {

struct TensorInterface {
  std::string name;
  std::string cName; // the header's parameter name: a unique, non-reserved identifier
  DType dtype = DType::F32;
  std::vector<int64_t> shape;    // -1 where dynamic
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
  /// For each dynamic dim parameter: which input and dim it is (the first that has it).
  std::vector<std::pair<int32_t, int32_t>> dimSources;
  /// Compiled with --weights=external: the run function takes the weights blob first.
  bool externalWeights = false;
  /// Also <name>_run_parallel (rnnc --parallel).
  bool parallel = false;
  /// What the model takes of its dynamic dims (rnn.require messages): a run whose dims
  /// do not allow it returns RNNC_ERR_BAD_DIM, and the status message lists them.
  std::vector<std::string> requirements;
  /// How the constant weight matrices are stored: a kWeightPrecisions name (rnnc
  /// --weight-precision); decodeModelInterface accepts no other.
  std::string weightPrecision = "f32";
  int64_t weightsBytes = 0;
  uint64_t weightsFingerprint = 0;
};

/// The name of the attribute the description is kept in: on the model function from
/// rnn-describe-abi to rnn-wrap-entry-points, on the module after.
inline constexpr char kABIAttrName[] = "rnn.abi";

/// The description as an `rnn.abi` dictionary (dim sources and C names are derived, not
/// stored).
mlir::DictionaryAttr encodeModelInterface(mlir::Builder &b, const ModelInterface &model);
/// Reads an `rnn.abi` dictionary; a malformed one is reported at `at`.
mlir::FailureOr<ModelInterface> decodeModelInterface(mlir::Operation *at,
                                                     mlir::DictionaryAttr dict);
/// The description a compiled module carries: the module's `rnn.abi`, or (before
/// rnn-wrap-entry-points) that of the one function that has it.
mlir::FailureOr<ModelInterface> readModelInterface(mlir::ModuleOp module);

/// The element type of an ABI tensor, if the ABI has a name for it.
std::optional<DType> dtypeOf(mlir::Type type);
/// C type name ("float") and dtype name ("float32") of an element type.
const char *cTypeName(DType t);
const char *dtypeName(DType t);

/// Turns an arbitrary string into a C identifier: each run of other characters becomes one
/// '_', none leads or trails; a name that is empty, starts with a digit or is a keyword
/// gets `prefix` ("12" -> "output_12", "float" -> "output_float").
std::string sanitizeIdentifier(llvm::StringRef text, llvm::StringRef prefix = "m");

} // namespace rnnc

#endif // RNNC_COMPILER_TARGET_MODELINTERFACE_H
