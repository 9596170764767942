#!/usr/bin/env bash
# Configures (once) and builds the clang ASan + UBSan tree with the libFuzzer targets into
# build-asan/ (override with RNNC_ASAN_BUILD_DIR); shared by test-sanitizers.sh and fuzz.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RNNC_ASAN_BUILD_DIR:-$root/build-asan}"

"$root/scripts/deps.sh"
# ccache hashes paths relative to the checkout, so a fresh clone anywhere on this machine
# reuses what earlier builds compiled.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-true}"
if [ ! -f "$build/build.ninja" ]; then
  # -O1 -g1: tests run at a usable speed and reports still have file:line stacks. The
  # other-target runs exercise generated code, not the instrumented compiler: the main
  # build runs them.
  CC=clang-19 CXX=clang++-19 cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    -DRNNC_SANITIZE=ON -DRNNC_FUZZ=ON -DRNNC_CROSS_TESTS=OFF \
    -DMLIR_DIR=/usr/lib/llvm-19/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-19/build/utils/lit/lit.py
fi
cmake --build "$build" -j "${RNNC_JOBS:-$(nproc)}"
