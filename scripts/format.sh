#!/usr/bin/env bash
# Formats the project's C and C++ sources with clang-format-19 and .clang-format;
# --check lists the files that would change and fails if any would.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
format=clang-format-19
command -v "$format" >/dev/null || { echo "format.sh: $format is not installed (scripts/deps.sh)" >&2; exit 1; }
mapfile -t files < <(git ls-files '*.c' '*.cpp' '*.h' '*.hpp')
if [ "${1:-}" = "--check" ]; then
  bad=0
  for f in "${files[@]}"; do
    if ! "$format" --dry-run --Werror "$f" >/dev/null 2>&1; then
      echo "$f"
      bad=1
    fi
  done
  exit $bad
fi
"$format" -i "${files[@]}"
