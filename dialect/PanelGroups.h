// Where each panel's rows sit in a narrow (bf16, int8) packed recurrent kernel: panels in
// groups, a group's rows interleaved panel by panel, so that a kernel reading a group's
// panels row by row reads one contiguous stream.
#ifndef RNNC_DIALECT_PANELGROUPS_H
#define RNNC_DIALECT_PANELGROUPS_H

#include "dialect/RNNOps.h"

#include <algorithm>
#include <cstdint>

namespace mlir::rnn {

/// Panels of a packed weight matrix (P x R x VW, see rnn.matmul) stored in groups of
/// `group` panels (the last group holds what remains): within a group come the panels'
/// first units side by side, then their second units, and so on. A unit is the rows one
/// load reads (a bf16 pair, an int8-dot quad, an int8 row), in the order the panel layout
/// gives them. With `group` 1 that is the plain panel-after-panel order.
///
/// The element offset of the unit starting at row `row` of panel `panel`, in a matrix of
/// `panels` panels of `rows` rows of `vw` lanes with units of `unitRows` rows.
inline constexpr int64_t groupedOffset(int64_t panel, int64_t row, int64_t panels, int64_t rows,
                                       int64_t vw, int64_t unitRows, int64_t group) {
  int64_t first = panel / group * group;
  int64_t width = std::min(group, panels - first);
  return first * rows * vw + row * width * vw + (panel - first) * unitRows * vw;
}

/// Narrow recurrent kernels of at most this many bytes are grouped (below).
inline constexpr int64_t kMaxGroupedBytes = 768 * 1024;

/// The panel group a narrow recurrent kernel of `bytes` bytes of an rnn.gated_recurrence
/// is stored in: its batch-1 kernel reads two unit blocks of `gates` gate panels at a time
/// (one pass over all gates: an LSTM, a GRU with reset_after), one row each, and stored
/// panel after panel those are 2 * gates streams, which the hardware prefetchers do not
/// keep up with once the weights live in L2 (LSTM (1,100,256,256): 17% faster in bf16,
/// 20% in int8-dot, grouped; GRU (1,100,128,256) bf16 12%). Beyond L2 the kernel walks
/// the weights in alternating order, which the grouping measured slower with (LSTM
/// (1,100,256,512) bf16: 20%), as it did for SimpleRNN's one-gate panels; those stay plain
/// (1), as do float32 weights.
/// rnn-narrow-weights stores by this and the kernel lowering reads by it: the one rule both
/// sides of the layout share.
inline int64_t gatedPanelGroup(GatedRecurrenceOp op, int64_t bytes) {
  bool onePass = op.getCell() == CellKind::lstm || op.getResetAfter();
  return onePass && bytes <= kMaxGroupedBytes ? 2 * op.getNumGates() : 1;
}

} // namespace mlir::rnn

#endif // RNNC_DIALECT_PANELGROUPS_H
