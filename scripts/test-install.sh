#!/usr/bin/env bash
# Uses a built rnnc the way another project would: installs the build tree into a temporary
# prefix, checks what landed there (files, library paths), builds examples/cmake-app (two
# models in one program) and examples/cpp-wrapper against the installed CMake package, a C
# client of librnnrt through pkg-config, and the same app against the build tree's package
# and as built inside the tree; runs each and checks its output against float64 reference
# values. Also checks that rnnc_add_model recompiles a model when the model file or rnnc
# changes, and only then. Removes the temporary directory afterwards.
#
#   scripts/test-install.sh BUILD_DIR        (ctest runs it as install_and_cmake_app)
set -euo pipefail

build="$(cd "${1:?usage: test-install.sh BUILD_DIR}" && pwd)"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/rnnc-install.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"

step() { echo "== $*"; }
fail() {
  echo "test-install: FAIL: $*" >&2
  exit 1
}

# expect_values FILE LABEL V1 V2 ...: the line "LABEL = v1 v2 ..." of FILE holds these
# values within the float32-vs-float64 bound |got - want| <= 1e-5 + 1e-4 |want|.
expect_values() {
  local file="$1" label="$2"
  shift 2
  local line
  line="$(grep -F -m1 "$label =" "$file")" || fail "no line '$label =' in $file"
  awk -v line="$line" -v want="$*" -v label="$label" 'BEGIN {
    sub(/^[^=]*= */, "", line)
    n = split(line, got, " "); m = split(want, ref, " ")
    if (n != m) { printf "%s: %d values, expected %d\n", label, n, m; exit 1 }
    for (i = 1; i <= n; ++i) {
      d = got[i] - ref[i]; if (d < 0) d = -d
      a = ref[i] < 0 ? -ref[i] : ref[i]
      if (d > 1e-5 + 1e-4 * a) { printf "%s[%d] = %s, expected %s\n", label, i - 1, got[i], ref[i]; exit 1 }
    }
  }' || fail "$label differs from the reference (line: $line)"
}

# The float64 reference of the inputs x[t][i] = sin(0.5 t + i).
SEED_H0="-0.083681 +0.281568 -0.041440 +0.058294 +0.282952 +0.123705 -0.081908 +0.001527"
SEED_H9="+0.371564 +0.174967 -0.115993 -0.373808 +0.065072 -0.217792 -0.220799 -0.068324"
STACKED_H="-0.247048 -0.276583 -0.302988 -0.324461 -0.341099 -0.352617 -0.358950 -0.359425"

check_app_output() {
  expect_values "$1" "seed h[0]" $SEED_H0
  expect_values "$1" "seed h[9]" $SEED_H9
  expect_values "$1" "stacked h" $STACKED_H
}

# A sanitized build's librnnrt takes the sanitizer runtime from the program that loads it:
# its clients are then built by the same clang with the same sanitizers.
app_cmake=(-G Ninja -DCMAKE_BUILD_TYPE=Release)
client_cc=(cc)
if grep -q '^RNNC_SANITIZE:BOOL=ON' "$build/CMakeCache.txt"; then
  app_cmake+=(-DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19
              -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined)
  client_cc=(clang-19 -fsanitize=address,undefined)
fi

# ---- cmake --install ------------------------------------------------------------------
step "cmake --install $build --prefix $prefix"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 || {
  cat "$tmp/install.log" >&2
  fail "cmake --install failed"
}
config="$(find "$prefix" -name rnncConfig.cmake -path '*/cmake/rnnc/*' -print -quit)"
[ -n "$config" ] || fail "no rnncConfig.cmake under $prefix"
package_dir="$(dirname "$config")"
libdir="$(dirname "$(dirname "$package_dir")")"
for f in bin/rnnc bin/rnn-opt bin/rnn-run include/rnnc/rnnrt.h include/rnnc/model_abi.h \
         include/rnnc/rnnc.hpp include/rnnc/detail/abi_check.h; do
  [ -e "$prefix/$f" ] || fail "the install has no $f"
done
for f in share/doc/rnnc/README.md share/doc/rnnc/docs/cli.md \
         share/doc/rnnc/examples/seed/README.md share/doc/rnnc/examples/keras-sentiment/run.sh \
         share/doc/rnnc/examples/common/numpy_keras.py; do
  [ -e "$prefix/$f" ] || fail "the install has no $f"
done
for f in librnnrt.so cmake/rnnc/rnncConfig.cmake cmake/rnnc/rnncConfigVersion.cmake \
         cmake/rnnc/rnncTargets.cmake cmake/rnnc/rnncMacros.cmake pkgconfig/rnnrt.pc; do
  [ -e "$libdir/$f" ] || fail "the install has no ${libdir#$prefix/}/$f"
done

