#!/usr/bin/env bash
# Builds rnnc if needed and runs the whole test suite (lit + unit tests) through ctest; then
# the same suite under ASan + UBSan and a bounded run of each fuzzer (both in build-asan/,
# see test-sanitizers.sh and fuzz.sh). RNNC_SANITIZERS=0 skips those two.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RNNC_BUILD_DIR:-$root/build}"

"$root/scripts/build.sh"
(cd "$build" && ctest --output-on-failure -j "$(nproc)")
if [ "${RNNC_SANITIZERS:-1}" != 0 ]; then
  "$root/scripts/test-sanitizers.sh"
  "$root/scripts/fuzz.sh"
fi
