// rnnrt_load_weights: reads the file `rnnc --weights=external` writes beside a model and
// checks it against the model's descriptor before any run can read it.
#include "Internal.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>

using namespace rnnrt;

namespace {

constexpr size_t kHeaderBytes = RNNC_WEIGHTS_HEADER_BYTES;

uint64_t readLittleEndian(const unsigned char *bytes) {
  uint64_t value = 0;
  for (int b = 7; b >= 0; --b)
    value = (value << 8) | bytes[b];
  return value;
}

struct File {
  FILE *f = nullptr;
  ~File() {
    if (f)
      std::fclose(f);
  }
};

} // namespace

extern "C" rnnrt_status rnnrt_load_weights(rnnrt_model *model, const char *path, rnnrt_error *err) {
  if (!model || !path)
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT, "rnnrt_load_weights: %s is NULL",
                model ? "path" : "model");
  const rnnc_model &desc = *model->desc;
  if (!(desc.flags & RNNC_MODEL_EXTERNAL_WEIGHTS))
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT,
                "model '%s' has its weights built in (it was not compiled with "
                "--weights=external); it takes no weights file",
                desc.name);
  // A FIFO would block the open; a directory opens but cannot be read.
  struct stat st;
  if (stat(path, &st) != 0)
    return fail(err, RNNRT_ERR_WEIGHTS, "cannot read weights file '%s': %s", path,
                std::strerror(errno));
  if (!S_ISREG(st.st_mode))
    return fail(err, RNNRT_ERR_WEIGHTS, "cannot read weights file '%s': %s", path,
                S_ISDIR(st.st_mode) ? "it is a directory" : "not a regular file");
  File file;
  file.f = std::fopen(path, "rb");
  if (!file.f)
    return fail(err, RNNRT_ERR_WEIGHTS, "cannot read weights file '%s': %s", path,
                std::strerror(errno));
  unsigned char header[kHeaderBytes];
  if (std::fread(header, 1, kHeaderBytes, file.f) != kHeaderBytes ||
      std::memcmp(header, RNNC_WEIGHTS_MAGIC, RNNC_WEIGHTS_MAGIC_BYTES) != 0)
    return fail(err, RNNRT_ERR_WEIGHTS, "'%s' is not a weights file written by rnnc", path);
  uint64_t fingerprint = readLittleEndian(header + RNNC_WEIGHTS_MAGIC_BYTES);
  uint64_t bytes = readLittleEndian(header + RNNC_WEIGHTS_MAGIC_BYTES + 8);
  uint64_t precision = readLittleEndian(header + RNNC_WEIGHTS_MAGIC_BYTES + 16);
  // int8-dot's panels hold their rows in quads, so its file is not int8's; bf16-dot's is
  // bf16's (the state flag changes no stored byte).
  uint64_t expectedPrecision =
      (desc.flags & RNNC_MODEL_STATE_INT8)     ? RNNC_WEIGHTS_PRECISION_INT8_DOT
      : (desc.flags & RNNC_MODEL_WEIGHTS_INT8) ? RNNC_WEIGHTS_PRECISION_INT8
      : (desc.flags & RNNC_MODEL_WEIGHTS_BF16) ? RNNC_WEIGHTS_PRECISION_BF16
                                               : RNNC_WEIGHTS_PRECISION_F32;
  auto precisionName = [](uint64_t p) {
    return p == RNNC_WEIGHTS_PRECISION_F32        ? "f32"
           : p == RNNC_WEIGHTS_PRECISION_BF16     ? "bf16"
           : p == RNNC_WEIGHTS_PRECISION_INT8     ? "int8"
           : p == RNNC_WEIGHTS_PRECISION_INT8_DOT ? "int8-dot"
                                                  : "an unknown";
  };
  if (precision != expectedPrecision)
    return fail(err, RNNRT_ERR_WEIGHTS,
                "'%s' holds %s weights; model '%s' was compiled for %s weights "
                "(rnnc --weight-precision)",
                path, precisionName(precision), desc.name, precisionName(expectedPrecision));
  uint64_t expected = static_cast<uint64_t>(desc.weights_bytes);
  if (fingerprint != desc.weights_fingerprint || bytes != expected)
    return fail(err, RNNRT_ERR_WEIGHTS,
                "'%s' holds the weights of another model: its layout fingerprint is "
                "0x%016llx (%llu bytes), model '%s' expects 0x%016llx (%llu bytes)",
                path, static_cast<unsigned long long>(fingerprint),
                static_cast<unsigned long long>(bytes), desc.name,
                static_cast<unsigned long long>(desc.weights_fingerprint),
                static_cast<unsigned long long>(expected));
  uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size != kHeaderBytes + expected)
    return fail(err, RNNRT_ERR_WEIGHTS,
                "'%s' is %s: its header announces %llu bytes of weights, the file holds %llu", path,
                size < kHeaderBytes + expected ? "truncated" : "longer than its header says",
                static_cast<unsigned long long>(expected),
                static_cast<unsigned long long>(size - kHeaderBytes));
  // The kernels may read the weights with aligned vector loads.
  constexpr uint64_t align = RNNC_WEIGHTS_ALIGNMENT;
  size_t rounded = static_cast<size_t>((expected + align - 1) / align * align);
  void *data = std::aligned_alloc(align, rounded);
  if (!data)
    return fail(err, RNNRT_ERR_OUT_OF_MEMORY, "out of memory reading weights file '%s'", path);
  if (std::fread(data, 1, static_cast<size_t>(expected), file.f) != expected ||
      std::fgetc(file.f) != EOF) {
    std::free(data);
    return fail(err, RNNRT_ERR_WEIGHTS,
                "'%s' changed while it was read, or could not be read to its end", path);
  }
  std::free(model->weights);
  model->weights = data;
  return succeed(err);
}
