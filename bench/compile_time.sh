#!/usr/bin/env bash
# rnnc's compile time and peak memory by model size: ONNX models of 0.1 to 9 million
# parameters (bench/models/gen_size_models.py) compiled to objects, each REPS times; prints a
# markdown table of medians (wall and user + sys seconds, peak resident MB).
#
#   bench/compile_time.sh [RNNC]      (default: <repo>/build/bin/rnnc; REPS=3)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rnnc=${1:-$repo/build/bin/rnnc}
reps=${REPS:-3}
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$py "$repo/bench/models/gen_size_models.py" --out-dir "$work"

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "| model | parameters | ONNX MB | compile s (wall) | compile s (user+sys) | peak MB |"
echo "|---|---:|---:|---:|---:|---:|"
$py "$repo/bench/models/gen_size_models.py" --list | while read -r name params; do
  : >"$work/times"
  for _ in $(seq "$reps"); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/one" "$rnnc" "$work/$name.onnx" \
      -o "$work/$name.o" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    cat "$work/one" >>"$work/times"
  done
  wall=$(awk '{ print $1 }' "$work/times" | median)
  cpu=$(awk '{ print $2 + $3 }' "$work/times" | median)
  mb=$(awk '{ print $4 / 1024 }' "$work/times" | median)
  size=$(stat -c %s "$work/$name.onnx")
  awk -v n="$name" -v p="$params" -v s="$size" -v w="$wall" -v c="$cpu" -v m="$mb" \
    'BEGIN { printf "| %s | %.2f M | %.1f | %.2f | %.2f | %.0f |\n", n, p / 1e6, s / 1048576, w, c, m }'
done
