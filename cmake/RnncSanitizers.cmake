# RNNC_SANITIZE builds the project's own code with ASan + UBSan (clang only); RNNC_FUZZ adds
# the libFuzzer targets of test/fuzz on top. scripts/test-sanitizers.sh and scripts/fuzz.sh
# configure both into build-asan.
option(RNNC_SANITIZE "Instrument rnnc's own code with AddressSanitizer and UBSan (clang)" OFF)
option(RNNC_FUZZ "Build the libFuzzer targets of test/fuzz (needs RNNC_SANITIZE)" OFF)

if(RNNC_FUZZ AND NOT RNNC_SANITIZE)
  message(FATAL_ERROR "RNNC_FUZZ needs RNNC_SANITIZE=ON (the fuzzers run under ASan + UBSan)")
endif()
if(NOT RNNC_SANITIZE)
  return()
endif()
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "RNNC_SANITIZE needs clang (CC=clang-19 CXX=clang++-19), libFuzzer "
                      "and the sanitizer runtimes come with it (libclang-rt-19-dev)")
endif()

# Debian's libLLVM/libMLIR are built without RTTI, so the vptr check cannot see their types.
# Every UBSan finding stops the program, so a test cannot pass over one.
set(RNNC_SANITIZE_FLAGS
  -fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=all
  -fno-omit-frame-pointer)
add_compile_options(${RNNC_SANITIZE_FLAGS})
add_link_options(-fsanitize=address,undefined)
# A shared library leaves the sanitizer runtime to the program that loads it (clang links
# the runtime into programs only), so its __asan_* references stay undefined: undo the
# -z defs that LLVM's options add.
string(APPEND CMAKE_SHARED_LINKER_FLAGS " -Wl,-z,undefs")
string(APPEND CMAKE_MODULE_LINKER_FLAGS " -Wl,-z,undefs")
if(RNNC_FUZZ)
  # Coverage for libFuzzer in every project library; the sanitizer runtime provides the
  # hooks in the programs that are not fuzzers.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
