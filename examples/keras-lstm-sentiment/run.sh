#!/usr/bin/env bash
# Compiles lstm_sentiment.keras with rnnc into lstm_sentiment.o + lstm_sentiment.h, links
# main.c against it and runs it. RNNC (default: the rnnc on PATH), CC (default: cc) and
# OUT_DIR (default: a temporary directory) override the tools and where the files go.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rnnc=${RNNC:-rnnc}
command -v "$rnnc" >/dev/null || {
  echo "$0: no rnnc on PATH; install rnnc (cmake --install), or set RNNC=/path/to/rnnc" >&2
  exit 1
}
out=${OUT_DIR:-$(mktemp -d)}
mkdir -p "$out"
"$rnnc" "$here/lstm_sentiment.keras" -o "$out/lstm_sentiment.o"
"${CC:-cc}" -std=c99 -Wall -Wextra -I"$out" "$here/main.c" "$out/lstm_sentiment.o" \
  -o "$out/lstm_sentiment" -lm
"$out/lstm_sentiment"
