#!/usr/bin/env bash
# Builds and runs the rnnc / oneDNN / PyTorch benchmark and prints one table. See README.md.
#
#   bench/run.sh [--quick] [--no-build] [--no-torch]
#
# Environment: RNNC_BENCH_BUILD_DIR (default <repo>/build-bench), BENCH_REPS (5),
# BENCH_MIN_TIME (seconds per repetition, 0.2), BENCH_CPU (core to pin to with taskset, 0;
# empty: no pinning), BENCH_CLOCK (real: wall-clock medians in the table, default; cpu: the
# process's CPU time, less disturbed when other processes share the core; both are written).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${RNNC_BENCH_BUILD_DIR:-$repo/build-bench}
reps=${BENCH_REPS:-5}
min_time=${BENCH_MIN_TIME:-0.2}
cpu=${BENCH_CPU-0}
clock=${BENCH_CLOCK:-real}
py=/usr/bin/python3
do_build=1 do_torch=1
for a in "$@"; do
  case $a in
    --quick) reps=3 min_time=0.05 ;;
    --no-build) do_build=0 ;;
    --no-torch) do_torch=0 ;;
    *) echo "usage: $0 [--quick] [--no-build] [--no-torch]" >&2; exit 64 ;;
  esac
done

pin=()
if [[ -n $cpu ]] && command -v taskset >/dev/null; then pin=(taskset -c "$cpu"); fi

if [[ $do_build == 1 ]]; then
  if [[ ! -f $build/build.ninja ]]; then
    cmake -S "$repo" -B "$build" -G Ninja -DMLIR_DIR=/usr/lib/llvm-19/lib/cmake/mlir \
      -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-19/build/utils/lit/lit.py \
      -DRNNC_BUILD_BENCH=ON -DCMAKE_BUILD_TYPE=Release
  fi
  echo "== building rnnc, the models and rnn_bench in $build" >&2
  ninja -C "$build" rnn_bench >&2
fi

load_note() {
  local l; read -r l _ </proc/loadavg
  echo "== load average (1 min) $1: $l" >&2
  awk -v l="$l" 'BEGIN { exit !(l > 1.0) }' &&
    echo "   WARNING: the machine is busy; timings will be noisy" >&2 || true
}
load_note "before the run"

models=$build/bench/models
out=$build/bench/results
rm -rf "$out"
mkdir -p "$out/rnnc-out" "$out/recompile"

# rnnc compile time: each model again, one at a time on a quiet machine (the build ran them
# in parallel), to a scratch directory.
echo "== timing rnnc on each model" >&2
: >"$out/compile.tsv"
for s in $($py "$repo/bench/models/gen_models.py" --list); do
  cmd=("$build/bin/rnnc" "$models/$s.mlir" -o "$out/recompile/$s.o" --name="$s")
  if "${pin[@]}" /usr/bin/time -f '%e %U %S %M' -o "$out/recompile/$s.time" "${cmd[@]}" \
      2>"$out/recompile/$s.err"; then
    read -r real user sys kb <"$out/recompile/$s.time"
    awk -v s="$s" -v r="$real" -v u="$user" -v y="$sys" -v k="$kb" \
      'BEGIN { printf "%s\t%.0f\t%.0f\t%.0f\n", s, r * 1000, (u + y) * 1000, k / 1024 }' \
      >>"$out/compile.tsv"
  else
    echo "rnnc FAILED: ${cmd[*]}" >&2
    cat "$out/recompile/$s.err" >&2
    printf '%s\tnan\tnan\tnan\n' "$s" >>"$out/compile.tsv"
  fi
done
# Compile time and memory by model size (0.1 to 9 M parameters, ONNX), for its own table.
echo "== timing rnnc by model size" >&2
"${pin[@]}" "$repo/bench/compile_time.sh" "$build/bin/rnnc" >"$out/compile_size.md"

