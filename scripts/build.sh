#!/usr/bin/env bash
# Configures (once) and builds rnnc into build/ (override with RNNC_BUILD_DIR). Idempotent.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RNNC_BUILD_DIR:-$root/build}"

"$root/scripts/deps.sh"
# ccache hashes paths relative to the checkout, so a fresh clone anywhere on this machine
# reuses what earlier builds compiled.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-true}"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE="${RNNC_BUILD_TYPE:-Release}" \
    -DMLIR_DIR=/usr/lib/llvm-19/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-19/build/utils/lit/lit.py
fi
cmake --build "$build"
