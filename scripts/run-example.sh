#!/usr/bin/env bash
# The first thing a new user runs: installs what is missing, builds rnnc, compiles the
# bundled tutorial model (examples/seed) into an object and header, links it into a small
# C program and runs it, printing the 10 x 8 hidden states.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RNNC_BUILD_DIR:-$root/build}"

"$root/scripts/build.sh"
out="$build/examples/seed"
mkdir -p "$out"
echo "== rnnc examples/seed/seed.mlir -o $out/seed.o"
"$build/bin/rnnc" "$root/examples/seed/seed.mlir" -o "$out/seed.o"
echo "== cc examples/seed/main.c seed.o -o seed"
cc -std=c99 -O2 -I"$out" "$root/examples/seed/main.c" "$out/seed.o" -lm -o "$out/seed"
echo "== ./seed"
"$out/seed"