step "installed binaries resolve their libraries (ldd)"
for f in "$prefix/bin/rnnc" "$prefix/bin/rnn-opt" "$prefix/bin/rnn-run" "$libdir/librnnrt.so"; do
  ldd "$f" >"$tmp/ldd.txt"
  if grep -q "not found" "$tmp/ldd.txt"; then
    cat "$tmp/ldd.txt" >&2
    fail "$f has unresolved libraries"
  fi
  # Through files, not pipes: under pipefail, `grep -q` leaving at its first match can
  # kill the writer with SIGPIPE and fail (or pass) the whole pipeline at random.
  readelf -d "$f" >"$tmp/dynamic.txt"
  if grep -E "R(UN)?PATH" "$tmp/dynamic.txt" | grep -F "$build" >/dev/null; then
    fail "$f keeps a library path into the build tree"
  fi
done
ldd "$prefix/bin/rnnc" >"$tmp/ldd.txt"
grep -q "libMLIR" "$tmp/ldd.txt" || fail "the installed rnnc does not load libMLIR"
loaded="$(ldd "$prefix/bin/rnn-run" | awk '/librnnrt/ { print $3 }')"
[ -n "$loaded" ] && [ "$loaded" -ef "$libdir/librnnrt.so" ] ||
  fail "the installed rnn-run loads '$loaded', not the installed librnnrt"
"$prefix/bin/rnnc" --help >/dev/null || fail "the installed rnnc does not run"
"$prefix/bin/rnn-opt" --help >/dev/null || fail "the installed rnn-opt does not run"

# The examples, copied so that touching a model does not touch the source tree.
mkdir -p "$tmp/src/examples"
cp -r "$root/examples/cmake-app" "$root/examples/cpp-wrapper" "$root/examples/seed" \
      "$root/examples/stacked" "$tmp/src/examples/"

# ---- examples/cmake-app against the installed package -----------------------------------
app_src="$tmp/src/examples/cmake-app"
app_build="$tmp/build-app"
step "configure examples/cmake-app with -Drnnc_DIR=$package_dir"
cmake -S "$app_src" -B "$app_build" "${app_cmake[@]}" \
  -Drnnc_DIR="$package_dir" >"$tmp/app-configure.log" || {
  cat "$tmp/app-configure.log" >&2
  fail "configuring examples/cmake-app failed"
}
step "build and run examples/cmake-app"
cmake --build "$app_build" >"$tmp/app-build.log" || {
  cat "$tmp/app-build.log" >&2
  fail "building examples/cmake-app failed"
}
grep -q "Compiling model seed" "$tmp/app-build.log" || fail "rnnc did not compile seed"
grep -q "Compiling model stacked" "$tmp/app-build.log" || fail "rnnc did not compile stacked"
"$app_build/app" >"$tmp/app.out" || fail "app exited with $?"
cat "$tmp/app.out"
check_app_output "$tmp/app.out"

step "rebuild: nothing to do, then only what a change affects"
cmake --build "$app_build" >"$tmp/rebuild.log"
grep -q "no work to do" "$tmp/rebuild.log" || fail "an unchanged build did work: $(cat "$tmp/rebuild.log")"
touch "$tmp/src/examples/seed/seed.mlir"
cmake --build "$app_build" >"$tmp/rebuild.log"
grep -q "Compiling model seed" "$tmp/rebuild.log" || fail "touching seed.mlir did not recompile it"
if grep -q "Compiling model stacked" "$tmp/rebuild.log"; then
  fail "touching seed.mlir recompiled stacked too"
fi
touch "$prefix/bin/rnnc"
cmake --build "$app_build" >"$tmp/rebuild.log"
grep -q "Compiling model seed" "$tmp/rebuild.log" && grep -q "Compiling model stacked" "$tmp/rebuild.log" ||
  fail "a newer rnnc did not recompile both models"
"$app_build/app" >"$tmp/app.out" || fail "app exited with $? after the rebuild"
check_app_output "$tmp/app.out"

# ---- examples/cpp-wrapper against the installed package ---------------------------------
step "build and run examples/cpp-wrapper"
cmake -S "$tmp/src/examples/cpp-wrapper" -B "$tmp/build-cpp" "${app_cmake[@]}" \
  -Drnnc_DIR="$package_dir" >"$tmp/cpp.log" &&
  cmake --build "$tmp/build-cpp" >>"$tmp/cpp.log" || {
  cat "$tmp/cpp.log" >&2
  fail "building examples/cpp-wrapper failed"
}
"$tmp/build-cpp/cpp-wrapper" >"$tmp/cpp.out" || fail "cpp-wrapper exited with $?"
cat "$tmp/cpp.out"
grep -qF "input 'x': float32 [1, 10, 4]" "$tmp/cpp.out" || fail "cpp-wrapper: no input description"
grep -qF "output 'h': float32 [1, 10, 8]" "$tmp/cpp.out" || fail "cpp-wrapper: no output description"
expect_values "$tmp/cpp.out" "h[9]" $SEED_H9
grep -qF "wrong shape: model 'seed': input 0 'x': expected shape [1, 10, 4], got [1, 10, 3]" \
  "$tmp/cpp.out" || fail "cpp-wrapper: the wrong shape was not refused as expected"

