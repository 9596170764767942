// Writes output files atomically (a temporary beside the target, then a rename), so a
// failed or interrupted compile never leaves a partial file behind.
#ifndef RNNC_COMPILER_DRIVER_OUTPUTFILE_H
#define RNNC_COMPILER_DRIVER_OUTPUTFILE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace rnnc {

/// Writes `data` to `path` ("-" is stdout); false with `error` on failure.
bool writeFileAtomically(llvm::StringRef path, llvm::StringRef data, std::string &error);

/// Writes several files so that either all appear or none does.
bool writeFilesAtomically(llvm::ArrayRef<std::pair<std::string, llvm::StringRef>> files,
                          std::string &error);

/// A unique temporary path in `path`'s directory, for outputs built by other tools.
bool makeTemporaryBeside(llvm::StringRef path, std::string &temp, std::string &error);

} // namespace rnnc

#endif // RNNC_COMPILER_DRIVER_OUTPUTFILE_H
