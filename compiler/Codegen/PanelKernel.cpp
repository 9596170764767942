// The register-blocked micro-kernel: MR rows x NR column panels of vector accumulators,
// one broadcast-FMA per (row, panel) per k, weights streamed from the packed panels.
//
// Loop order: panel groups outside, rows inside, so a group's weights (sized to stay in
// L1) are reused by every row. With few accumulators the k loop is split into independent
// chains, summed at the end, so the FMA latency is hidden even at batch 1.
#include "compiler/Codegen/PanelKernel.h"
#include "compiler/Utils/Activation.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;

namespace rnnc {

int64_t PanelKernel::vectorWidth() const {
  return llvm::cast<MemRefType>(packed.getType()).getDimSize(2);
}

namespace {

/// Bytes of weights a panel group may occupy to stay in L1 while rows stream past.
constexpr int64_t kL1Budget = 32 * 1024;
constexpr int64_t kMaxRowBlock = 8;
/// From this many panel groups of one shape on, the groups run in a loop rather than one
/// copy each: a wide layer's step is then a few kernels' worth of code, not hundreds
/// (which cost compile time and instruction cache, and gain nothing over a loop).
constexpr int64_t kMinLoopGroups = 5;
/// int8-dot quantizes A in chunks of rows of at most this many bytes (a stack buffer that
/// stays in L1 while the panels read it); more rows take several passes over the weights.
constexpr int64_t kQuantizedBytes = 32 * 1024;
/// A's values are quantized 16 at a time (one vector of the widest target).
constexpr int64_t kQuantizeWidth = 16;

struct Blocking {
  int64_t mr = 1, nr = 1, split = 1;
};

/// `weightRegs` vector registers hold one panel's weights of a k step (2 for a bf16 pair,
/// which also keeps its mask in one).
Blocking chooseBlocking(int64_t panels, int64_t k, int64_t vw, int64_t bytes, int64_t registers,
                        int64_t minChains, std::optional<int64_t> staticRows, int64_t gates,
                        int64_t weightRegs) {
  Blocking bl;
  int64_t budget = std::max<int64_t>(registers - 2 - (weightRegs - 1), 4);
  int64_t rows = staticRows ? *staticRows : kMaxRowBlock;
  if (rows <= 1) {
    // One row: no weight reuse; 8 panels per pass keep 8 FMA chains and their 8 weight
    // loads in flight without crowding the registers.
    bl.mr = 1;
    bl.nr = std::min<int64_t>({panels, budget / 2, 8});
  } else {
    // Several rows: a panel group that stays in L1, and as many rows as fit beside it;
    // but at least two panels, since one panel of 8 rows gives just the 8 accumulators
    // that hide the FMA latency and no slack (K = 512: two panels from L2 run 12% faster
    // than one from L1).
    int64_t panelBytes = k * vw * bytes;
    bl.nr = std::clamp<int64_t>(kL1Budget / std::max<int64_t>(panelBytes, 1),
                                std::min<int64_t>(panels, 2), std::min<int64_t>(panels, 4));
    bl.mr = std::clamp<int64_t>((budget - weightRegs * bl.nr) / bl.nr, 1,
                                std::min<int64_t>(rows, kMaxRowBlock));
  }
  // Balanced groups of whole gate sets: 16 panels in groups of 8 + 8, not 15 + 1.
  int64_t sets = panels / gates;
  int64_t setsPerGroup = std::max<int64_t>(bl.nr / gates, 1);
  int64_t groups = llvm::divideCeil(sets, setsPerGroup);
  bl.nr = llvm::divideCeil(sets, groups) * gates;
  if (rows > 1 && gates > 1)
    bl.mr = std::clamp<int64_t>((budget - weightRegs * bl.nr) / bl.nr, 1,
                                std::min<int64_t>(rows, kMaxRowBlock));
  int64_t accs = bl.mr * bl.nr;
  if (accs < minChains)
    bl.split =
        std::min<int64_t>(std::min<int64_t>(llvm::divideCeil(minChains, accs), budget / (accs + 1)),
                          std::max<int64_t>(k, 1));
  bl.split = std::max<int64_t>(bl.split, 1);
  return bl;
}

} // namespace

void PanelKernel::quantizeRows(OpBuilder &b, Location loc, Value from, Value to) const {
  Type f32 = b.getF32Type();
  auto vecType = VectorType::get({kQuantizeWidth}, f32);
  auto i32Type = VectorType::get({kQuantizeWidth}, b.getI32Type());
  auto splat = [&](OpBuilder &ob, Location l, double v) -> Value {
    return ob.create<arith::ConstantOp>(l, DenseElementsAttr::get(vecType, ob.getF32FloatAttr(v)));
  };
  int64_t full = k / kQuantizeWidth, tail = k % kQuantizeWidth;
  b.create<scf::ForOp>(
      loc, from, to, b.create<arith::ConstantIndexOp>(loc, 1), std::nullopt,
      [&](OpBuilder &rb, Location l, Value row, ValueRange) {
        Value slot = rb.create<arith::SubIOp>(l, row, quantized.firstRow);
        // A[row, k0 .. k0 + count) as a vector, zeros past count.
        auto valuesAt = [&](OpBuilder &ob, Location ll, Value k0, int64_t count) {
          Value v = splat(ob, ll, 0.0);
          for (int64_t j = 0; j < count; ++j) {
            Value kk = j == 0 ? k0
                              : ob.create<arith::AddIOp>(
                                    ll, k0, ob.create<arith::ConstantIndexOp>(ll, j));
            v = ob.create<vector::InsertOp>(ll, loadA(ob, ll, row, kk), v, j);
          }
          return v;
        };
        // Every chunk of the row, `body(k0, count, carried)` returning the new carried values.
        auto forChunks = [&](ValueRange init,
                             function_ref<SmallVector<Value>(OpBuilder &, Location, Value,
                                                             int64_t, ValueRange)>
                                 body) {
          SmallVector<Value> carried(init);
          if (full > 0) {
            auto loop = rb.create<scf::ForOp>(
                l, rb.create<arith::ConstantIndexOp>(l, 0),
                rb.create<arith::ConstantIndexOp>(l, full * kQuantizeWidth),
                rb.create<arith::ConstantIndexOp>(l, kQuantizeWidth), carried,
                [&](OpBuilder &lb, Location ll, Value k0, ValueRange it) {
                  lb.create<scf::YieldOp>(ll, body(lb, ll, k0, kQuantizeWidth, it));
                });
            carried.assign(loop.getResults().begin(), loop.getResults().end());
          }
          if (tail > 0)
            carried = body(rb, l, rb.create<arith::ConstantIndexOp>(l, full * kQuantizeWidth), tail,
                           carried);
          return carried;
        };
        // m = max |a|; NaNs are passed over (maxnumf).
        Value maxAbs = forChunks(
            splat(rb, l, 0.0),
            [&](OpBuilder &ob, Location ll, Value k0, int64_t count, ValueRange it) {
              Value a = ob.create<math::AbsFOp>(ll, valuesAt(ob, ll, k0, count));
              return SmallVector<Value>{ob.create<arith::MaxNumFOp>(ll, it[0], a)};
            })[0];
        Value m = rb.create<vector::ReductionOp>(l, vector::CombiningKind::MAXNUMF, maxAbs);
        Value c127 = rb.create<arith::ConstantOp>(l, rb.getF32FloatAttr(127.0));
        Value zero = rb.create<arith::ConstantOp>(l, rb.getF32FloatAttr(0.0));
        Value positive = rb.create<arith::CmpFOp>(l, arith::CmpFPredicate::OGT, m, zero);
        Value inv = rb.create<arith::SelectOp>(l, positive,
                                               rb.create<arith::DivFOp>(l, c127, m), zero);
        rb.create<memref::StoreOp>(l, rb.create<arith::DivFOp>(l, m, c127), quantized.scales,
                                   ValueRange{slot});
        Value invV = rb.create<vector::BroadcastOp>(l, vecType, inv);
        // q = a / scale to nearest even, within +-127 (a NaN becomes -127), stored as
        // q + 128: the dot product's unsigned operand.
        forChunks({}, [&](OpBuilder &ob, Location ll, Value k0, int64_t count, ValueRange) {
          Value q = ob.create<math::RoundEvenOp>(
              ll, ob.create<arith::MulFOp>(ll, valuesAt(ob, ll, k0, count), invV));
          q = ob.create<arith::MinNumFOp>(ll, ob.create<arith::MaxNumFOp>(ll, q, splat(ob, ll, -127)),
                                          splat(ob, ll, 127));
          Value u = ob.create<arith::AddIOp>(
              ll, ob.create<arith::FPToSIOp>(ll, i32Type, q),
              ob.create<arith::ConstantOp>(
                  ll, DenseElementsAttr::get(i32Type, ob.getI32IntegerAttr(128))));
          Value bytes = ob.create<arith::TruncIOp>(
              ll, VectorType::get({kQuantizeWidth}, ob.getI8Type()), u);
          ob.create<vector::StoreOp>(ll, bytes, quantized.bytes, ValueRange{slot, k0});
          return SmallVector<Value>{};
        });
        rb.create<scf::YieldOp>(l);
      });
}

void PanelKernel::emitQuantized(OpBuilder &b, Location loc) const {
  // Whole vectors per row; the bytes past K are q = 0 (128) against zero weights.
  int64_t rowBytes = llvm::alignTo(std::max<int64_t>(k, 1), kQuantizeWidth);
  int64_t chunk = std::max<int64_t>(kQuantizedBytes / rowBytes, 1);
  std::optional<int64_t> staticRows = getConstantIntValue(rows);
  bool oneChunk = !rowBegin && staticRows && *staticRows <= chunk;
  if (oneChunk)
    chunk = std::max<int64_t>(*staticRows, 1);
  // The buffers live in the function's entry block: a fixed stack slot, not an allocation
  // per step.
  Operation *parent = b.getInsertionBlock()->getParentOp();
  auto func = llvm::dyn_cast<FunctionOpInterface>(parent);
  if (!func)
    func = parent->getParentOfType<FunctionOpInterface>();
  OpBuilder eb(b.getContext());
  eb.setInsertionPointToStart(&func.getFunctionBody().front());
  PanelKernel inner = *this;
  IntegerAttr align = eb.getI64IntegerAttr(64);
  inner.quantized.bytes = eb.create<memref::AllocaOp>(
      loc, MemRefType::get({chunk, rowBytes}, eb.getI8Type()), align);
  inner.quantized.scales =
      eb.create<memref::AllocaOp>(loc, MemRefType::get({chunk}, eb.getF32Type()), align);
  Value c0 = b.create<arith::ConstantIndexOp>(loc, 0);
  if (oneChunk) {
    inner.quantized.firstRow = c0;
    inner.quantizeRows(b, loc, c0, rows);
    inner.emit(b, loc);
    return;
  }
  Value chunkV = b.create<arith::ConstantIndexOp>(loc, chunk);
  b.create<scf::ForOp>(loc, rowBegin ? rowBegin : c0, rows, chunkV, std::nullopt,
                       [&](OpBuilder &lb, Location l, Value first, ValueRange) {
                         PanelKernel part = inner;
                         part.quantized.firstRow = first;
                         part.rowBegin = first;
                         part.rows = lb.create<arith::MinUIOp>(
                             l, lb.create<arith::AddIOp>(l, first, chunkV), rows);
                         part.quantizeRows(lb, l, first, part.rows);
                         part.emit(lb, l);
                         lb.create<scf::YieldOp>(l);
                       });
}

void PanelKernel::emit(OpBuilder &b, Location loc) const {
  int64_t vw = vectorWidth();
  int64_t sets = llvm::divideCeil(n, vw), panels = sets * gates;
  std::optional<int64_t> staticRows = getConstantIntValue(rows);
  auto memType = llvm::cast<MemRefType>(packed.getType());
  Type elt = memType.getElementType();
  // Narrow weights (bf16, int8) are widened to float32 in registers; the sums stay float32.
  // int8 sums are of the integer weights: each column's scale multiplies the sum once, as
  // it is added to the accumulator's starting value.
  bool int8 = elt.isInteger(8);
  // int8-dot (panels in quads): A quantized first (emitQuantized), then a k step is one
  // vpdpbusd per panel on a quad of rows; the sums are int32, exact in any order. The
  // layouts cannot be mistaken: a quad panel has at least K + 8 rows, a plain one K + 4.
  bool quads = int8 && loadA && memType.getDimSize(1) == mlir::rnn::int8DotRows(k);
  if (quads && !quantized.bytes) {
    emitQuantized(b, loc);
    return;
  }
  // bf16 panels hold their rows in interleaved pairs (kBF16PairRows): one load of a pair
  // widens to both rows' vectors with a shift and a mask, where a row alone takes a
  // widening shuffle. The k loop then steps over pairs; an odd K's last row comes after.
  // int8-dot's quads are padded to whole quads.
  int64_t rowsPerStep =
      elt.isBF16() ? mlir::rnn::kBF16PairRows : quads ? mlir::rnn::kInt8QuadRows : 1;
  int64_t kSteps = quads ? llvm::divideCeil(k, rowsPerStep) : k / rowsPerStep;
  int64_t oddRows = quads ? 0 : k % rowsPerStep;
  // The first scale row of an int8 panel.
  int64_t scaleRow = quads ? kSteps * rowsPerStep : k;
  // bf16-dot: a k step is one vdpbf16ps per panel on the pair as stored, with A's two values
  // rounded to bf16 and broadcast as one 32-bit lane; no weight is widened.
  // Panels narrower than the instruction's 128 bits (tiny layers) take the widening path on
  // the same rounded A.
  bool roundA = dotBF16 && elt.isBF16() && loadA;
  bool dot = roundA && vw >= 4;
  Blocking bl = chooseBlocking(panels, k, vw, elt.getIntOrFloatBitWidth() / 8, registers, minChains,
                               totalRows ? totalRows : staticRows, gates,
                               quads ? 1 : rowsPerStep);
  auto storedType = VectorType::get({vw}, elt);
  Type accElt = elt.isBF16() || int8 ? Float32Type::get(b.getContext()) : elt;
  auto vecType = VectorType::get({vw}, accElt);
  // The accumulators: int32 sums under int8-dot.
  auto i32Vec = VectorType::get({vw}, b.getI32Type());
  auto sumType = quads ? i32Vec : vecType;
  auto zeroSum = [&](OpBuilder &ob, Location l) -> Value {
    return ob.create<arith::ConstantOp>(
        l, DenseElementsAttr::get(sumType, quads ? Attribute(ob.getI32IntegerAttr(0))
                                                 : Attribute(ob.getFloatAttr(accElt, 0.0))));
  };

  Value c0 = b.create<arith::ConstantIndexOp>(loc, 0);
  Value c1 = b.create<arith::ConstantIndexOp>(loc, 1);

  // Grouped narrow panels (dialect/PanelGroups.h): the unit starting at row `row` of panel
  // `panel` (counted over the whole matrix) is read from the buffer seen as one dimension.
  Value flat;
  if (panelGroup > 1 && (elt.isBF16() || int8))
    flat = b.create<memref::CollapseShapeOp>(loc, packed,
                                             SmallVector<ReassociationIndices>{{0, 1, 2}});
  auto loadAt = [&, unitRows = rowsPerStep](OpBuilder &lb, Location ll, VectorType type,
                                            Value panel, Value row) -> Value {
    if (!flat)
      return lb.create<vector::LoadOp>(ll, type, packed, ValueRange{panel, row, c0});
    auto idx = [&](int64_t v) -> Value { return lb.create<arith::ConstantIndexOp>(ll, v); };
    auto mul = [&](Value x, Value y) -> Value { return lb.create<arith::MulIOp>(ll, x, y); };
    Value group = idx(panelGroup);
    Value first = mul(lb.create<arith::DivUIOp>(ll, panel, group), group);
    Value width = lb.create<arith::MinUIOp>(
        ll, group, lb.create<arith::SubIOp>(ll, idx(memType.getDimSize(0)), first));
    Value offset = lb.create<arith::AddIOp>(
        ll, mul(first, idx(memType.getDimSize(1) * vw)),
        lb.create<arith::AddIOp>(
            ll, mul(mul(row, width), idx(vw)),
            mul(lb.create<arith::RemUIOp>(ll, panel, group), idx(unitRows * vw))));
    return lb.create<vector::LoadOp>(ll, type, flat, ValueRange{offset});
  };

  // One block of `blockRows` rows from `row0`, over panels [p0, p0 + np); panel p0 + p
  // is in bounds where inBounds[p].
  auto emitBlock = [&](OpBuilder &ob, Location l, Value row0, int64_t blockRows, Value p0,
                       ArrayRef<bool> inBounds) {
    int64_t np = inBounds.size();
    SmallVector<Panel> panelsOf;
    // p0 starts a whole gate set: panel p0 + p is gate p % gates of unit block
    // p0 / gates + p / gates.
    Value set0 =
        gates == 1 ? p0
                   : ob.create<arith::DivUIOp>(l, p0, ob.create<arith::ConstantIndexOp>(l, gates));
    for (int64_t p = 0; p < np; ++p) {
      int64_t offset = p / gates;
      Value set =
          offset == 0
              ? set0
              : ob.create<arith::AddIOp>(l, set0, ob.create<arith::ConstantIndexOp>(l, offset));
      panelsOf.push_back(
          {ob.create<arith::MulIOp>(l, set, ob.create<arith::ConstantIndexOp>(l, vw)), inBounds[p],
           p % gates});
    }
    SmallVector<Value> rowIdx;
    for (int64_t r = 0; r < blockRows; ++r)
      rowIdx.push_back(
          r == 0 ? row0
                 : ob.create<arith::AddIOp>(l, row0, ob.create<arith::ConstantIndexOp>(l, r)));
    int64_t accs = blockRows * np;
    // The packed panel of panel p of the group.
    auto panelAt = [&](OpBuilder &lb, Location ll, int64_t p) -> Value {
      return p + panelOffset == 0
                 ? p0
                 : lb.create<arith::AddIOp>(
                       ll, p0, lb.create<arith::ConstantIndexOp>(ll, p + panelOffset));
    };
    auto startValues = [&] {
      SmallVector<Value> values;
      for (int64_t r = 0; r < blockRows; ++r)
        for (int64_t p = 0; p < np; ++p)
          values.push_back(initAcc(ob, l, rowIdx[r], panelsOf[p]));
      return values;
    };
    bool scaled = int8 && loadA;
    SmallVector<Value> init = scaled ? SmallVector<Value>(accs, zeroSum(ob, l)) : startValues();

    // The first row of k step `step`, walking backwards under `reverse`.
    auto rowOf = [&](OpBuilder &lb, Location ll, Value step) -> Value {
      if (reverse)
        step =
            lb.create<arith::SubIOp>(ll, lb.create<arith::ConstantIndexOp>(ll, kSteps - 1), step);
      if (rowsPerStep == 1)
        return step;
      return lb.create<arith::MulIOp>(ll, step, lb.create<arith::ConstantIndexOp>(ll, rowsPerStep));
    };
    // Rows kk .. kk + rowsHere - 1 of panel p as float32 vectors.
    auto weightsAt = [&](OpBuilder &lb, Location ll, int64_t p, Value kk, int64_t rowsHere) {
      SmallVector<Value, 2> rowsOut;
      if (rowsPerStep > 1) {
        // Lane v holds row kk's weight in its low half, row kk + 1's in its high half.
        auto pairType = VectorType::get({rowsPerStep * vw}, elt);
        auto laneType = VectorType::get({vw}, lb.getI32Type());
        Value pair = loadAt(lb, ll, pairType, panelAt(lb, ll, p), kk);
        Value lanes = lb.create<vector::BitCastOp>(ll, laneType, pair);
        auto lanesOf = [&](int32_t v) {
          return lb.create<arith::ConstantOp>(
              ll, DenseElementsAttr::get(laneType, lb.getI32IntegerAttr(v)));
        };
        Value low = lb.create<arith::ShLIOp>(ll, lanes, lanesOf(16));
        rowsOut.push_back(lb.create<arith::BitcastOp>(ll, vecType, low));
        if (rowsHere > 1) {
          Value high = lb.create<arith::AndIOp>(ll, lanes, lanesOf(int32_t(0xffff0000u)));
          rowsOut.push_back(lb.create<arith::BitcastOp>(ll, vecType, high));
        }
        return rowsOut;
      }
      Value stored = loadAt(lb, ll, storedType, panelAt(lb, ll, p), kk);
      if (int8)
        stored = lb.create<arith::SIToFPOp>(ll, vecType, stored);
      rowsOut.push_back(stored);
      return rowsOut;
    };
    // The bf16-dot form of fmaStep: acc[r][p] += bf16(A[r, kk]) * W[kk] + bf16(A[r, kk + 1]) *
    // W[kk + 1] in one instruction per panel (A[r, kk + 1] is 0 for an odd K's last row).
    auto dotStep = [&](OpBuilder &lb, Location ll, Value kk, ArrayRef<Value> in, int64_t rowsHere) {
      auto pairType = VectorType::get({rowsPerStep * vw}, elt);
      auto laneType = VectorType::get({vw}, lb.getI32Type());
      auto twoF32 = VectorType::get({2}, lb.getF32Type());
      auto twoBF16 = VectorType::get({2}, elt);
      std::string intrinsic =
          "llvm.x86.avx512bf16.dpbf16ps." + std::to_string(vw * 32); // 128, 256 or 512 bits
      SmallVector<Value> aPairs;
      for (int64_t r = 0; r < blockRows; ++r) {
        Value a0 = loadA(lb, ll, rowIdx[r], kk);
        Value a1 =
            rowsHere > 1
                ? loadA(lb, ll, rowIdx[r],
                        lb.create<arith::AddIOp>(ll, kk, lb.create<arith::ConstantIndexOp>(ll, 1)))
                : lb.create<arith::ConstantOp>(ll, lb.getF32FloatAttr(0.0)).getResult();
        Value two = lb.create<vector::BroadcastOp>(ll, twoF32, a0);
        two = lb.create<vector::InsertOp>(ll, a1, two, 1);
        Value rounded = lb.create<arith::TruncFOp>(ll, twoBF16, two);
        Value lane = lb.create<vector::ExtractOp>(
            ll, lb.create<vector::BitCastOp>(ll, VectorType::get({1}, lb.getI32Type()), rounded),
            0);
        aPairs.push_back(lb.create<vector::BitCastOp>(
            ll, pairType, lb.create<vector::BroadcastOp>(ll, laneType, lane)));
      }
      SmallVector<Value> out(in);
      for (int64_t p = 0; p < np; ++p) {
        Value w = loadAt(lb, ll, pairType, panelAt(lb, ll, p), kk);
        for (int64_t r = 0; r < blockRows; ++r)
          out[r * np + p] = lb.create<LLVM::CallIntrinsicOp>(
                                  ll, TypeRange{vecType}, ValueRange{out[r * np + p], aPairs[r], w},
                                  ArrayRef<NamedAttribute>{
                                      lb.getNamedAttr("intrin", lb.getStringAttr(intrinsic))})
                                .getResult(0);
      }
      return out;
    };
    // The int8-dot form of fmaStep: acc[r][p] += sum_j (q[r, kk + j] + 128) * W[kk + j] over
    // the quad, one vpdpbusd per panel (the 128 is taken off with the panel's sum rows).
    auto quadStep = [&](OpBuilder &lb, Location ll, Value kk, ArrayRef<Value> in) {
      auto quadType = VectorType::get({mlir::rnn::kInt8QuadRows * vw}, elt);
      auto one = VectorType::get({1}, lb.getI32Type());
      bool native = vw == 4 || vw == 8 || vw == 16;
      std::string intrinsic = "llvm.x86.avx512.vpdpbusd." + std::to_string(vw * 32);
      SmallVector<Value> aQuads;
      for (int64_t r = 0; r < blockRows; ++r) {
        Value slot = lb.create<arith::SubIOp>(ll, rowIdx[r], quantized.firstRow);
        Value four = lb.create<vector::LoadOp>(ll, VectorType::get({4}, lb.getI8Type()),
                                               quantized.bytes, ValueRange{slot, kk});
        Value lane = lb.create<vector::ExtractOp>(ll, lb.create<vector::BitCastOp>(ll, one, four), 0);
        aQuads.push_back(lb.create<vector::BroadcastOp>(ll, i32Vec, lane));
      }
      auto lanesOf = [&](int32_t v) -> Value {
        return lb.create<arith::ConstantOp>(ll,
                                            DenseElementsAttr::get(i32Vec, lb.getI32IntegerAttr(v)));
      };
      SmallVector<Value> out(in);
      for (int64_t p = 0; p < np; ++p) {
        Value w = lb.create<vector::BitCastOp>(ll, i32Vec,
                                               loadAt(lb, ll, quadType, panelAt(lb, ll, p), kk));
        for (int64_t r = 0; r < blockRows; ++r) {
          Value &acc = out[r * np + p];
          if (native) {
            acc = lb.create<LLVM::CallIntrinsicOp>(
                        ll, TypeRange{i32Vec}, ValueRange{acc, aQuads[r], w},
                        ArrayRef<NamedAttribute>{
                            lb.getNamedAttr("intrin", lb.getStringAttr(intrinsic))})
                      .getResult(0);
            continue;
          }
          // Widths the instruction has no form for: byte j of each lane, sign- (weight) or
          // zero- (operand) extended, multiplied and added in int32, the same exact sum.
          for (int64_t j = 0; j < mlir::rnn::kInt8QuadRows; ++j) {
            Value wj = lb.create<arith::ShRSIOp>(
                ll, lb.create<arith::ShLIOp>(ll, w, lanesOf(int32_t(24 - 8 * j))), lanesOf(24));
            Value aj = lb.create<arith::AndIOp>(
                ll, lb.create<arith::ShRUIOp>(ll, aQuads[r], lanesOf(int32_t(8 * j))),
                lanesOf(0xff));
            acc = lb.create<arith::AddIOp>(ll, acc, lb.create<arith::MulIOp>(ll, aj, wj));
          }
        }
      }
      return out;
    };
    // acc[r][p] += A[r, kk + j] * W[p0 + p, kk + j, :] for rows kk .. kk + rowsHere - 1.
    auto fmaStep = [&](OpBuilder &lb, Location ll, Value kk, ArrayRef<Value> in, int64_t rowsHere) {
      if (quads)
        return quadStep(lb, ll, kk, in);
      if (dot)
        return dotStep(lb, ll, kk, in, rowsHere);
      SmallVector<SmallVector<Value, 2>> w;
      for (int64_t p = 0; p < np; ++p)
        w.push_back(weightsAt(lb, ll, p, kk, rowsHere));
      SmallVector<Value> out(in);
      for (int64_t j = 0; j < rowsHere; ++j) {
        Value row =
            j == 0 ? kk
                   : lb.create<arith::AddIOp>(ll, kk, lb.create<arith::ConstantIndexOp>(ll, j));
        for (int64_t r = 0; r < blockRows; ++r) {
          Value a = loadA(lb, ll, rowIdx[r], row);
          if (roundA)
            a = lb.create<arith::ExtFOp>(
                ll, a.getType(), lb.create<arith::TruncFOp>(ll, lb.getBF16Type(), a).getResult());
          Value splat = lb.create<vector::BroadcastOp>(ll, vecType, a);
          for (int64_t p = 0; p < np; ++p)
            out[r * np + p] = lb.create<vector::FMAOp>(ll, splat, w[p][j], out[r * np + p]);
        }
      }
      return out;
    };

    SmallVector<Value> accsOut(init);
    if (loadA) {
      int64_t split = std::min(bl.split, std::max<int64_t>(kSteps, 1));
      // `split` independent accumulator sets; set 0 starts from the initial value.
      SmallVector<Value> iter(init);
      Value zero = zeroSum(ob, l);
      for (int64_t s = 1; s < split; ++s)
        iter.append(accs, zero);
      int64_t mainSteps = kSteps - kSteps % split;
      if (mainSteps > 0) {
        Value upper = ob.create<arith::ConstantIndexOp>(l, mainSteps);
        Value step = ob.create<arith::ConstantIndexOp>(l, split);
        auto loop = ob.create<scf::ForOp>(
            l, c0, upper, step, iter, [&](OpBuilder &lb, Location ll, Value k0, ValueRange it) {
              SmallVector<Value> next;
              for (int64_t s = 0; s < split; ++s) {
                Value st = s == 0 ? k0
                                  : lb.create<arith::AddIOp>(
                                        ll, k0, lb.create<arith::ConstantIndexOp>(ll, s));
                SmallVector<Value> in(it.slice(s * accs, accs));
                auto part = fmaStep(lb, ll, rowOf(lb, ll, st), in, rowsPerStep);
                next.append(part.begin(), part.end());
              }
              lb.create<scf::YieldOp>(ll, next);
            });
        iter.assign(loop.getResults().begin(), loop.getResults().end());
      }
      // The kSteps % split remainder goes into set 0, and so does an odd K's last bf16 row.
      auto intoFirstSet = [&](Value kk, int64_t rowsHere) {
        auto part = fmaStep(ob, l, kk, ArrayRef<Value>(iter).take_front(accs), rowsHere);
        std::copy(part.begin(), part.end(), iter.begin());
      };
      for (int64_t st = mainSteps; st < kSteps; ++st)
        intoFirstSet(rowOf(ob, l, ob.create<arith::ConstantIndexOp>(l, st)), rowsPerStep);
      if (oddRows)
        intoFirstSet(ob.create<arith::ConstantIndexOp>(l, k - 1), 1);
      // Sum the sets pairwise.
      for (int64_t width = split; width > 1; width = (width + 1) / 2)
        for (int64_t s = 0; s < width / 2; ++s)
          for (int64_t a = 0; a < accs; ++a) {
            Value x = iter[s * accs + a], y = iter[(s + (width + 1) / 2) * accs + a];
            iter[s * accs + a] = quads ? ob.create<arith::AddIOp>(l, x, y).getResult()
                                       : ob.create<arith::AddFOp>(l, x, y).getResult();
          }
      accsOut.assign(iter.begin(), iter.begin() + accs);
    }
    if (scaled) {
      // start + scale * sum, with each panel's scales read from its scale rows; under
      // int8-dot the sum is int32, less the panel's 128 * sum q, and the scale also the row's.
      SmallVector<Value> start = startValues();
      auto i32 = VectorType::get({vw}, ob.getI32Type());
      // The 32-bit lanes stored byte by byte in rows first .. first + 3 of panel `panel`: one
      // load of the quad under int8-dot (x86, little-endian), four rows of bytes otherwise.
      auto lanesAt = [&](Value panel, int64_t first) -> Value {
        if (quads)
          return ob.create<vector::BitCastOp>(
              l, i32,
              loadAt(ob, l, VectorType::get({mlir::rnn::kInt8QuadRows * vw}, elt), panel,
                     ob.create<arith::ConstantIndexOp>(l, first)));
        Value bits;
        for (int64_t j = 0; j < 4; ++j) {
          Value row = ob.create<arith::ConstantIndexOp>(l, first + j);
          Value byte = ob.create<arith::ExtUIOp>(l, i32, loadAt(ob, l, storedType, panel, row));
          if (j > 0)
            byte = ob.create<arith::ShLIOp>(
                l, byte,
                ob.create<arith::ConstantOp>(
                    l, DenseElementsAttr::get(i32, ob.getI32IntegerAttr(8 * j))));
          bits = j == 0 ? byte : ob.create<arith::OrIOp>(l, bits, byte);
        }
        return bits;
      };
      SmallVector<Value> rowScales;
      if (quads)
        for (int64_t r = 0; r < blockRows; ++r)
          rowScales.push_back(ob.create<vector::BroadcastOp>(
              l, vecType,
              ob.create<memref::LoadOp>(
                  l, quantized.scales,
                  ValueRange{ob.create<arith::SubIOp>(l, rowIdx[r], quantized.firstRow)})));
      for (int64_t p = 0; p < np; ++p) {
        Value panel = panelAt(ob, l, p);
        Value scale = ob.create<arith::BitcastOp>(l, vecType, lanesAt(panel, scaleRow));
        Value offset =
            quads ? lanesAt(panel, scaleRow + mlir::rnn::kInt8ScaleRows) : Value();
        for (int64_t r = 0; r < blockRows; ++r) {
          Value sum = accsOut[r * np + p], factor = scale;
          if (quads) {
            sum = ob.create<arith::SIToFPOp>(l, vecType,
                                             ob.create<arith::SubIOp>(l, sum, offset));
            factor = ob.create<arith::MulFOp>(l, scale, rowScales[r]);
          }
          accsOut[r * np + p] = ob.create<vector::FMAOp>(l, sum, factor, start[r * np + p]);
        }
      }
    }
    for (int64_t r = 0; r < blockRows; ++r) {
      ArrayRef<Value> rowAccs = ArrayRef<Value>(accsOut).slice(r * np, np);
      if (finish) {
        finish(ob, l, rowIdx[r], panelsOf, rowAccs);
        continue;
      }
      for (int64_t p = 0; p < np; ++p)
        store(ob, l, rowIdx[r], panelsOf[p], emitActivation(ob, l, activation, clip, rowAccs[p]));
    }
  };

  // The rows of one panel group: `group` an index value, its panels' bounds static.
  auto emitGroup = [&](OpBuilder &b, Location loc, Value group, ArrayRef<bool> inBounds) {
    OpBuilder::InsertionGuard guard(b);
    Value p0 = b.create<arith::MulIOp>(loc, group, b.create<arith::ConstantIndexOp>(loc, bl.nr));
    if (ownsGroup) {
      auto owned = b.create<scf::IfOp>(loc, ownsGroup(b, loc, group), /*withElse=*/false);
      b.setInsertionPointToStart(owned.thenBlock());
    }
    if (!rowBegin && staticRows) {
      // Blocks of equal size (8 rows under mr = 6: 4 + 4, not 6 + 1 + 1), then one block
      // of what remains: each block reads the group's weights once. The sums do not
      // change with the block size (bl.split does not).
      int64_t total = *staticRows;
      int64_t mr = total > 0 ? llvm::divideCeil(total, llvm::divideCeil(total, bl.mr)) : 1;
      int64_t full = total / mr * mr;
      if (full > mr) {
        Value mrV = b.create<arith::ConstantIndexOp>(loc, mr);
        Value fullV = b.create<arith::ConstantIndexOp>(loc, full);
        b.create<scf::ForOp>(loc, c0, fullV, mrV, std::nullopt,
                             [&](OpBuilder &lb, Location ll, Value row, ValueRange) {
                               emitBlock(lb, ll, row, mr, p0, inBounds);
                               lb.create<scf::YieldOp>(ll);
                             });
      } else if (full == mr) {
        emitBlock(b, loc, c0, mr, p0, inBounds);
      }
      if (total > full)
        emitBlock(b, loc, b.create<arith::ConstantIndexOp>(loc, full), total - full, p0, inBounds);
      return;
    }
    // Full blocks of mr rows, then the rest (< mr) in blocks of its binary digits: 7
    // rows are 4 + 2 + 1, three passes over the weights where single rows took seven.
    Value begin = rowBegin ? rowBegin : c0;
    Value mrV = b.create<arith::ConstantIndexOp>(loc, bl.mr);
    Value count = rowBegin ? b.create<arith::SubIOp>(loc, rows, begin) : rows;
    Value fullRows = b.create<arith::AddIOp>(
        loc, begin, b.create<arith::MulIOp>(loc, b.create<arith::DivUIOp>(loc, count, mrV), mrV));
    b.create<scf::ForOp>(loc, begin, fullRows, mrV, std::nullopt,
                         [&](OpBuilder &lb, Location ll, Value row, ValueRange) {
                           emitBlock(lb, ll, row, bl.mr, p0, inBounds);
                           lb.create<scf::YieldOp>(ll);
                         });
    Value rest = b.create<arith::SubIOp>(loc, rows, fullRows);
    for (int64_t size = int64_t(llvm::bit_floor(uint64_t(bl.mr - 1))); size >= 1; size /= 2) {
      // This block starts after the larger digits of `rest` (none for the largest).
      Value sizeV = b.create<arith::ConstantIndexOp>(loc, size);
      Value larger = 2 * size > bl.mr - 1
                         ? c0
                         : b.create<arith::AndIOp>(
                                loc, rest, b.create<arith::ConstantIndexOp>(loc, ~(2 * size - 1)))
                               .getResult();
      Value has = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne,
                                          b.create<arith::AndIOp>(loc, rest, sizeV), c0);
      auto digit = b.create<scf::IfOp>(loc, has, /*withElse=*/false);
      OpBuilder::InsertionGuard digitGuard(b);
      b.setInsertionPointToStart(digit.thenBlock());
      emitBlock(b, loc, b.create<arith::AddIOp>(loc, fullRows, larger), size, p0, inBounds);
    }
  };

