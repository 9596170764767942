#!/usr/bin/env bash
# Compiles one_to_many.h5 with rnnc into one_to_many.o + one_to_many.h, links main.c
# against it and runs it. RNNC (default: the rnnc on PATH), CC (default: cc) and OUT_DIR
# (default: a temporary directory) override the tools and where the files go.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rnnc=${RNNC:-rnnc}
command -v "$rnnc" >/dev/null || {
  echo "$0: no rnnc on PATH; install rnnc (cmake --install), or set RNNC=/path/to/rnnc" >&2
  exit 1
}
out=${OUT_DIR:-$(mktemp -d)}
mkdir -p "$out"
"$rnnc" "$here/one_to_many.h5" -o "$out/one_to_many.o"
"${CC:-cc}" -std=c99 -Wall -Wextra -I"$out" "$here/main.c" "$out/one_to_many.o" \
  -o "$out/one_to_many" -lm
"$out/one_to_many"
