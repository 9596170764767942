// Links an object into a shared library with LLVM's lld (or the system C compiler).
#ifndef RNNC_COMPILER_TARGET_LINKER_H
#define RNNC_COMPILER_TARGET_LINKER_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace rnnc {

/// Links `object` into the shared library `output`, named `soname` (what a program linked
/// against it records, and finds on its rpath); false with `error` on failure.
bool linkSharedLibrary(llvm::StringRef object, llvm::StringRef output, llvm::StringRef soname,
                       bool hostTarget, std::string &error);

} // namespace rnnc

#endif // RNNC_COMPILER_TARGET_LINKER_H
