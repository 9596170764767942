#!/usr/bin/env bash
# The speed and object size of --weight-precision=bf16, int8 (and bf16-dot, on a host with
# AVX512_BF16; int8-dot, on a host with AVX512_VNNI) against float32, on the bench models
# the precision targets name (batch 1, 1 thread): each model compiled each way and timed by
# rnn-run --repeat in turns, so all share the machine's state.
#   bench/precision.sh [BUILD_DIR] [REPEAT]     (default build/, 200 calls)
# Prints a markdown table (median µs per call, the speed-up over float32, the object's size
# against float32's) and, when torch is installed, a second one: int8 against PyTorch's
# quantize_dynamic on every batch-1 LSTM / GRU model of the bench (bench/torch_quantized.py),
# with int8-dot's column where the host has it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
repeat="${2:-200}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/bench/models/gen_models.py" --out-dir "$work" >/dev/null

median() { # library input-spec -> median µs
  "$build/bin/rnn-run" "$1" --input "$2" --repeat "$repeat" --warmup 20 |
    sed -n 's/^median \([0-9.]*\) us per call.*/\1/p'
}

# bf16-dot (the state rounded to bf16 too) where the host has AVX512_BF16; int8-dot (every
# int8 product's operand quantized per row too) where it has AVX512_VNNI.
precisions="f32 bf16 int8"
int8_dot=
if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
  if grep -qw avx512_bf16 /proc/cpuinfo; then
    precisions="$precisions bf16-dot"
  fi
  if grep -qw avx512_vnni /proc/cpuinfo; then
    precisions="$precisions int8-dot"
    int8_dot=1
  fi
fi
echo "| model (B, T, I, H) | f32 µs | bf16 µs | int8 µs | bf16-dot µs | int8-dot µs | bf16 speed-up | int8 speed-up | bf16-dot speed-up | int8-dot speed-up | bf16 size | int8 size |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for m in b1_t100_i256_h512_l1_uni lstm_b1_t100_i128_h256_l1_uni lstm_b1_t100_i256_h256_l1_uni \
         lstm_b1_t100_i256_h512_l1_uni \
         gru_b1_t100_i128_h256_l1_uni gru_b1_t100_i256_h512_l1_uni; do
  input="$(echo "$m" | sed 's/.*_t\([0-9]*\)_i\([0-9]*\)_.*/1x\1x\2/')xf32=random"
  declare -A us=() size=()
  for p in $precisions; do
    "$build/bin/rnnc" "$work/$m.mlir" --emit=shared --weight-precision=$p -o "$work/$m.$p.so"
    size[$p]=$(stat -c %s "$work/$m.$p.so")
    us[$p]=0
  done
  # Three rounds in turns; each precision keeps its fastest median.
  for round in 1 2 3; do
    for p in $precisions; do
      t="$(median "$work/$m.$p.so" "$input")"
      us[$p]="$(/usr/bin/python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(b if a == 0 else min(a, b))" "${us[$p]}" "$t")"
    done
  done
  cell="$(echo "$m" | sed -n 's/^\(lstm\|gru\)_.*/\1/p')"
  shape="$(echo "$m" | sed 's/.*b\([0-9]*\)_t\([0-9]*\)_i\([0-9]*\)_h\([0-9]*\)_.*/(\1,\2,\3,\4)/')"
  /usr/bin/python3 - "${cell:-simple}" "$shape" "${us[f32]}" "${us[bf16]}" "${us[int8]}" \
    "${us[bf16-dot]:-0}" "${us[int8-dot]:-0}" "${size[f32]}" "${size[bf16]}" "${size[int8]}" <<'PY'
import sys
cell, shape = sys.argv[1:3]
f32, bf16, int8, dot, idot, s32, s16, s8 = map(float, sys.argv[3:])
name = {"simple": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}[cell]
dots = ("%.0f" % dot, "%.2fx" % (f32 / dot)) if dot else ("-", "-")
idots = ("%.0f" % idot, "%.2fx" % (f32 / idot)) if idot else ("-", "-")
print("| %s %s | %.0f | %.0f | %.0f | %s | %s | %.2fx | %.2fx | %s | %s | %.2fx | %.2fx |" % (
    name, shape, f32, bf16, int8, dots[0], idots[0], f32 / bf16, f32 / int8, dots[1],
    idots[1], s16 / s32, s8 / s32))
PY
done

# int8 against PyTorch's dynamically quantized LSTM / GRU (quantize_dynamic: int8 weights,
# float32 state, its fastest engine here), when torch is installed: every batch-1 LSTM and
# GRU model of the bench, 1 thread.
if /usr/bin/python3 -c "import torch" 2>/dev/null; then
  echo
  echo "| model (B, T, I, H, L, dir) | rnnc int8 µs | rnnc int8-dot µs | torch quantize_dynamic µs | engine | rnnc int8 vs torch (x faster) | rnnc int8-dot vs torch (x faster) |"
  echo "|---|---|---|---|---|---|---|"
  names=$(/usr/bin/python3 "$root/bench/models/gen_models.py" --list | grep -E '^(lstm|gru)_b1_')
  OMP_NUM_THREADS=1 /usr/bin/python3 "$root/bench/torch_quantized.py" --data-dir "$work" $names |
    while read -r m torch_us engine; do
      input="$(echo "$m" | sed 's/.*_t\([0-9]*\)_i\([0-9]*\)_.*/1x\1x\2/')xf32=random"
      "$build/bin/rnnc" "$work/$m.mlir" --emit=shared --weight-precision=int8 -o "$work/$m.q.so"
      t="$(median "$work/$m.q.so" "$input")"
      td=0
      if [ -n "$int8_dot" ]; then
        "$build/bin/rnnc" "$work/$m.mlir" --emit=shared --weight-precision=int8-dot -o "$work/$m.qd.so"
        td="$(median "$work/$m.qd.so" "$input")"
      fi
      shape="$(echo "$m" | sed 's/^\([a-z]*\)_b\([0-9]*\)_t\([0-9]*\)_i\([0-9]*\)_h\([0-9]*\)_l\([0-9]*\)_\([a-z]*\)/\1 (\2,\3,\4,\5,\6,\7)/')"
      /usr/bin/python3 - "$shape" "$t" "$td" "$torch_us" "$engine" <<'PY'
import sys
n, a, d, b, e = sys.argv[1:]
a, d, b = float(a), float(d), float(b)
f = lambda v: "%.3g" % v if v < 100 else "%.0f" % v
print("| %s | %s | %s | %s | %s | %.1fx | %s |" % (
    n.replace("lstm", "LSTM").replace("gru", "GRU"), f(a), f(d) if d else "-", f(b), e, b / a,
    "%.1fx" % (b / d) if d else "-"))
PY
    done
fi
