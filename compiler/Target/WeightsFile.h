// The weights file of a model compiled with --weights=external (its format is in
// runtime/include/rnnc/model_abi.h, beside the readers of it).
#ifndef RNNC_COMPILER_TARGET_WEIGHTSFILE_H
#define RNNC_COMPILER_TARGET_WEIGHTSFILE_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <string>

namespace rnnc {

/// The file's bytes: the header (magic, `fingerprint`, the payload's size, `precision`, an
/// RNNC_WEIGHTS_PRECISION_*), then `payload`.
std::string encodeWeightsFile(uint64_t fingerprint, uint64_t precision,
                              llvm::ArrayRef<char> payload);

} // namespace rnnc

#endif // RNNC_COMPILER_TARGET_WEIGHTSFILE_H
