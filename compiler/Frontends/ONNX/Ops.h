// The importers of individual ONNX ops, and the table that finds them by op type. Each
// folds its node when the inputs are compile-time constants and emits IR otherwise.
#ifndef RNNC_COMPILER_FRONTENDS_ONNX_OPS_H
#define RNNC_COMPILER_FRONTENDS_ONNX_OPS_H

#include "compiler/Frontends/ONNX/NodeContext.h"

namespace rnnc::onnximport {

using OpImporter = mlir::LogicalResult (*)(NodeContext &);

/// The importer of `opType` (default domain), or null if rnnc does not support it.
OpImporter findOpImporter(llvm::StringRef opType);
/// The op types rnnc imports, in order, comma-separated (for messages).
std::string supportedOpTypes();

// Constants and shapes (ShapeOps.cpp).
mlir::LogicalResult importConstant(NodeContext &n);
mlir::LogicalResult importShape(NodeContext &n);
mlir::LogicalResult importConstantOfShape(NodeContext &n);
mlir::LogicalResult importIdentity(NodeContext &n);
mlir::LogicalResult importDropout(NodeContext &n);
mlir::LogicalResult importCast(NodeContext &n);
mlir::LogicalResult importReshape(NodeContext &n);
mlir::LogicalResult importSqueeze(NodeContext &n);
mlir::LogicalResult importUnsqueeze(NodeContext &n);
mlir::LogicalResult importFlatten(NodeContext &n);
mlir::LogicalResult importTranspose(NodeContext &n);
mlir::LogicalResult importConcat(NodeContext &n);
mlir::LogicalResult importGather(NodeContext &n);
mlir::LogicalResult importSlice(NodeContext &n);
mlir::LogicalResult importExpand(NodeContext &n);

// Arithmetic, activations and layers around the recurrence (MathOps.cpp).
mlir::LogicalResult importBinary(NodeContext &n);
mlir::LogicalResult importActivation(NodeContext &n);
mlir::LogicalResult importSoftmax(NodeContext &n);
mlir::LogicalResult importGemm(NodeContext &n);
mlir::LogicalResult importMatMul(NodeContext &n);

// Reductions over dims, LogSoftmax (ReduceOps.cpp).
mlir::LogicalResult importReduce(NodeContext &n);
mlir::LogicalResult importLogSoftmax(NodeContext &n);

// Positions: computed (ArgMax / ArgMin, TopK, Range), scattered and read (IndexOps.cpp).
mlir::LogicalResult importArgMax(NodeContext &n);
mlir::LogicalResult importTopK(NodeContext &n);
mlir::LogicalResult importRange(NodeContext &n);
mlir::LogicalResult importScatterElements(NodeContext &n);
/// Gather of `data` along `axis` at run-time `indices` that are positions (see
/// Tensor::positionsOf); a located error for any other run-time indices.
mlir::LogicalResult gatherAtPositions(NodeContext &n, const Tensor &data, const Tensor &indices,
                                      int64_t axis);

/// Gather from a run-time tensor at many positions known at compile time (or at a table of
/// them): one gather whose positions are checked against the dim once, instead of a slice
/// per position.
mlir::LogicalResult gatherAtKnownPositions(NodeContext &n, const Tensor &data,
                                           const Tensor &indices, int64_t axis);

// The recurrence (RNNOp.cpp, GatedRNNOps.cpp).
mlir::LogicalResult importRNN(NodeContext &n);
mlir::LogicalResult importLSTM(NodeContext &n);
mlir::LogicalResult importGRU(NodeContext &n);

} // namespace rnnc::onnximport

#endif // RNNC_COMPILER_FRONTENDS_ONNX_OPS_H
