// The register-blocked micro-kernel: MR rows x NR column panels of vector accumulators,
// one broadcast-FMA per (row, panel) per k, weights streamed from the packed panels.
#include "compiler/Codegen/PanelKernel.h"
#include "compiler/Utils/Activation.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;

namespace rnnc {

int64_t PanelKernel::vectorWidth() const {
  return llvm::cast<MemRefType>(packed.getType()).getDimSize(2);
}

namespace {

/// Rows per block and panels per group: as many accumulators as the registers allow
/// once the NR weight vectors and a broadcast are live too.
std::pair<int64_t, int64_t> chooseBlocking(int64_t panels, int64_t registers,
                                           std::optional<int64_t> staticRows) {
  int64_t budget = std::max<int64_t>(registers - 2, 4);
  int64_t mr = 4;
  if (staticRows)
    mr = std::clamp<int64_t>(*staticRows, 1, 4);
  // mr * nr accumulators + nr weights <= budget.
  int64_t nr = std::max<int64_t>(1, budget / (mr + 1));
  nr = std::min(nr, panels);
  return {mr, nr};
}

} // namespace

void PanelKernel::emit(OpBuilder &b, Location loc) const {
  int64_t vw = vectorWidth();
  int64_t panels = llvm::divideCeil(n, vw);
  std::optional<int64_t> staticRows = getConstantIntValue(rows);
  auto [mr, nr] = chooseBlocking(panels, registers, staticRows);
  auto memType = llvm::cast<MemRefType>(packed.getType());
  auto vecType = VectorType::get({vw}, memType.getElementType());

  Value c0 = b.create<arith::ConstantIndexOp>(loc, 0);
  Value c1 = b.create<arith::ConstantIndexOp>(loc, 1);
  Value kUpper = b.create<arith::ConstantIndexOp>(loc, k);

  // One block of `blockRows` rows starting at `row0`, over panels [p0, p0 + np).
  auto emitBlock = [&](OpBuilder &ob, Location l, Value row0, int64_t blockRows,
                       int64_t p0, int64_t np) {
    SmallVector<Value> rowIdx;
    for (int64_t r = 0; r < blockRows; ++r)
      rowIdx.push_back(
          r == 0 ? row0
                 : ob.create<arith::AddIOp>(
                       l, row0, ob.create<arith::ConstantIndexOp>(l, r)));
    SmallVector<Value> accs;
    for (int64_t r = 0; r < blockRows; ++r)
      for (int64_t p = 0; p < np; ++p)
        accs.push_back(initAcc(ob, l, rowIdx[r], p0 + p));
    if (loadA) {
      auto loop = ob.create<scf::ForOp>(
          l, c0, kUpper, c1, accs,
          [&](OpBuilder &lb, Location ll, Value kk, ValueRange iter) {
            SmallVector<Value> w;
            for (int64_t p = 0; p < np; ++p) {
              Value panel = lb.create<arith::ConstantIndexOp>(ll, p0 + p);
              w.push_back(lb.create<vector::LoadOp>(ll, vecType, packed,
                                                    ValueRange{panel, kk, c0}));
            }
            SmallVector<Value> next;
            for (int64_t r = 0; r < blockRows; ++r) {
              Value a = loadA(lb, ll, rowIdx[r], kk);
              Value splat = lb.create<vector::BroadcastOp>(ll, vecType, a);
              for (int64_t p = 0; p < np; ++p)
                next.push_back(lb.create<vector::FMAOp>(
                    ll, splat, w[p], iter[r * np + p]));
            }
            lb.create<scf::YieldOp>(ll, next);
          });
      accs = loop.getResults();
    }
    for (int64_t r = 0; r < blockRows; ++r)
      for (int64_t p = 0; p < np; ++p) {
        Value v = emitActivation(ob, l, activation, clip, accs[r * np + p]);
        store(ob, l, rowIdx[r], p0 + p, v);
      }
  };

  // All panel groups for a block of rows.
  auto emitRows = [&](OpBuilder &ob, Location l, Value row0, int64_t blockRows) {
    for (int64_t p0 = 0; p0 < panels; p0 += nr)
      emitBlock(ob, l, row0, blockRows, p0, std::min(nr, panels - p0));
  };

  if (staticRows && *staticRows <= mr) {
    if (*staticRows > 0)
      emitRows(b, loc, c0, *staticRows);
    return;
  }
  // Full blocks of mr rows, then the remaining rows one at a time.
  Value mrV = b.create<arith::ConstantIndexOp>(loc, mr);
  Value fullRows = b.create<arith::MulIOp>(
      loc, b.create<arith::DivUIOp>(loc, rows, mrV), mrV);
  b.create<scf::ForOp>(loc, c0, fullRows, mrV, std::nullopt,
                       [&](OpBuilder &lb, Location ll, Value row, ValueRange) {
                         emitRows(lb, ll, row, mr);
                         lb.create<scf::YieldOp>(ll);
                       });
  if (mr > 1)
    b.create<scf::ForOp>(loc, fullRows, rows, c1, std::nullopt,
                         [&](OpBuilder &lb, Location ll, Value row, ValueRange) {
                           emitRows(lb, ll, row, 1);
                           lb.create<scf::YieldOp>(ll);
                         });
}

} // namespace rnnc
