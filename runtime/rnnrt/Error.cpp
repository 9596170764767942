// Error reporting into caller-owned rnnrt_error structs, and the small formatting and dtype
// helpers every message needs.
#include "Internal.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>

namespace rnnrt {

rnnrt_status fail(rnnrt_error *err, rnnrt_status status, const char *format, ...) {
  if (!err)
    return status;
  err->status = status;
  err->model_status = 0;
  va_list args;
  va_start(args, format);
  std::vsnprintf(err->message, sizeof(err->message), format, args);
  va_end(args);
  return status;
}

rnnrt_status succeed(rnnrt_error *err) {
  rnnrt_error_clear(err);
  return RNNRT_OK;
}

void formatShape(char *buffer, size_t capacity, int32_t rank, const int64_t *shape,
                 bool markDynamic) {
  if (capacity == 0)
    return;
  buffer[0] = '\0';
  size_t used = 0;
  auto append = [&](const char *text) {
    size_t length = std::strlen(text);
    size_t room = capacity - 1 - used;
    size_t n = length < room ? length : room;
    std::memcpy(buffer + used, text, n);
    used += n;
    buffer[used] = '\0';
  };
  if (rank > 0 && !shape) {
    append("<null>");
    return;
  }
  append("[");
  for (int32_t i = 0; i < rank; ++i) {
    char dim[24];
    if (markDynamic && shape[i] == -1)
      std::snprintf(dim, sizeof(dim), "%s?", i ? ", " : "");
    else
      std::snprintf(dim, sizeof(dim), "%s%lld", i ? ", " : "", static_cast<long long>(shape[i]));
    append(dim);
  }
  append("]");
}

} // namespace rnnrt

extern "C" {

void rnnrt_error_clear(rnnrt_error *err) {
  if (!err)
    return;
  err->status = RNNRT_OK;
  err->model_status = 0;
  err->message[0] = '\0';
}

const char *rnnrt_dtype_name(int32_t dtype) { return rnnc::detail::dtypeName(dtype); }

size_t rnnrt_dtype_size(int32_t dtype) { return rnnc::detail::dtypeSize(dtype); }

} // extern "C"
