// Inline tensors on rnn-run's command line: "2x3xf32=0.5" (a fill), "2x3xf32=1,2,3,4,5,6"
// (every value) and "2x3xf32=random" (seeded uniform values), instead of a .npy file.
#ifndef RNNC_RUNTIME_TOOLS_TENSORSPEC_H
#define RNNC_RUNTIME_TOOLS_TENSORSPEC_H

#include "runtime/npy/Npy.h"

#include <cstdint>
#include <string>

namespace rnnc::tools {

// True when `text` is meant as an inline tensor rather than a file: it has an '=' and no
// '/' or '.' before it ("./a=b.npy" names a file).
bool isTensorSpec(const std::string &text);

// Parses an inline tensor. `random` values come from a SplitMix64 generator started at
// `seed`: each draw z gives lo + (hi - lo) * (z >> 11) * 2^-53 for floats and
// lo + z % (hi - lo) for integers, in C order.
npy::Result<npy::Array> parseTensorSpec(const std::string &text, uint64_t seed);

} // namespace rnnc::tools

#endif // RNNC_RUNTIME_TOOLS_TENSORSPEC_H
