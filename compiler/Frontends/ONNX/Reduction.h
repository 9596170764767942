// Loop nests of the ONNX importer's reductions and index ops: one linalg.generic over an
// iteration space whose operands each read some of its dims, folding the reduced ones.
#ifndef RNNC_COMPILER_FRONTENDS_ONNX_REDUCTION_H
#define RNNC_COMPILER_FRONTENDS_ONNX_REDUCTION_H

#include "compiler/Frontends/ONNX/Emitter.h"

namespace rnnc::onnximport {

/// An input of a loop nest: operand dim k is iteration dim dims[k].
struct LoopInput {
  mlir::Value value;
  llvm::SmallVector<unsigned> dims;
};

/// A result of a loop nest, over the iteration dims that are not reduced: starts as
/// `init` (a scalar of `type`) everywhere, or as the tensor `start`; without either it
/// is written, not folded.
struct LoopResult {
  DataType type;
  mlir::Value init;
  mlir::Value start = {};
};

/// linalg.generic over `space`, reducing the dims flagged in `reduced`. The body gets the
/// inputs' elements, then the results' current values, and returns the new values.
using LoopBody = std::function<llvm::SmallVector<mlir::Value>(mlir::OpBuilder &, mlir::Location,
                                                              mlir::ValueRange)>;
llvm::SmallVector<mlir::Value> loopNest(Emitter &e, const Shape &space,
                                        llvm::ArrayRef<bool> reduced,
                                        llvm::ArrayRef<LoopInput> inputs,
                                        llvm::ArrayRef<LoopResult> results, const LoopBody &body);

/// The iteration dims [0, n): an input read in the order of the space.
llvm::SmallVector<unsigned> allDims(size_t n);
/// The dims not flagged in `reduced`: an earlier reduction's result read in the space.
llvm::SmallVector<unsigned> keptDims(llvm::ArrayRef<bool> reduced);

/// The tensor of the logical dims of `t` not flagged in `reduced`, held by `v` (the
/// result of a loop nest over t's physical dims).
Tensor keptTensor(const Tensor &t, llvm::ArrayRef<bool> reduced, mlir::Value v, DataType type);
/// The physical dims of `t` that the logical dims flagged in `reduced` are.
llvm::SmallVector<bool> physicalFlags(const Tensor &t, llvm::ArrayRef<bool> reduced);

/// `t` with the logical dims flagged in `reduced` folded by `fold` from `init` (in t's
/// own layout, so pending transposes stay pending); the result keeps the other dims.
struct Reduced {
  Tensor tensor;
  /// The folded dims, flagged in physical order.
  llvm::SmallVector<bool> physical;
};
Reduced reduceTensor(Emitter &e, const Tensor &t, llvm::ArrayRef<bool> reduced, DataType resultType,
                     mlir::Value init,
                     const std::function<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                                     mlir::Value elem, mlir::Value acc)> &fold);

/// A reduction's result `r` with the reduced dims of `inShape` back as 1s (keepdims).
Tensor keepReducedDims(Emitter &e, const Shape &inShape, llvm::ArrayRef<bool> reduced,
                       const Tensor &r);

/// The largest / smallest value of an element type (infinities for floats), the start
/// of a max / min reduction.
mlir::Value lowestValue(Emitter &e, DataType t);
mlir::Value highestValue(Emitter &e, DataType t);

/// Whether `a` comes strictly before `b` in descending (`largest`) or ascending order;
/// NaN comes first when `nanFirst` (numpy's argmax / argmin), else last.
mlir::Value ordersBefore(mlir::OpBuilder &b, mlir::Location loc, mlir::Value a, mlir::Value b2,
                         bool largest, bool nanFirst);
/// Whether `a` and `b` are equal, two NaNs included.
mlir::Value sameValue(mlir::OpBuilder &b, mlir::Location loc, mlir::Value a, mlir::Value c);

} // namespace rnnc::onnximport

#endif // RNNC_COMPILER_FRONTENDS_ONNX_REDUCTION_H
