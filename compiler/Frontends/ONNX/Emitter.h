// IR building blocks of the ONNX importer: constants, run-time dims, layouts (pending
// transposes), reshapes, slices and element-wise linalg.generic ops.
#ifndef RNNC_COMPILER_FRONTENDS_ONNX_EMITTER_H
#define RNNC_COMPILER_FRONTENDS_ONNX_EMITTER_H

#include "compiler/Frontends/ONNX/Symbols.h"
#include "compiler/Frontends/ONNX/Tensor.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/DenseMap.h"

#include <functional>
#include <optional>

namespace rnnc::onnximport {

class Emitter {
public:
  Emitter(mlir::OpBuilder &builder, Symbols &symbols)
      : b(builder), symbols(symbols), loc(builder.getUnknownLoc()) {}

  mlir::OpBuilder &b;
  Symbols &symbols;
  /// Where new ops come from (the node being imported).
  mlir::Location loc;

  /// The MLIR element type of an ONNX type (signless integers); null if unsupported.
  mlir::Type elementType(DataType t);
  mlir::RankedTensorType tensorType(const Shape &shape, DataType t);

  // --- Dims ---------------------------------------------------------------------------
  mlir::OpFoldResult dimSize(const Dim &d);
  mlir::Value dimValue(const Dim &d);
  llvm::SmallVector<mlir::OpFoldResult> sizes(const Shape &shape);
  mlir::Value empty(const Shape &shape, DataType t);

  // --- Constants ----------------------------------------------------------------------
  /// A constant as a value: arith.constant (dense_resource when large; `hint` names the
  /// blob), a fill for splats of run-time shape, from_elements for symbolic integers.
  mlir::Value constant(const Tensor &t, llvm::StringRef hint = "onnx_constant");
  /// A float32 constant of static `shape` whose elements `fill` writes in place (large
  /// weights go from the model's data to the constant without an intermediate copy).
  mlir::Value constantF32(const Shape &shape,
                          llvm::function_ref<void(llvm::MutableArrayRef<float>)> fill,
                          llvm::StringRef hint);
  mlir::Value scalar(DataType t, double v);

  // --- Layouts ------------------------------------------------------------------------
  /// The tensor as a run-time value (a constant is materialized).
  Tensor asRuntime(const Tensor &t);
  /// The tensor in its logical (ONNX) layout.
  mlir::Value materialize(const Tensor &t);
  /// The tensor with physical dim j = logical dim order[j].
  mlir::Value physicalAs(const Tensor &t, llvm::ArrayRef<int64_t> order);
  /// The dims of t's value, in physical order.
  Shape physicalShape(const Tensor &t);
  /// linalg.transpose of `v` (result dim i = input dim perm[i]) to `outShape`.
  mlir::Value transposeValue(mlir::Value v, llvm::ArrayRef<int64_t> perm, const Shape &outShape);

  // --- Run-time data movement (the tensors are run-time values) -----------------------
  /// ONNX Transpose: output dim i is input dim perm[i]. No IR: the transpose is pending.
  Tensor transpose(const Tensor &t, llvm::ArrayRef<int64_t> perm);
  /// Reshape to `shape` with collapse_shape / expand_shape on the physical layout when
  /// the pending transpose allows it, else after materializing it.
  Tensor reshape(const Tensor &t, const Shape &shape);
  /// collapse_shape / expand_shape of a value in its own layout.
  mlir::Value physicalReshape(mlir::Value v, const Shape &from, const Shape &to, DataType type);
  /// Elements [offset, offset + size) of logical dim `axis`.
  Tensor slice(const Tensor &t, int64_t axis, mlir::OpFoldResult offset, Dim size);
  /// The same with a size computed at run time (a new symbol).
  Tensor sliceDynamic(const Tensor &t, int64_t axis, mlir::OpFoldResult offset, mlir::Value size);
  /// Element `index` of logical dim `axis`, with that dim removed.
  Tensor takeIndex(const Tensor &t, int64_t axis, mlir::OpFoldResult index);

  // --- Computation --------------------------------------------------------------------
  using Body = std::function<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;
  /// linalg.generic over `outShape`; each operand (logical layout) broadcasts to it.
  mlir::Value elementwise(llvm::ArrayRef<std::pair<mlir::Value, Shape>> operands,
                          const Shape &outShape, DataType outType, const Body &body);
  /// A scalar conversion between element types, as ONNX Cast does it.
  mlir::Value convertScalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v, DataType from,
                            DataType to);

private:
  llvm::DenseMap<int64_t, mlir::Value> indexCache;
  llvm::DenseMap<int, mlir::Value> symbolCache;
  Tensor sliceImpl(const Tensor &t, int64_t axis, mlir::OpFoldResult offset,
                   mlir::OpFoldResult size, std::optional<Dim> sizeDim);
};

} // namespace rnnc::onnximport

#endif // RNNC_COMPILER_FRONTENDS_ONNX_EMITTER_H
