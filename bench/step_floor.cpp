// What the batch-1 recurrent product alone costs on this core: the vector product h . W
// over H x N packed weights (N = H, or G x H for a gated cell's G gates), written by hand
// (eight FMA chains, a broadcast and one FMA per panel per k, the weights read straight
// from memory), with no activation, no state store and passes free to overlap. A floor for
// any kernel that reads the same weights once per step: at batch 1 it is set by where the
// weights live (L1, L2), not by FLOPs.
// Compiled with -march=native (bench/CMakeLists.txt); nothing here is used by rnnc.
#include "step_floor.h"

#include <immintrin.h>

#include <cstdlib>

namespace {
constexpr int kLanes = 16, kGroup = 8;

int panelsOf(int h) { return (h + kLanes - 1) / kLanes; }

#ifdef __AVX512F__
// One group of NP panels from panel p0: acc[c][p] += h[k] * W[p0 + p][k] for k = c mod C.
// C = 8 / NP independent chains per panel keep eight FMAs in flight even for a few panels.
template <int NP, int C = (kGroup + NP - 1) / NP>
__m512 group(const float *w, const float *x, int h, int p0, bool backwards) {
  __m512 acc[C][NP];
#pragma GCC unroll 8
  for (int c = 0; c < C; ++c)
#pragma GCC unroll 8
    for (int p = 0; p < NP; ++p)
      acc[c][p] = _mm512_setzero_ps();
  const long stride = long(h) * kLanes;
  const float *base = w + p0 * stride;
  int i = 0;
  for (; i + C <= h; i += C)
#pragma GCC unroll 8
    for (int c = 0; c < C; ++c) {
      int k = backwards ? h - 1 - (i + c) : i + c;
      __m512 b = _mm512_set1_ps(x[k]);
#pragma GCC unroll 8
      for (int p = 0; p < NP; ++p)
        acc[c][p] =
            _mm512_fmadd_ps(b, _mm512_load_ps(base + p * stride + long(k) * kLanes), acc[c][p]);
    }
  for (; i < h; ++i) {
    int k = backwards ? h - 1 - i : i;
    __m512 b = _mm512_set1_ps(x[k]);
#pragma GCC unroll 8
    for (int p = 0; p < NP; ++p)
      acc[0][p] =
          _mm512_fmadd_ps(b, _mm512_load_ps(base + p * stride + long(k) * kLanes), acc[0][p]);
  }
  __m512 s = _mm512_setzero_ps();
#pragma GCC unroll 8
  for (int c = 0; c < C; ++c)
#pragma GCC unroll 8
    for (int p = 0; p < NP; ++p)
      s = _mm512_add_ps(s, acc[c][p]);
  return s;
}

__m512 groupOf(int np, const float *w, const float *x, int h, int p0, bool backwards) {
  switch (np) {
  case 1:
    return group<1>(w, x, h, p0, backwards);
  case 2:
    return group<2>(w, x, h, p0, backwards);
  case 3:
    return group<3>(w, x, h, p0, backwards);
  case 4:
    return group<4>(w, x, h, p0, backwards);
  case 5:
    return group<5>(w, x, h, p0, backwards);
  case 6:
    return group<6>(w, x, h, p0, backwards);
  case 7:
    return group<7>(w, x, h, p0, backwards);
  default:
    return group<8>(w, x, h, p0, backwards);
  }
}
#endif
} // namespace

int step_floor_available() {
#ifdef __AVX512F__
  return 1;
#else
  return 0;
#endif
}

float *step_floor_weights(int h, int cols) {
  size_t n = size_t(panelsOf(cols)) * h * kLanes;
  auto *w = static_cast<float *>(std::aligned_alloc(64, n * sizeof(float) + 64));
  for (size_t i = 0; w && i < n; ++i)
    w[i] = float(int(i % 7) - 3) * 1e-3f;
  return w;
}

void step_floor_free(float *w) { std::free(w); }

float step_floor_run(const float *w, int h, int cols, long passes, int alternate) {
#ifdef __AVX512F__
  auto *x = static_cast<float *>(std::aligned_alloc(64, size_t(h) * sizeof(float) + 64));
  for (int k = 0; k < h; ++k)
    x[k] = 0.5f;
  const int panels = panelsOf(cols), groups = (panels + kGroup - 1) / kGroup;
  float carry = 0;
  for (long r = 0; r < passes; ++r) {
    bool backwards = alternate && (r & 1);
    __m512 s = _mm512_setzero_ps();
    for (int i = 0; i < groups; ++i) {
      int g = backwards ? groups - 1 - i : i;
      int p0 = g * kGroup, np = panels - p0 < kGroup ? panels - p0 : kGroup;
      s = _mm512_add_ps(s, groupOf(np, w, x, h, p0, backwards));
    }
    alignas(64) float lanes[kLanes];
    _mm512_store_ps(lanes, s);
    carry = lanes[0] + lanes[kLanes - 1];
    x[r % h] = 0.5f + carry * 1e-9f;
  }
  std::free(x);
  return carry;
#else
  (void)w, (void)h, (void)cols, (void)passes, (void)alternate;
  return 0.0f;
#endif
}
