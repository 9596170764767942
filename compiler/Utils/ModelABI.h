// The facts the compiler's stages share about the code it generates: the C ABI's codes
// (from runtime/include/rnnc/model_abi.h), the limits on dims and sizes, the symbols the
// generated code calls, and how far time loops unroll.
#ifndef RNNC_COMPILER_UTILS_MODELABI_H
#define RNNC_COMPILER_UTILS_MODELABI_H

#include "runtime/include/rnnc/model_abi.h"

#include <cstdint>
#include <string_view>

namespace rnnc {

/// Element types, numbered as rnnc_dtype.
enum class DType : int32_t {
  F32 = RNNC_DTYPE_F32,
  F64 = RNNC_DTYPE_F64,
  I32 = RNNC_DTYPE_I32,
  I64 = RNNC_DTYPE_I64
};

/// A dim (static, or dynamic at run time) is at most 2^kMaxDimBits, and a tensor at most
/// 2^kMaxBytesBits bytes: past them the 64-bit size arithmetic of the generated code
/// could wrap around.
constexpr int kMaxDimBits = 40;
constexpr int64_t kMaxDim = int64_t(1) << kMaxDimBits;
constexpr int kMaxBytesBits = 56;
constexpr int64_t kMaxBytes = int64_t(1) << kMaxBytesBits;

/// Buffers the generated code reads with vector loads (each weight of the weights payload,
/// each workspace buffer) start at multiples of this many bytes: a cache line, and the
/// widest vector.
constexpr int64_t kBufferAlignment = RNNC_WEIGHTS_ALIGNMENT;

/// Where rnn-plan-workspace put a function's work buffers, for `rnnc --emit=summary`:
/// `{place = "none" | "stack" | "heap" | "caller", buffers = [array<i64: bytes, arg, dim,
/// ...>, ...]}`, each buffer's bytes at every dynamic dim 1 (alignment not included)
/// followed by the (argument, dim) pairs it grows with; (-1, -1) for a size the pass
/// could not trace to an argument's dim.
constexpr const char kWorkspaceAttrName[] = "rnn.workspace";

/// `void rnn_barrier(ptr sync, i64 workers)`: where the workers of a parallel run meet;
/// the parallel kernels call it and the entry points define it.
constexpr const char kBarrierSymbol[] = "rnn_barrier";

/// A --weight-precision: its name, its descriptor flag (RNNC_MODEL_WEIGHTS_*, 0 for f32)
/// and its code in a weights file's header (RNNC_WEIGHTS_PRECISION_*, and that macro's
/// name for the generated header).
struct WeightPrecision {
  const char *name;
  uint32_t modelFlag;
  uint64_t fileCode;
  const char *fileCodeMacro;
};
inline constexpr WeightPrecision kWeightPrecisions[] = {
    {"f32", 0, RNNC_WEIGHTS_PRECISION_F32, "RNNC_WEIGHTS_PRECISION_F32"},
    {"bf16", RNNC_MODEL_WEIGHTS_BF16, RNNC_WEIGHTS_PRECISION_BF16, "RNNC_WEIGHTS_PRECISION_BF16"},
    // bf16 weights, and the state rounded to bf16 for the recurrent products: the same
    // weights file as bf16.
    {"bf16-dot", RNNC_MODEL_WEIGHTS_BF16 | RNNC_MODEL_STATE_BF16, RNNC_WEIGHTS_PRECISION_BF16,
     "RNNC_WEIGHTS_PRECISION_BF16"},
    {"int8", RNNC_MODEL_WEIGHTS_INT8, RNNC_WEIGHTS_PRECISION_INT8, "RNNC_WEIGHTS_PRECISION_INT8"},
    // int8 weights in quads of rows, and every int8 product's operand quantized per row.
    {"int8-dot", RNNC_MODEL_WEIGHTS_INT8 | RNNC_MODEL_STATE_INT8, RNNC_WEIGHTS_PRECISION_INT8_DOT,
     "RNNC_WEIGHTS_PRECISION_INT8_DOT"}};
/// The names, as messages list them.
inline constexpr char kWeightPrecisionNames[] = "f32, bf16, bf16-dot, int8 or int8-dot";
/// The precision called `name`, or null.
inline const WeightPrecision *findWeightPrecision(std::string_view name) {
  for (const WeightPrecision &p : kWeightPrecisions)
    if (name == p.name)
      return &p;
  return nullptr;
}
/// Whether the precision called `name` rounds the state of the recurrent products to bf16
/// (bf16-dot).
inline bool roundsStateToBF16(std::string_view name) {
  const WeightPrecision *p = findWeightPrecision(name);
  return p && (p->modelFlag & RNNC_MODEL_STATE_BF16);
}
/// Whether the precision called `name` quantizes the operands of its int8 products to 8
/// bits per row (int8-dot).
inline bool quantizesToInt8(std::string_view name) {
  const WeightPrecision *p = findWeightPrecision(name);
  return p && (p->modelFlag & RNNC_MODEL_STATE_INT8);
}

/// Static sequences at most this long are unrolled fully under `unroll=auto`.
constexpr int64_t kAutoUnrollSteps = 16;
/// The most copies of a step an unroll makes: the longest sequence `unroll=full` takes
/// and the largest factor `--unroll=N` may ask for.
constexpr int64_t kMaxUnrollSteps = 64;

} // namespace rnnc

#endif // RNNC_COMPILER_UTILS_MODELABI_H