# ---- librnnrt through pkg-config, a shared model, rnn-run --------------------------------
step "pkg-config rnnrt: a C client of a shared model"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
cflags="$(pkg-config --cflags rnnrt)"
libs="$(pkg-config --libs rnnrt)"
[ "$(pkg-config --variable=libdir rnnrt)" -ef "$libdir" ] || fail "rnnrt.pc names another libdir"
"$prefix/bin/rnnc" "$tmp/src/examples/seed/seed.mlir" --emit=shared -o "$tmp/seed.so"
# shellcheck disable=SC2086
"${client_cc[@]}" -std=c99 -Wall -Werror -pedantic $cflags "$root/test/Install/rnnrt_client.c" -o "$tmp/client" \
  $libs -Wl,-rpath,"$libdir" -lm || fail "the pkg-config client does not build"
"$tmp/client" "$tmp/seed.so" >"$tmp/client.out" || fail "the pkg-config client exited with $?"
cat "$tmp/client.out"
grep -q "^model 'seed': 1 input, 1 output" "$tmp/client.out" || fail "client: wrong model"
expect_values "$tmp/client.out" "last row" $SEED_H9
grep -q "^refused: input 0 'x'" "$tmp/client.out" || fail "client: the wrong shape was not refused"
"$prefix/bin/rnn-run" "$tmp/seed.so" --info >"$tmp/info.out" || fail "rnn-run --info failed"
grep -q "input 0 'x': float32 \[1, 10, 4\]" "$tmp/info.out" || fail "rnn-run --info: $(cat "$tmp/info.out")"

# ---- the build tree's package, and rnnc_add_model inside the build tree ------------------
step "examples/cmake-app against the build tree (-Drnnc_DIR=$build/lib/cmake/rnnc)"
cmake -S "$app_src" -B "$tmp/build-app-tree" "${app_cmake[@]}" \
  -Drnnc_DIR="$build/lib/cmake/rnnc" >"$tmp/tree.log" &&
  cmake --build "$tmp/build-app-tree" >>"$tmp/tree.log" || {
  cat "$tmp/tree.log" >&2
  fail "building against the build tree failed"
}
"$tmp/build-app-tree/app" >"$tmp/tree.out" || fail "app (build tree) exited with $?"
check_app_output "$tmp/tree.out"

step "rnnc_add_model: EXTERNAL_WEIGHTS, SHARED, both, and WEIGHT_PRECISION (test/Install/add-model-variants)"
cmake -S "$root/test/Install/add-model-variants" -B "$tmp/build-variants" "${app_cmake[@]}" \
  -Drnnc_DIR="$package_dir" -DSEED_MODEL="$tmp/src/examples/seed/seed.mlir" \
  >"$tmp/variants.log" 2>&1 &&
  cmake --build "$tmp/build-variants" >>"$tmp/variants.log" 2>&1 || {
  cat "$tmp/variants.log" >&2
  fail "building test/Install/add-model-variants failed"
}
"$tmp/build-variants/variants" >"$tmp/variants.out" || {
  cat "$tmp/variants.out" >&2
  fail "the add-model variants exited with $?"
}
grep -q "variants agree" "$tmp/variants.out" || fail "the add-model variants printed: $(cat "$tmp/variants.out")"

step "the installed examples' run.sh, against the installed rnnc on PATH"
for example in keras-sentiment keras-lstm-sentiment keras-tagger keras-one-to-many \
  onnx-sentiment; do
  PATH="$prefix/bin:$PATH" OUT_DIR="$tmp/run-$example" \
    "$prefix/share/doc/rnnc/examples/$example/run.sh" >"$tmp/run-$example.out" 2>&1 || {
    cat "$tmp/run-$example.out" >&2
    fail "examples/$example/run.sh failed against the installed rnnc"
  }
  [ -s "$tmp/run-$example.out" ] || fail "examples/$example/run.sh printed nothing"
done

step "an installed make_model.py finds examples/common: its reference outputs, without training"
examples="$prefix/share/doc/rnnc/examples"
/usr/bin/python3 "$examples/keras-lstm-sentiment/make_model.py" --reference "$tmp/lstm-ref" ||
  fail "examples/keras-lstm-sentiment/make_model.py --reference failed in the install"
"$prefix/bin/rnnc" "$examples/keras-lstm-sentiment/lstm_sentiment.keras" --emit=shared \
  -o "$tmp/lstm_sentiment.so" || fail "rnnc failed on the installed lstm_sentiment.keras"
"$prefix/bin/rnn-run" "$tmp/lstm_sentiment.so" --input "$tmp/lstm-ref/x.npy" \
  --expected "$tmp/lstm-ref/expected.npy" >"$tmp/lstm-ref.out" ||
  fail "the installed LSTM example disagrees with its reference: $(cat "$tmp/lstm-ref.out")"

step "rnnc_add_model inside the build tree (test/Install, built with the tree)"
[ -x "$build/test/Install/rnnc-intree-app" ] ||
  fail "$build/test/Install/rnnc-intree-app is missing; build the tree first"
"$build/test/Install/rnnc-intree-app" >"$tmp/intree.out" || fail "rnnc-intree-app exited with $?"
check_app_output "$tmp/intree.out"

echo "PASS"
