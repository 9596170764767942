// Prints a tensor the way numpy prints an array: nested brackets, columns padded to one
// width, and edges with "..." between them once it has more than 1000 elements.
#ifndef RNNC_RUNTIME_TOOLS_PRINTTENSOR_H
#define RNNC_RUNTIME_TOOLS_PRINTTENSOR_H

#include "runtime/npy/Npy.h"

#include <string>

namespace rnnc::tools {

// numpy's defaults: summarise beyond 1000 elements, keeping 3 at each edge of each dim.
struct PrintOptions {
  size_t threshold = 1000;
  size_t edgeItems = 3;
  size_t lineWidth = 75;
};

// The text of `array`, without a trailing newline. Values are the shortest text that
// reads back as the same value, so printed outputs can be compared exactly; floats keep
// their decimal point ("1." as numpy writes it).
std::string formatTensor(const npy::Array &array, const PrintOptions &options = {});

} // namespace rnnc::tools

#endif // RNNC_RUNTIME_TOOLS_PRINTTENSOR_H
