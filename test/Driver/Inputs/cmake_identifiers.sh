#!/usr/bin/env bash
# For each name given, compares the symbol prefix rnnc derives from `-o <name>.h` with the one
# rnnc_add_model derives (cmake/rnncMacros.cmake's _rnnc_identifier); prints both, fails on a
# difference. Usage: cmake_identifiers.sh RNNC MODEL MACROS DIR NAME...
set -euo pipefail
rnnc=$1 model=$2 macros=$3 dir=$4
shift 4
cat > "$dir/identifier.cmake" <<CMAKE
cmake_minimum_required(VERSION 3.16)
include("$macros")
_rnnc_identifier("\${TEXT}" id)
message("\${id}")
CMAKE
status=0
for name in "$@"; do
  cmake_id=$(cmake -DTEXT="$name" -P "$dir/identifier.cmake" 2>&1)
  "$rnnc" "$model" --emit=header -o "$dir/$name.h"
  rnnc_id=$(sed -n 's/^int32_t \(.*\)_run(.*/\1/p' "$dir/$name.h")
  echo "'$name': rnnc $rnnc_id, cmake $cmake_id"
  [ "$rnnc_id" = "$cmake_id" ] || status=1
done
exit $status
