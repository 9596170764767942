// The register-blocked micro-kernel both rnn.matmul and each step of rnn.recurrence run:
// rows of A times packed column panels of W, accumulated in vector registers, then an
// activation and one store per output vector.
#ifndef RNNC_COMPILER_CODEGEN_PANELKERNEL_H
#define RNNC_COMPILER_CODEGEN_PANELKERNEL_H

#include "dialect/RNNDialect.h"
#include "mlir/IR/Builders.h"

#include <functional>

namespace rnnc {

struct PanelKernel {
  /// One vector of output columns: [column, column + vector width).
  struct Panel {
    /// The first column, an index value.
    mlir::Value column;
    /// Whether every column of the vector is below N (else the accesses are masked).
    bool inBounds;
    /// With `gates` > 1: the gate this panel belongs to; `column` is then the first column
    /// within the gate, and N the gate's width.
    int64_t gate = 0;
  };

  /// Number of rows (an index value, static or dynamic).
  mlir::Value rows;
  /// When set, only rows [rowBegin, rows) are computed (a worker's slice of the batch).
  mlir::Value rowBegin;
  /// The static row count of the whole op when `rows` is a worker's share of it. The
  /// blocking, and with it the order of every sum, follows the whole op, so that each
  /// worker computes the bits a single-threaded run does.
  std::optional<int64_t> totalRows;
  /// When set, panel group `g` (panels [g * NR, ...)) is computed only where this i1 is
  /// true (a worker's share of the columns). `group` is an index value: groups of equal
  /// shape run in a loop, so the code does not grow with the layer's width.
  std::function<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::Value group)> ownsGroup;
  /// Visits the panel groups last to first and k from K - 1 down to 0. A recurrence
  /// alternates the two orders from step to step, so a step starts on the weights the
  /// previous one touched last, which are still in cache (a fixed order evicts them all
  /// when the weights outgrow the cache: least recently used is what comes next).
  bool reverse = false;
  /// Reduction length K and valid output columns N (the panels are padded past N).
  int64_t k = 0, n = 0;
  /// Packed weights, memref<ceil(N/VW) x K x VW>, or with `gates` > 1 memref<gates *
  /// ceil(N/VW) x K x VW> holding each unit block's gate panels side by side (see
  /// rnn-pack-weights), from panel `panelOffset` on. The element type is f32, or bf16 or
  /// int8 (rnn-narrow-weights; int8 panels end with the scale rows, see rnn.matmul). int8
  /// panels in quads (int8-dot, kInt8QuadRows) make each row of A quantized to 8 bits
  /// (scale max |a| / 127, nearest even) into a buffer before the panels run, and each quad
  /// of rows summed exactly in int32 by the 8-bit dot product (AVX512_VNNI's vpdpbusd).
  mlir::Value packed;
  /// Narrow (bf16, int8) panels stored in groups of this many (dialect/PanelGroups.h).
  int64_t panelGroup = 1;
  int64_t gates = 1;
  int64_t panelOffset = 0;
  /// Vector registers available for accumulators, weights and broadcasts.
  int64_t registers = 32;
  /// Independent FMA chains that hide the FMA latency (see LowerKernels' min-chains).
  int64_t minChains = 8;
  /// With bf16 weights: A is rounded to bf16 (nearest even) and each pair of rows summed by
  /// the target's bf16 pair dot product (AVX512_BF16's vdpbf16ps) instead of being widened.
  bool dotBF16 = false;
  /// A[row, kk] as a scalar; null means A is zero (the product is skipped).
  std::function<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::Value row, mlir::Value kk)>
      loadA;
  /// The accumulator's starting value for (row, panel).
  std::function<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::Value row, const Panel &panel)>
      initAcc;
  /// Receives the activated accumulator of (row, panel).
  std::function<void(mlir::OpBuilder &, mlir::Location, mlir::Value row, const Panel &panel,
                     mlir::Value result)>
      store;
  /// When set, receives a row's accumulators of a whole panel group (sets of `gates`
  /// panels of one unit block, gate by gate) without an activation, instead of `store`.
  std::function<void(mlir::OpBuilder &, mlir::Location, mlir::Value row,
                     llvm::ArrayRef<Panel> panels, llvm::ArrayRef<mlir::Value> accs)>
      finish;
  mlir::rnn::ActivationAttr activation;
  mlir::FloatAttr clip;

  /// The vector width: the packed weights' innermost dim.
  int64_t vectorWidth() const;
  /// Emits the loop nest at the builder's insertion point.
  void emit(mlir::OpBuilder &b, mlir::Location loc) const;

private:
  /// int8-dot's quantized rows of A: `bytes[row - firstRow, kk]` holds q + 128 of A[row, kk],
  /// `scales[row - firstRow]` the row's scale.
  struct QuantizedA {
    mlir::Value bytes, scales, firstRow;
  };
  QuantizedA quantized;
  void emitQuantized(mlir::OpBuilder &b, mlir::Location loc) const;
  void quantizeRows(mlir::OpBuilder &b, mlir::Location loc, mlir::Value from, mlir::Value to) const;
};

} // namespace rnnc

#endif // RNNC_COMPILER_CODEGEN_PANELKERNEL_H
