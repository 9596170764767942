// What the importers of ONNX RNN, LSTM and GRU share: the attributes and inputs the three
// ops have in common, checked; each direction's operands in the dialect's layout; the
// per-direction results assembled into the outputs in the graph's layout.
#ifndef RNNC_COMPILER_FRONTENDS_ONNX_RECURRENTNODE_H
#define RNNC_COMPILER_FRONTENDS_ONNX_RECURRENTNODE_H

#include "compiler/Frontends/ONNX/NodeContext.h"

#include "dialect/RNNOps.h"

namespace rnnc::onnximport {

/// What sets one recurrent ONNX op apart from the others: how its gates sit in W, R and B,
/// its activations, and what it has beyond RNN's attributes and inputs.
struct CellSpec {
  /// Gate blocks of hidden_size rows in W and R (and twice that many elements in B).
  int64_t gates;
  /// Block g of the dialect's kernel is ONNX's block onnxBlocks[g].
  llvm::ArrayRef<int64_t> onnxBlocks;
  /// The activations of one direction, by the spec's names ("f, g, h"), and their defaults.
  llvm::StringRef activationNames;
  llvm::ArrayRef<llvm::StringRef> defaultActivations;
  /// A 0 / 1 attribute of the op (LSTM's input_forget, GRU's linear_before_reset), or "".
  llvm::StringRef flagName;
  size_t maxInputs;
};

/// An ONNX RNN, LSTM or GRU node whose common inputs and attributes have been checked.
/// Inputs: X [T, N, I] (layout 1: [N, T, I]), W [D, G*H, I], R [D, G*H, H], B [D, 2*G*H],
/// sequence_lens [N], initial_h [D, N, H] (layout 1: [N, D, H]) and, for LSTM, initial_c.
class RecurrentNode {
public:
  /// Checks the attribute names, the input count, direction, layout, clip, activations and
  /// the shapes and types of the common inputs, and notes which dims are batch and time.
  static mlir::FailureOr<RecurrentNode> parse(NodeContext &n, const CellSpec &cell);

  NodeContext &n;
  const CellSpec &cell;
  int64_t numDirections = 1;
  int64_t layout = 0;
  int64_t hidden = 0;
  DataType type = 0;
  /// `cell.defaultActivations.size()` activations per direction, one direction after the
  /// other.
  llvm::SmallVector<mlir::rnn::ActivationAttr> activations;
  /// The value of the attribute `cell.flagName`.
  bool flag = false;

  /// The direction of direction d's layer.
  mlir::rnn::Direction direction(int64_t d) const;
  mlir::FloatAttr clipAttr() const;

  // --- Operands of direction d's layer ------------------------------------------------
  /// X, batch-major.
  mlir::Value input();
  /// sequence_lens, or null.
  mlir::Value lengths();
  /// W[d] and R[d] with their gate blocks in the dialect's order, transposed.
  mlir::Value kernel(int64_t d);
  mlir::Value recurrentKernel(int64_t d);
  /// Wb[d] and Rb[d] with the gate blocks in the dialect's order, each null when B is
  /// absent or it is zero.
  std::pair<mlir::Value, mlir::Value> biases(int64_t d);
  /// Wb[d] + Rb[d] (folded for a constant B); null when B is absent or zero.
  mlir::Value summedBias(int64_t d);
  /// The blocks `blocks` (of hidden_size elements each) of row d of the [D, K] input `t`,
  /// in that order (one of B's halves, LSTM's peepholes); null when `t` is absent or they
  /// are zero.
  mlir::Value vectorOf(const Tensor *t, int64_t d, llvm::ArrayRef<int64_t> blocks,
                       llvm::StringRef hint);
  /// Direction d of an initial state input (N, H); null when absent or zero.
  mlir::Value initialState(size_t input, int64_t d, llvm::StringRef hint);

  // --- Outputs ------------------------------------------------------------------------
  /// Whether the graph reads any output (if not, there is nothing to emit).
  bool anyOutputUsed() const;
  /// The type of output i's layer result when the graph reads it, else null: every state
  /// (N, T, H) for Y, a final state (N, H) for the others.
  mlir::Type resultType(size_t i) const;
  /// Records one direction's layer results by output (Y, Y_h, Y_c), null where unread.
  void addResults(llvm::ArrayRef<mlir::Value> byOutput);
  /// Sets the outputs from the recorded results: Y [T, D, N, H], the final states
  /// [D, N, H], or batch first with layout 1.
  void setOutputs();

private:
  RecurrentNode(NodeContext &n, const CellSpec &cell) : n(n), cell(cell) {}
  mlir::LogicalResult checkInputs();
  mlir::LogicalResult checkState(size_t input, llvm::StringRef name);
  /// Where Rb's blocks are in B, in the dialect's order.
  llvm::SmallVector<int64_t> recurrentBiasBlocks() const;
  /// The blocks `blocks` of hidden_size rows of a run-time [rows(, cols)] tensor, in that
  /// order.
  Tensor blocksOf(const Tensor &rows, llvm::ArrayRef<int64_t> blocks);
  /// blocksOf direction d of `t`, transposed if asked: folded when `t` is known.
  mlir::Value arranged(const Tensor &t, int64_t d, llvm::ArrayRef<int64_t> blocks, bool transpose,
                       llvm::StringRef hint);
  /// One output from its layers' results, one per direction.
  void setOutput(size_t i, llvm::ArrayRef<mlir::Value> halves);

  mlir::rnn::Direction single = mlir::rnn::Direction::forward;
  std::optional<float> clip;
  Dim steps, batch;
  int64_t inputSize = 0;
  /// addResults' values, by output.
  llvm::SmallVector<llvm::SmallVector<mlir::Value, 2>, 3> results;
};

/// Imports node `n` of kind `cell`: parses it, then, when the graph reads any of its
/// outputs, emits its layers with `emitLayers` (which records their results with
/// addResults) and sets the outputs.
mlir::LogicalResult
importRecurrent(NodeContext &n, const CellSpec &cell,
                llvm::function_ref<mlir::LogicalResult(RecurrentNode &)> emitLayers);

/// An ONNX shape as messages show it ("[2, ?, 6]").
std::string shapeText(const Shape &s);

} // namespace rnnc::onnximport

#endif // RNNC_COMPILER_FRONTENDS_ONNX_RECURRENTNODE_H
