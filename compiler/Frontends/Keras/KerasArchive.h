// Reads a Keras 3 `.keras` archive: a zip holding config.json, metadata.json and
// model.weights.h5. The entries are read into memory; the weights open as an HDF5 image.
#ifndef RNNC_COMPILER_FRONTENDS_KERAS_KERASARCHIVE_H
#define RNNC_COMPILER_FRONTENDS_KERAS_KERASARCHIVE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace rnnc::keras {

struct KerasArchive {
  std::string config;                  // config.json
  std::optional<std::string> metadata; // metadata.json, when present
  std::vector<char> weights;           // model.weights.h5
};

llvm::Expected<KerasArchive> readKerasArchive(llvm::StringRef path);

} // namespace rnnc::keras

#endif // RNNC_COMPILER_FRONTENDS_KERAS_KERASARCHIVE_H
