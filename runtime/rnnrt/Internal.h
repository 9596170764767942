// What librnnrt's translation units share: the model handle, error reporting, and the
// descriptor and shape checks that loading, rnnrt_output_shape and rnnrt_run all apply.
#ifndef RNNC_RUNTIME_RNNRT_INTERNAL_H
#define RNNC_RUNTIME_RNNRT_INTERNAL_H

#include "rnnc/detail/abi_check.h"
#include "rnnc/rnnrt.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>

struct rnnrt_model {
  void *handle; // from dlopen; null for a wrapped descriptor
  const rnnc_model *desc;
  void *weights = nullptr; // rnnrt_load_weights' payload, 64-byte aligned; freed on close
};

namespace rnnrt {

// Records a printf-formatted message in `err` (if any) and returns `status`.
rnnrt_status fail(rnnrt_error *err, rnnrt_status status, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
rnnrt_status succeed(rnnrt_error *err);

// Writes "[2, ?, 3]" into `buffer`, truncating to fit; -1 prints as "?" if `markDynamic`.
void formatShape(char *buffer, size_t capacity, int32_t rank, const int64_t *shape,
                 bool markDynamic);

// Checks the ABI version and every field run() and the shape logic rely on. `origin`
// starts each message ("'m.so'" or "model 'name'").
rnnrt_status validateDescriptor(const rnnc_model *desc, const char *origin, rnnrt_error *err);

// Checks inputs' ranks and shapes against the model and fills run()'s dims
// (desc.num_dims entries) and, if not null, each input's byte size. Reads neither dtype nor
// data.
rnnrt_status bindInputShapes(const rnnc_model &desc, const rnnrt_tensor *inputs, size_t count,
                             int64_t *dims, size_t *inputBytes, rnnrt_error *err);

// The concrete shape of output `index` once inputs are bound to `dims`; fails only if its
// byte size overflows.
rnnrt_status resolveOutputShape(const rnnc_model &desc, const int64_t *dims, size_t index,
                                int64_t *shape, size_t *sizeBytes, rnnrt_error *err);

// Bytes of a dense tensor; fails, naming "<kind> <index> '<name>'", if the byte count
// overflows int64_t or size_t.
rnnrt_status tensorBytes(int32_t dtype, int32_t rank, const int64_t *shape, const char *kind,
                         size_t index, const char *name, size_t *sizeBytes, rnnrt_error *err);

// librnnrt is built without exceptions, so arrays come from the nothrow allocator.
template <typename T> std::unique_ptr<T[]> allocateArray(size_t count) {
  return std::unique_ptr<T[]>(new (std::nothrow) T[count == 0 ? 1 : count]());
}

} // namespace rnnrt

#endif // RNNC_RUNTIME_RNNRT_INTERNAL_H
