#!/usr/bin/env bash
# Runs each libFuzzer target of build-asan/ (see configure-asan.sh) for a bounded time on a
# scratch copy of its seed corpus (test/fuzz/corpus/<target>), so the committed one stays
# as it is. Fails on any crash, leak, timeout or sanitizer report and prints the reproducer.
#
#   scripts/fuzz.sh [TARGET...]     targets: keras-h5 keras-json onnx npy (default: all)
#   RNNC_FUZZ_SECONDS=60            time per target
#   RNNC_FUZZ_ARTIFACTS=DIR         where failing inputs are kept (default build-asan/fuzz-artifacts)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RNNC_ASAN_BUILD_DIR:-$root/build-asan}"
seconds="${RNNC_FUZZ_SECONDS:-60}"
artifacts="${RNNC_FUZZ_ARTIFACTS:-$build/fuzz-artifacts}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(keras-h5 keras-json onnx npy)

"$root/scripts/configure-asan.sh"
# shellcheck source=sanitizer-env.sh
. "$root/scripts/sanitizer-env.sh"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/rnnc-fuzz.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$artifacts"

failed=()
for target in "${targets[@]}"; do
  fuzzer="$build/bin/rnnc-fuzz-$target"
  seeds="$root/test/fuzz/corpus/$target"
  [ -x "$fuzzer" ] || { echo "fuzz: no fuzzer $fuzzer" >&2; exit 2; }
  [ -d "$seeds" ] || { echo "fuzz: no seed corpus $seeds" >&2; exit 2; }
  work="$scratch/$target"
  mkdir -p "$work/corpus" "$work/artifacts"
  cp "$seeds"/* "$work/corpus/"
  echo "== fuzz $target for ${seconds}s ($(ls "$seeds" | wc -l) seeds)"
  # -timeout: one input taking longer is a finding (the HDF5 string reader gives up at 10 s).
  status=0
  # The harness's temporary model files go to the scratch directory: an input that kills
  # the fuzzer leaves its file behind, and the trap removes it.
  TMPDIR="$work" "$fuzzer" "$work/corpus" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
    >"$work/log" 2>&1 || status=$?
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)" \
    "$work/log" | sed "s/^/  $target /" || true
  if [ "$status" -ne 0 ]; then
    echo "fuzz: $target FAILED (exit $status); the end of its log:" >&2
    tail -n 60 "$work/log" >&2
    for input in "$work"/artifacts/*; do
      [ -e "$input" ] || continue
      kept="$artifacts/$target-$(basename "$input")"
      cp "$input" "$kept"
      echo "fuzz: reproducer $kept ($(stat -c %s "$kept") bytes); rerun it with" >&2
      echo "  $fuzzer $kept" >&2
      od -A x -t x1z -v -N 256 "$kept" >&2
    done
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} passed, 0 failed"
