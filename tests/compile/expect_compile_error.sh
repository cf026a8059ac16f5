#!/usr/bin/env bash
# usage: expect_compile_error.sh CXX INCLUDE_DIRS FILE MACRO EXPECTED_TEXT
# FILE must compile as is, and fail to compile with -DMACRO, saying EXPECTED_TEXT.
# INCLUDE_DIRS: one directory, or several separated by ';' (a CMake list).
set -uo pipefail
cxx=$1 file=$3 macro=$4 expected=$5
includes=()
IFS=';' read -ra dirs <<<"$2"
for d in "${dirs[@]}"; do includes+=("-I$d"); done
if ! out=$("$cxx" -std=c++20 -fsyntax-only "${includes[@]}" "$file" 2>&1); then
  echo "FAIL: $file does not compile as is:"; echo "$out"; exit 1
fi
if out=$("$cxx" -std=c++20 -fsyntax-only "${includes[@]}" -D"$macro" "$file" 2>&1); then
  echo "FAIL: $file compiles with -D$macro"; exit 1
fi
if ! grep -q -- "$expected" <<<"$out"; then
  echo "FAIL: the compile error does not say '$expected':"; echo "$out"; exit 1
fi
echo "ok: -D$macro does not compile ($expected)"
