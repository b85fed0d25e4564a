#!/usr/bin/env bash
# Folds what fuzzing found (fuzz/libfuzzer/work/TARGET) into the committed corpus
# (fuzz/corpus/TARGET), keeping only inputs that add coverage (libFuzzer's merge), so the
# corpus CI replays stays small. Every target, or the ones named.
#
#   scripts/fuzz-minimize.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../fuzz/libfuzzer"
export RUSTC_BOOTSTRAP=1
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list --fuzz-dir .)
for target in "${targets[@]}"; do
  [ -d "work/$target" ] || continue
  before=$(ls "../corpus/$target" | wc -l)
  cargo fuzz run --fuzz-dir . "$target" -- -merge=1 "../corpus/$target" "work/$target" 2>/dev/null | tail -1 || true
  echo "$target: $before -> $(ls "../corpus/$target" | wc -l) inputs"
done
