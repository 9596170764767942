// What the importer fuzzers share: the input as a temporary model file, and a quiet
// MLIR context in which an importer may only report errors, never crash.
#ifndef RNNC_TEST_FUZZ_FUZZSUPPORT_H
#define RNNC_TEST_FUZZ_FUZZSUPPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace rnnc::fuzz {

/// The bytes written to a file unique to this process and input, with the extension the
/// importer dispatches on; removed when this goes away. Empty path if it cannot be made.
class TempFile {
public:
  TempFile(const uint8_t *data, size_t size, llvm::StringRef extension);
  ~TempFile();
  TempFile(const TempFile &) = delete;
  TempFile &operator=(const TempFile &) = delete;
  const std::string &path() const { return path_; }

private:
  std::string path_;
};

/// A single-threaded context with every dialect rnnc loads, whose diagnostics are dropped:
/// an input that is refused with an error is a pass.
std::unique_ptr<mlir::MLIRContext> makeQuietContext();

/// Aborts if an import left an HDF5 file, group, dataset, type or attribute open: HDF5
/// keeps every open object reachable, so LeakSanitizer cannot see such a leak.
void checkNoOpenHdf5Objects();

} // namespace rnnc::fuzz

#endif // RNNC_TEST_FUZZ_FUZZSUPPORT_H
