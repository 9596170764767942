// Element-wise comparison of an output with its reference for rnn-run --expected.
#include "runtime/tools/CompareTensor.h"

#include <cmath>
#include <cstdlib>

namespace rnnc::tools {

std::optional<Tolerance> parseTolerance(const std::string &text) {
  size_t comma = text.find(',');
  if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos)
    return std::nullopt;
  auto number = [](const std::string &part) -> std::optional<double> {
    if (part.empty())
      return std::nullopt;
    char *end = nullptr;
    double value = std::strtod(part.c_str(), &end);
    if (end != part.c_str() + part.size() || !std::isfinite(value) || value < 0)
      return std::nullopt;
    return value;
  };
  std::optional<double> atol = number(text.substr(0, comma));
  std::optional<double> rtol = number(text.substr(comma + 1));
  if (!atol || !rtol)
    return std::nullopt;
  return Tolerance{*atol, *rtol};
}

Comparison compare(const npy::Array &got, const npy::Array &expected, const Tolerance &tol) {
  Comparison result;
  // How far beyond its bound each element lies; the worst is the largest excess.
  double worstExcess = -INFINITY;
  for (size_t i = 0, n = got.numElements(); i < n; ++i) {
    double g = npy::elementAsDouble(got, i), e = npy::elementAsDouble(expected, i);
    bool bothNan = std::isnan(g) && std::isnan(e);
    double diff = bothNan ? 0 : std::fabs(g - e);
    if (g == e) // equal infinities, where g - e is NaN
      diff = 0;
    double excess = std::isnan(diff) ? INFINITY : diff - (tol.atol + tol.rtol * std::fabs(e));
    if (excess > 0)
      ++result.mismatches;
    if (!std::isnan(diff) && diff > result.maxDiff)
      result.maxDiff = diff;
    if (excess > worstExcess) {
      worstExcess = excess;
      result.worst = i;
      result.worstDiff = diff;
    }
  }
  return result;
}

} // namespace rnnc::tools
