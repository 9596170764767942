#!/usr/bin/env bash
# The first thing a new user runs: installs what is missing, builds rnnc, and runs it on
# the bundled tutorial model (examples/seed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RNNC_BUILD_DIR:-$root/build}"

"$root/scripts/build.sh"
echo "== examples/seed/seed.mlir: parsed, verified and printed by rnn-opt"
"$build/bin/rnn-opt" "$root/examples/seed/seed.mlir"
