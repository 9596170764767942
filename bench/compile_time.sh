#!/usr/bin/env bash
# rnnc's compile time and peak memory by model size: ONNX models of 0.1 to 17 million
# parameters (bench/models/gen_size_models.py) compiled to objects, each REPS times; prints a
# markdown table of medians (wall and user + sys seconds, peak resident MB), and what a
# million parameters cost beyond the code (the two same_code models).
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
  echo "$name $params $wall $cpu $mb" >>"$work/rows"
done
# The two same_code models differ in their weights only: their difference is what a
# million parameters cost beyond the code.
awk '$1 ~ /^same_code/ { p[++n] = $2; w[n] = $3; c[n] = $4; m[n] = $5 }
  END { if (n == 2) { d = (p[2] - p[1]) / 1e6
    printf "\nPer million parameters beyond the code (same_code models): %.3f s wall, %.3f s user + sys, %.1f MB\n",
      (w[2] - w[1]) / d, (c[2] - c[1]) / d, (m[2] - m[1]) / d } }' "$work/rows"
