// Writes the weights file of a model compiled with --weights=external.
#include "compiler/Target/WeightsFile.h"
#include "compiler/Utils/ModelABI.h"

#include <cstring>

namespace rnnc {

std::string encodeWeightsFile(uint64_t fingerprint, uint64_t precision,
                              llvm::ArrayRef<char> payload) {
  static_assert(RNNC_WEIGHTS_MAGIC_BYTES + 24 <= RNNC_WEIGHTS_HEADER_BYTES);
  std::string file(RNNC_WEIGHTS_HEADER_BYTES, '\0');
  std::memcpy(&file[0], RNNC_WEIGHTS_MAGIC, RNNC_WEIGHTS_MAGIC_BYTES);
  uint64_t fields[3] = {fingerprint, uint64_t(payload.size()), precision};
  for (int i = 0; i < 3; ++i)
    for (int byte = 0; byte < 8; ++byte)
      file[RNNC_WEIGHTS_MAGIC_BYTES + 8 * i + byte] = char((fields[i] >> (8 * byte)) & 0xff);
  file.append(payload.begin(), payload.end());
  return file;
}

} // namespace rnnc
