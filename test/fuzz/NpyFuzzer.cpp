// Fuzzes the .npy reader (rnn-run's input files), then converts what it accepts to every
// dtype, which walks the decoded data and shape.
#include "runtime/npy/Npy.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace rnnc::npy;
  Result<Array> array = decode(std::vector<unsigned char>(data, data + size), "fuzz.npy");
  if (!array)
    return 0;
  for (DType to : {DType::Int32, DType::Int64, DType::Float32, DType::Float64})
    (void)convert(*array, to);
  (void)formatShape(array->shape);
  return 0;
}
