// rnn-run --expected: compares an output with a reference the way numpy.allclose does
// (|got - expected| <= atol + rtol * |expected|, NaN only where NaN is expected) and
// finds the worst element.
#ifndef RNNC_RUNTIME_TOOLS_COMPARETENSOR_H
#define RNNC_RUNTIME_TOOLS_COMPARETENSOR_H

#include "runtime/npy/Npy.h"

#include <optional>
#include <string>

namespace rnnc::tools {

struct Tolerance {
  double atol = 1e-5;
  double rtol = 1e-4;
};

// "ATOL,RTOL": two finite non-negative numbers.
std::optional<Tolerance> parseTolerance(const std::string &text);

struct Comparison {
  size_t mismatches = 0;
  size_t worst = 0;     // flat index of the element furthest outside (or nearest) the bound
  double worstDiff = 0; // |got - expected| there (NaN when one side is NaN)
  double maxDiff = 0;   // over all elements that are not NaN on both sides
};

// Both arrays have the same shape (the caller checks it).
Comparison compare(const npy::Array &got, const npy::Array &expected, const Tolerance &tol);

} // namespace rnnc::tools

#endif // RNNC_RUNTIME_TOOLS_COMPARETENSOR_H
