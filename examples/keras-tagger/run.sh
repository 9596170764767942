#!/usr/bin/env bash
# Compiles tagger.keras with rnnc into tagger.o + tagger.h, links main.c against it
# and runs it. RNNC (default: build/bin/rnnc), CC (default: cc) and OUT_DIR (default: a
# temporary directory) override the tools and where the files go.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rnnc=${RNNC:-$here/../../build/bin/rnnc}
out=${OUT_DIR:-$(mktemp -d)}
mkdir -p "$out"
"$rnnc" "$here/tagger.keras" -o "$out/tagger.o"
"${CC:-cc}" -std=c99 -Wall -Wextra -I"$out" "$here/main.c" "$out/tagger.o" \
  -o "$out/tagger" -lm
"$out/tagger"