# rnnc and oneDNN, one thread. OMP_WAIT_POLICY=passive (wanted by torch with 2 threads)
# slows oneDNN down: never inherit it here.
echo "== rnn_bench (rnnc + oneDNN), $reps repetitions x ${min_time}s" >&2
set +e
env -u OMP_WAIT_POLICY OMP_NUM_THREADS=1 RNNC_BENCH_DUMP_DIR="$out/rnnc-out" \
  "${pin[@]}" "$build/bin/rnn_bench" \
  --benchmark_filter='^BM_(rnnc|onednn|fma_peak|step_floor)/' \
  --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
  --benchmark_min_time="$min_time" \
  --benchmark_out="$out/rnn_bench.json" --benchmark_out_format=json \
  2> >(tee "$out/rnn_bench.stderr" >&2) >"$out/rnn_bench.txt"
bench_rc=$?
# rnnc's parallel entry on two threads, pinned to two cores.
pin2=()
if [[ -n $cpu ]] && command -v taskset >/dev/null && (( $(nproc) > 1 )); then
  pin2=(taskset -c "$cpu,$(( (cpu + 1) % $(nproc) ))")
fi
if (( $(nproc) > 1 )); then
  echo "== rnn_bench 2 threads (rnnc --parallel)" >&2
  env -u OMP_WAIT_POLICY OMP_NUM_THREADS=1 "${pin2[@]}" "$build/bin/rnn_bench" \
    --benchmark_filter='^BM_rnnc_2threads/' \
    --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
    --benchmark_min_time="$min_time" \
    --benchmark_out="$out/rnn_bench_2threads.json" --benchmark_out_format=json \
    2>>"$out/rnn_bench.stderr" >"$out/rnn_bench_2threads.txt" || bench_rc=$?
fi
set -e
[[ $bench_rc == 0 ]] || echo "rnn_bench exited with $bench_rc (2: an output check failed)" >&2

# torch's BLAS. Debian's torch calls libblas.so.3 (its addmm per step runs there); when that
# alternative is netlib's reference BLAS (~6 GFLOP/s here, 20-40x slower than OpenBLAS), torch
# would be measured far from its best. Use OpenBLAS for the torch process only: the system's
# if installed, else a copy unpacked from Debian's package into the build dir (no system change).
openblas_dir() {
  local sys=/usr/lib/x86_64-linux-gnu/openblas-pthread
  if [[ -f $sys/libblas.so.3 ]]; then echo "$sys"; return; fi
  local dir=$build/bench/openblas
  local lib=$dir/root/usr/lib/x86_64-linux-gnu/openblas-pthread
  if [[ ! -f $lib/libblas.so.3 ]]; then
    mkdir -p "$dir"
    (cd "$dir" && rm -f ./*.deb && apt-get download libopenblas0-pthread >&2 2>/dev/null &&
       dpkg -x libopenblas0-pthread_*.deb root) ||
      { echo "   could not unpack libopenblas0-pthread; torch keeps the system BLAS" >&2; return; }
  fi
  echo "$lib"
}

torch_json=
if [[ $do_torch == 1 ]]; then
  blas=$(openblas_dir)
  [[ -n $blas ]] && echo "== torch uses OpenBLAS from $blas" >&2
  # torch in its own process, its OpenBLAS free to pick its best kernel (toolchain.md).
  echo "== torch_bench.py" >&2
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE -u OMP_WAIT_POLICY OMP_NUM_THREADS=1 \
    OPENBLAS_NUM_THREADS=1 ${blas:+LD_LIBRARY_PATH="$blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"} \
    "${pin[@]}" $py "$repo/bench/torch_bench.py" --data-dir "$models" \
    --rnnc-outputs "$out/rnnc-out" --repetitions "$reps" --min-time "$min_time" \
    --json "$out/torch.json" 2> >(tee "$out/torch.stderr" >&2)
  torch_json=$out/torch.json
fi

load_note "after the run"
report() {
  $py "$repo/bench/report.py" --bench-json "$out/rnn_bench.json" \
    --threads-json "$out/rnn_bench_2threads.json" \
    ${torch_json:+--torch-json "$torch_json"} --compile-tsv "$out/compile.tsv" \
    --models-dir "$models" --checks "$out/rnn_bench.stderr" "$@"
}
report --clock="$clock" | tee "$out/table.md"
other=real; [[ $clock == real ]] && other=cpu
report --clock="$other" >"$out/table-$other.md"
echo "(the same with $other time: $out/table-$other.md)"
echo
echo "rnnc compile time and peak memory by model size (ONNX, T = 20, dynamic batch):"
cat "$out/compile_size.md"
exit "$bench_rc"
