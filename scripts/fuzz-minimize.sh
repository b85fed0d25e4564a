#!/usr/bin/env bash
# Folds what fuzzing found (fuzz/libfuzzer/work/TARGET) and the committed seeds into a small
# committed corpus (fuzz/corpus/TARGET): libFuzzer's set-cover merge keeps the fewest inputs
# that reach every feature any of them reaches, so the corpus CI replays stays small while
# covering what the fuzzing did. Regression inputs (regression-*) are always kept as they
# are. Found inputs over 4 KiB (libFuzzer's own default length) are not offered (the committed seeds from real traffic are):
# the set cover otherwise keeps hundreds of near-identical large bodies, tens of megabytes a
# target. Every target, or the ones named; prints each target's inputs and bytes before and
# after.
#
#   scripts/fuzz-minimize.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../fuzz/libfuzzer"
export RUSTC_BOOTSTRAP=1
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list --fuzz-dir .)
for target in "${targets[@]}"; do
  corpus="../corpus/$target"
  [ -d "work/$target" ] || continue
  before="$(ls "$corpus" | wc -l) inputs, $(du -sb "$corpus" | cut -f1) bytes"
  fresh="$(mktemp -d)"; found="$(mktemp -d)"
  find "work/$target" -type f -size -4097c -exec cp {} "$found/" \;
  cargo fuzz run --fuzz-dir . "$target" -- -set_cover_merge=1 "$fresh" "$corpus" "$found" \
    > "work/$target.merge.log" 2>&1 || { echo "$target: merge failed, see work/$target.merge.log"; rm -rf "$fresh" "$found"; continue; }
  rm -rf "$found"
  # The merge names inputs by content hash; the committed seeds keep their prefix.
  find "$corpus" -type f ! -name 'regression-*' -delete
  for f in "$fresh"/*; do cp "$f" "$corpus/seed-$(basename "$f" | cut -c1-16)"; done
  rm -rf "$fresh"
  echo "$target: $before -> $(ls "$corpus" | wc -l) inputs, $(du -sb "$corpus" | cut -f1) bytes"
done
