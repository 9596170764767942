// What an op importer sees of one ONNX node: its inputs as tensors, its attributes, its
// outputs, and errors located at the node ("node 'RNN_0' (RNN): ...").
#ifndef RNNC_COMPILER_FRONTENDS_ONNX_NODECONTEXT_H
#define RNNC_COMPILER_FRONTENDS_ONNX_NODECONTEXT_H

#include "compiler/Frontends/ONNX/Emitter.h"
#include "compiler/Frontends/ONNX/Tensor.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <map>
#include <optional>

namespace onnx {
class NodeProto;
class AttributeProto;
class TensorProto;
} // namespace onnx

namespace rnnc::onnximport {

/// The graph-wide state op importers share.
struct GraphState {
  GraphState(Emitter &emitter, Symbols &symbols, int64_t opset)
      : emitter(emitter), symbols(symbols), opset(opset) {}
  Emitter &emitter;
  Symbols &symbols;
  /// The default-domain opset the model imports.
  int64_t opset = 0;
  /// Tensors by name: constants, graph inputs and node outputs imported so far.
  llvm::StringMap<Tensor> values;
  /// How many times each name is read (node inputs of live nodes, graph outputs).
  llvm::StringMap<int> useCount;
  /// What the recurrent nodes say a dim is ("batch", "timesteps"), so that --batch and
  /// --timesteps find the dims by meaning, not position: by symbol for run-time dims
  /// (shared by every input that names the same dim_param), by (graph input, dim) for
  /// static ones.
  llvm::DenseMap<int, llvm::StringRef> symbolRoles;
  std::map<std::pair<unsigned, int64_t>, llvm::StringRef> inputDimRoles;
};

/// AttributeProto::AttributeType values.
enum class AttrType {
  Float = 1,
  Int = 2,
  String = 3,
  Tensor = 4,
  Floats = 6,
  Ints = 7,
  Strings = 8
};

struct AttrSpec {
  const char *name;
  AttrType type;
};

class NodeContext {
public:
  NodeContext(const onnx::NodeProto &node, int index, mlir::Location loc, GraphState &state,
              std::vector<const Tensor *> inputs);

  const onnx::NodeProto &node;
  GraphState &state;
  Emitter &e;
  Symbols &symbols;
  mlir::Location loc;

  llvm::StringRef opType() const;
  int64_t opset() const { return state.opset; }

  // --- Errors ---------------------------------------------------------------------------
  /// An error at the node, its message starting "node 'name' (OpType): ".
  mlir::InFlightDiagnostic error();
  mlir::LogicalResult fail(const llvm::Twine &message);
  /// "attribute 'name' = value is not supported[: reason]".
  mlir::LogicalResult unsupportedAttribute(llvm::StringRef name, const llvm::Twine &value,
                                           const llvm::Twine &reason = "");
  /// "node 'name' (OpType)", as errors and run-time requirements name the node.
  std::string describe() const;

  // --- Run-time requirements ------------------------------------------------------------
  /// The node reads [offset, offset + size) of a dim that is only known at run time: a
  /// run whose dim does not hold that range is refused (RNNC_ERR_BAD_DIM) instead of
  /// reading outside the tensor. `what` says what the node takes ("index -1 of axis 1").
  void requireInRange(mlir::OpFoldResult offset, mlir::OpFoldResult size, const Dim &dim,
                      const llvm::Twine &what);
  /// Records that logical dim `dim` of `t` is the `role` ("batch", "timesteps") of the
  /// node, for the graph inputs it comes from.
  void noteDimRole(const Tensor &t, int64_t dim, llvm::StringRef role);

  // --- Inputs ---------------------------------------------------------------------------
  size_t numInputs() const { return inputs.size(); }
  bool hasInput(size_t i) const { return i < inputs.size() && inputs[i]; }
  const Tensor &input(size_t i) const { return *inputs[i]; }
  /// Checks that inputs [0, required) are present and no more than `max` are given.
  mlir::LogicalResult checkInputs(size_t required, size_t max);
  /// Fails unless input i is a float tensor (of one of f32 / f64).
  mlir::LogicalResult checkFloat(size_t i);
  /// Input i as known integers (an axes / starts / indices list), or an error naming it
  /// as `what`.
  mlir::FailureOr<std::vector<int64_t>> knownInts(size_t i, llvm::StringRef what);

  // --- Outputs --------------------------------------------------------------------------
  size_t numOutputs() const;
  /// Whether output i exists and something reads it.
  bool outputUsed(size_t i) const;
  void setOutput(size_t i, Tensor t);

  // --- Attributes -----------------------------------------------------------------------
  /// Fails on an attribute not in `known` or of another type.
  mlir::LogicalResult checkAttributes(llvm::ArrayRef<AttrSpec> known);
  bool hasAttr(llvm::StringRef name) const;
  int64_t getInt(llvm::StringRef name, int64_t dflt) const;
  float getFloat(llvm::StringRef name, float dflt) const;
  std::string getString(llvm::StringRef name, llvm::StringRef dflt) const;
  std::optional<std::vector<int64_t>> getInts(llvm::StringRef name) const;
  /// A 0 / 1 attribute, or an error naming its value.
  mlir::FailureOr<bool> getFlag(llvm::StringRef name, int64_t dflt);
  std::vector<float> getFloats(llvm::StringRef name) const;
  std::vector<std::string> getStrings(llvm::StringRef name) const;
  const onnx::TensorProto *getTensor(llvm::StringRef name) const;

  /// A normalized axis, or an error naming the attribute / input it came from.
  mlir::FailureOr<int64_t> axis(int64_t value, int64_t rank, llvm::StringRef what);

  /// A float as messages show it (shortest form that reads back the same).
  static std::string number(double v);

private:
  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  std::vector<const Tensor *> inputs;
  int index;
};

} // namespace rnnc::onnximport

#endif // RNNC_COMPILER_FRONTENDS_ONNX_NODECONTEXT_H