  // Groups [0, uniform) have nr panels, all in bounds; the rest (the last group, when it is
  // shorter or holds the partial panel) each get their own code.
  int64_t groups = llvm::divideCeil(panels, bl.nr);
  int64_t uniform = std::min(groups, (n / vw) / (bl.nr / gates));
  bool loop = uniform >= kMinLoopGroups;
  auto emitStatic = [&](int64_t group) {
    int64_t p0 = group * bl.nr;
    SmallVector<bool> inBounds;
    for (int64_t p = p0; p < std::min(p0 + bl.nr, panels); ++p)
      inBounds.push_back((p / gates + 1) * vw <= n);
    emitGroup(b, loc, b.create<arith::ConstantIndexOp>(loc, group), inBounds);
  };
  auto emitLoop = [&] {
    SmallVector<bool> inBounds(bl.nr, true);
    Value count = b.create<arith::ConstantIndexOp>(loc, uniform);
    b.create<scf::ForOp>(
        loc, c0, count, c1, std::nullopt, [&](OpBuilder &lb, Location ll, Value i, ValueRange) {
          Value group = reverse ? lb.create<arith::SubIOp>(
                                      ll, lb.create<arith::ConstantIndexOp>(ll, uniform - 1), i)
                                : i;
          emitGroup(lb, ll, group, inBounds);
          lb.create<scf::YieldOp>(ll);
        });
  };
  if (!reverse) {
    if (loop)
      emitLoop();
    for (int64_t g = loop ? uniform : 0; g < groups; ++g)
      emitStatic(g);
  } else {
    for (int64_t g = groups - 1; g >= (loop ? uniform : 0); --g)
      emitStatic(g);
    if (loop)
      emitLoop();
  }
}

} // namespace rnnc
