// Descriptors the librnnrt tests build in memory (mutable copies let each test break one
// field), and the paths of the fixture libraries built beside the tests.
#ifndef RNNC_RUNTIME_TEST_TESTMODELS_H
#define RNNC_RUNTIME_TEST_TESTMODELS_H

#include "rnnc/rnnrt.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rnnrt_test {

inline std::string fixture(const std::string &name) { return RNNC_FIXTURE_DIR "/" + name + ".so"; }

// The dims run() received in the last call to PairModel's run.
inline std::vector<int64_t> &lastDims() {
  static std::vector<int64_t> dims;
  return dims;
}

// "pair": x float32 [?, ?, 3] and h float32 [?, 4] share their first dim (dims[0]); x's
// second is dims[1]. Outputs: y float32 [?, 4] = (dims[0], 4) and t int64 [?, ?] = (dims[1],
// dims[0]). run() records dims, fills y with 1 and t with 7.
struct PairModel {
  int64_t xShape[3] = {-1, -1, 3};
  int32_t xParam[3] = {0, 1, -1};
  int64_t hShape[2] = {-1, 4};
  int32_t hParam[2] = {0, -1};
  int64_t yShape[2] = {-1, 4};
  int32_t yParam[2] = {0, -1};
  int64_t tShape[2] = {-1, -1};
  int32_t tParam[2] = {1, 0};
  rnnc_tensor_desc inputs[2] = {{"x", RNNC_DTYPE_F32, 3, xShape, xParam},
                                {"h", RNNC_DTYPE_F32, 2, hShape, hParam}};
  rnnc_tensor_desc outputs[2] = {{"y", RNNC_DTYPE_F32, 2, yShape, yParam},
                                 {"t", RNNC_DTYPE_I64, 2, tShape, tParam}};
  rnnc_model desc = {RNNC_ABI_VERSION, "pair", 2, 2, inputs, outputs, 2, &run, &message};

  PairModel() = default;
  PairModel(const PairModel &) = delete; // desc points into this object

  static int32_t run(const int64_t *dims, const void *const *in, void *const *out) {
    lastDims().assign(dims, dims + 2);
    float *y = static_cast<float *>(out[0]);
    for (int64_t i = 0; i < dims[0] * 4; ++i)
      y[i] = 1.0f;
    int64_t *t = static_cast<int64_t *>(out[1]);
    for (int64_t i = 0; i < dims[0] * dims[1]; ++i)
      t[i] = 7;
    return static_cast<const float *>(in[0])[0] < 0 ? RNNC_ERR_BAD_DIM : RNNC_OK;
  }
  static const char *message(int32_t status) {
    return status == RNNC_ERR_BAD_DIM ? "x starts negative" : nullptr;
  }
};

// Input tensors for PairModel with a given batch and x's second dim; shapes live here.
struct PairInputs {
  int64_t xShape[3];
  int64_t hShape[2];
  std::vector<float> x, h;
  rnnrt_tensor tensors[2];

  PairInputs(int64_t batch, int64_t steps)
      : xShape{batch, steps, 3}, hShape{batch, 4}, x(static_cast<size_t>(batch * steps * 3) + 1),
        h(static_cast<size_t>(batch * 4) + 1) {
    tensors[0] = {RNNC_DTYPE_F32, 3, xShape, x.data(), batch * steps * 3 * sizeof(float)};
    tensors[1] = {RNNC_DTYPE_F32, 2, hShape, h.data(), batch * 4 * sizeof(float)};
  }
  PairInputs(const PairInputs &) = delete;
};

// "vec": x float32 [4] -> y float32 [4] through run_with, for the descriptor's flags. With
// RNNC_MODEL_EXTERNAL_WEIGHTS (weights_bytes 16, fingerprint kVecFingerprint), y = x * w
// elementwise, w the 4 floats of the weights payload; with RNNC_MODEL_PARALLEL, y = 2 * x,
// element i written by pool task i % size. run() itself (no weights, no pool) gives 2 * x,
// or RNNC_ERR_NO_WEIGHTS for the external-weights variant.
constexpr uint64_t kVecFingerprint = 0x0123456789abcdefull;

struct VecModel {
  int64_t shape[1] = {4};
  int32_t param[1] = {-1};
  rnnc_tensor_desc inputs[1] = {{"x", RNNC_DTYPE_F32, 1, shape, param}};
  rnnc_tensor_desc outputs[1] = {{"y", RNNC_DTYPE_F32, 1, shape, param}};
  rnnc_model desc = {RNNC_ABI_VERSION, "vec", 1, 1, inputs, outputs, 0, &run, &message};

  explicit VecModel(uint32_t flags) {
    desc.flags = flags;
    desc.run_with = &runWith;
    if (flags & RNNC_MODEL_EXTERNAL_WEIGHTS) {
      desc.weights_bytes = 16;
      desc.weights_fingerprint = kVecFingerprint;
      desc.run = &runWithoutWeights;
    }
  }
  VecModel(const VecModel &) = delete;

  struct Task {
    const float *x;
    float *y;
    int32_t size;
  };
  static void task(void *arg, int32_t index) {
    auto *t = static_cast<Task *>(arg);
    for (int32_t i = index; i < 4; i += t->size)
      t->y[i] = 2 * t->x[i];
  }
  static int32_t run(const int64_t *, const void *const *in, void *const *out) {
    Task t{static_cast<const float *>(in[0]), static_cast<float *>(out[0]), 1};
    task(&t, 0);
    return RNNC_OK;
  }
  static int32_t runWithoutWeights(const int64_t *, const void *const *, void *const *) {
    return RNNC_ERR_NO_WEIGHTS;
  }
  static int32_t runWith(const rnnc_threads *threads, const void *weights, const int64_t *dims,
                         const void *const *in, void *const *out) {
    if (threads) {
      Task t{static_cast<const float *>(in[0]), static_cast<float *>(out[0]), threads->size};
      threads->run(threads->pool, &task, &t);
      return RNNC_OK;
    }
    if (!weights)
      return RNNC_ERR_NO_WEIGHTS;
    const float *w = static_cast<const float *>(weights);
    for (int i = 0; i < 4; ++i)
      static_cast<float *>(out[0])[i] = static_cast<const float *>(in[0])[i] * w[i];
    return RNNC_OK;
  }
  static const char *message(int32_t status) { return status ? "failed" : "ok"; }
};

} // namespace rnnrt_test

#endif // RNNC_RUNTIME_TEST_TESTMODELS_H
