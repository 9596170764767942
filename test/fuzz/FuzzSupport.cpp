// Temporary model files and the diagnostics-dropping context of the importer fuzzers.
#include "test/fuzz/FuzzSupport.h"
#include "compiler/Registration.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>
#include <hdf5.h>

namespace rnnc::fuzz {

TempFile::TempFile(const uint8_t *data, size_t size, llvm::StringRef extension) {
  int fd = -1;
  llvm::SmallString<128> path;
  // createTemporaryFile picks a fresh random name: parallel fuzzer jobs cannot collide.
  if (llvm::sys::fs::createTemporaryFile("rnnc-fuzz", extension, fd, path))
    return;
  llvm::raw_fd_ostream out(fd, /*shouldClose=*/true);
  out.write(reinterpret_cast<const char *>(data), size);
  out.close();
  path_ = path.str().str();
  if (out.has_error()) {
    out.clear_error();
    std::remove(path_.c_str());
    path_.clear();
  }
}

TempFile::~TempFile() {
  if (!path_.empty())
    std::remove(path_.c_str());
}

std::unique_ptr<mlir::MLIRContext> makeQuietContext() {
  mlir::DialectRegistry registry;
  registerDialects(registry);
  auto ctx = std::make_unique<mlir::MLIRContext>(registry, mlir::MLIRContext::Threading::DISABLED);
  ctx->getDiagEngine().registerHandler([](mlir::Diagnostic &) { return mlir::success(); });
  return ctx;
}

void checkNoOpenHdf5Objects() {
  ssize_t open = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL);
  if (open != 0) {
    std::fprintf(stderr, "rnnc fuzz: the import left %zd HDF5 objects open\n", open);
    std::abort();
  }
}

} // namespace rnnc::fuzz
