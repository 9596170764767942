#!/usr/bin/env bash
# Builds rnnc with clang ASan + UBSan into build-asan/ (override with RNNC_ASAN_BUILD_DIR)
# and runs the whole ctest suite there; any sanitizer report fails the test it happens in.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RNNC_ASAN_BUILD_DIR:-$root/build-asan}"

"$root/scripts/configure-asan.sh"
# shellcheck source=sanitizer-env.sh
. "$root/scripts/sanitizer-env.sh"
cd "$build"
ctest --output-on-failure -j "$(nproc)"
