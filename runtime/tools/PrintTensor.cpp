// numpy-like tensor text for rnn-run's printed outputs.
#include "runtime/tools/PrintTensor.h"

#include <algorithm>
#include <vector>

namespace rnnc::tools {
namespace {

struct Printer {
  const npy::Array &array;
  const PrintOptions &options;
  bool summarise;
  std::vector<size_t> strides; // elements per step of each dim
  size_t width = 0;            // of the widest shown value
  std::string out;

  Printer(const npy::Array &array, const PrintOptions &options)
      : array(array), options(options), summarise(array.numElements() > options.threshold),
        strides(array.shape.size(), 1) {
    for (size_t d = array.shape.size(); d-- > 1;)
      strides[d - 1] = strides[d] * size_t(array.shape[d]);
  }

  // The indices of dim `d` that are shown; SIZE_MAX marks where "..." goes.
  std::vector<size_t> shown(size_t d) const {
    size_t size = size_t(array.shape[d]);
    std::vector<size_t> indices;
    if (summarise && size > 2 * options.edgeItems) {
      for (size_t i = 0; i < options.edgeItems; ++i)
        indices.push_back(i);
      indices.push_back(SIZE_MAX);
      for (size_t i = size - options.edgeItems; i < size; ++i)
        indices.push_back(i);
    } else {
      for (size_t i = 0; i < size; ++i)
        indices.push_back(i);
    }
    return indices;
  }

  std::string element(size_t flat) const {
    std::string text = npy::formatElement(array, flat);
    bool isFloat = array.dtype == npy::DType::Float32 || array.dtype == npy::DType::Float64;
    if (isFloat && text.find_first_of(".eEna") == std::string::npos)
      text += '.';
    return text;
  }

  void measure(size_t d, size_t flat) {
    if (d == array.shape.size()) {
      width = std::max(width, element(flat).size());
      return;
    }
    for (size_t i : shown(d))
      if (i != SIZE_MAX)
        measure(d + 1, flat + i * strides[d]);
  }

  // Prints dim `d` of the sub-array at `flat`, its '[' at column `d`.
  void print(size_t d, size_t flat) {
    size_t rank = array.shape.size();
    out += '[';
    std::vector<size_t> indices = shown(d);
    if (d + 1 == rank) {
      // The last dim: values on lines of at most lineWidth columns.
      size_t column = d + 1;
      for (size_t k = 0; k < indices.size(); ++k) {
        std::string text = "...";
        if (indices[k] != SIZE_MAX) {
          text = element(flat + indices[k]);
          text.insert(0, width > text.size() ? width - text.size() : 0, ' ');
        }
        // Room for the separator and the closing brackets of the last value.
        size_t need = text.size() + (k ? 1 : 0) + (k + 1 == indices.size() ? rank : 0);
        if (k && column + need > options.lineWidth) {
          out += '\n';
          out.append(d + 1, ' ');
          column = d + 1;
        } else if (k) {
          out += ' ';
          ++column;
        }
        out += text;
        column += text.size();
      }
    } else {
      // numpy's separators: one newline more for each dim below the next.
      std::string separator(rank - d - 1, '\n');
      separator.append(d + 1, ' ');
      for (size_t k = 0; k < indices.size(); ++k) {
        if (k)
          out += separator;
        if (indices[k] == SIZE_MAX)
          out += "...";
        else
          print(d + 1, flat + indices[k] * strides[d]);
      }
    }
    out += ']';
  }
};

} // namespace

std::string formatTensor(const npy::Array &array, const PrintOptions &options) {
  Printer printer(array, options);
  if (array.shape.empty())
    return printer.element(0);
  if (array.numElements() == 0) {
    // numpy: "[]" for any empty array (with its shape, which the caller prints).
    return "[]";
  }
  printer.measure(0, 0);
  printer.print(0, 0);
  return printer.out;
}

} // namespace rnnc::tools
