#!/usr/bin/env bash
# Fuzzes every target in turn until each has run at least HOURS in total (fuzz/runs.tsv
# keeps the tally), always taking the target with the least time so far, RUN seconds at a
# time (or all that is left, when that is under two runs). Start it once per spare core: each worker takes a target no other worker holds.
#
#   scripts/fuzz-all.sh [HOURS] [RUN]       # default 1 hour each, 900 s per run
#
# Runs niced, so builds and tests on the same machine come first. Touch
# fuzz/libfuzzer/work/PAUSE to make workers wait before their next run (a CI run or a load
# run should have the cores to itself); remove it to go on. A target whose run found
# something is marked fuzz/libfuzzer/work/TARGET.found and skipped until the mark goes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
hours="${1:-1}"; run="${2:-900}"
goal=$(python3 -c "print(int(float('$hours') * 3600))")
work="$root/fuzz/libfuzzer/work"; mkdir -p "$work"
mapfile -t targets < <(cd "$root/fuzz/libfuzzer" && RUSTC_BOOTSTRAP=1 cargo fuzz list --fuzz-dir .)

# Seconds target $1 has been fuzzed so far.
fuzzed() { awk -F'\t' -v t="$1" '$2 == t { s += $3 } END { print s + 0 }' "$root/fuzz/runs.tsv"; }

# The target with the least time so far that is under the goal and free, or nothing.
next_target() {
  for t in "${targets[@]}"; do
    printf '%s %s\n' "$(fuzzed "$t")" "$t"
  done | sort -n | while read -r total t; do
    [ "$total" -lt "$goal" ] && [ ! -e "$work/$t.found" ] || continue
    mkdir "$work/$t.lock" 2>/dev/null || continue
    echo "$t"; break
  done
}

while true; do
  while [ -e "$work/PAUSE" ]; do sleep 20; done
  target="$(next_target)"
  [ -n "$target" ] || { echo "every target has run ${hours} h or is taken"; exit 0; }
  trap 'rmdir "$work/$target.lock" 2>/dev/null' EXIT
  # What is left when under two runs' worth: one run to the goal, not a short one after.
  left=$(( goal - $(fuzzed "$target") )); seconds=$run
  [ "$left" -lt $(( 2 * run )) ] && seconds=$left
  echo "$(date -u +%T) fuzzing $target for $seconds s"
  if ! nice -n 19 "$root/scripts/fuzz.sh" "$target" "$seconds"; then
    # Left alone until someone fixes it and removes the mark.
    touch "$work/$target.found"
    echo "$target: a finding; see fuzz/libfuzzer/artifacts/$target"
  fi
  rmdir "$work/$target.lock"
done
