#!/usr/bin/env bash
# Installs the Debian 12 packages rnnc needs to build and test (as root), or prints the
# apt line to run. Idempotent: installs only what is missing. Source it or run it.
set -euo pipefail

RNNC_PACKAGES=(
  cmake ninja-build ccache g++ python3 pkg-config
  llvm-19-dev libmlir-19-dev mlir-19-tools llvm-19-tools clang-19 lld-19
  libfmt-dev libgtest-dev python3-numpy
  libhdf5-dev libzip-dev nlohmann-json3-dev
  libonnx-dev libprotobuf-dev protobuf-compiler python3-onnx python3-h5py
  qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross
  libclang-rt-19-dev clang-format-19
)

missing=()
for p in "${RNNC_PACKAGES[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "rnnc: missing packages. Run as root:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "rnnc: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
