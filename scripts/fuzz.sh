#!/usr/bin/env bash
# Fuzzes one target for a while (cargo-fuzz, libFuzzer, on the stable toolchain) and logs
# the run in fuzz/runs.tsv: when, which target, seconds, executions, and what it found.
#
#   scripts/fuzz.sh TARGET [SECONDS]     # default 600
#   scripts/fuzz.sh --list               # the targets
#
# New inputs collect in fuzz/libfuzzer/work/TARGET (ignored); the committed corpus
# fuzz/corpus/TARGET is read, not written: scripts/fuzz-minimize.sh folds the work back in.
# A finding lands in fuzz/libfuzzer/artifacts/TARGET/; make it a regression seed by copying
# it into fuzz/corpus/TARGET/ once fixed (cargo test -p hearth-fuzz-targets replays it).
set -euo pipefail
cd "$(dirname "$0")/../fuzz/libfuzzer"
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
# cargo-fuzz passes -Z flags (sanitizers, coverage): RUSTC_BOOTSTRAP lets stable take them.
export RUSTC_BOOTSTRAP=1
if [ "${1:-}" = "--list" ]; then cargo fuzz list --fuzz-dir .; exit; fi
target="$1"; seconds="${2:-600}"
mkdir -p "work/$target"
log="$(mktemp)"
status=0
# Built first, so the seconds logged are fuzzing only.
cargo fuzz build --fuzz-dir . "$target" >/dev/null 2>&1 || cargo fuzz build --fuzz-dir . "$target"
started="$(date -u +%FT%TZ)"; start_s=$(date +%s)
cargo fuzz run --fuzz-dir . "$target" "work/$target" "../corpus/$target" -- \
  -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 2>&1 | tee "$log" | grep -E "^#[0-9]+.*(NEW|pulse|DONE)|ERROR|panicked" | tail -5 || status=$?
execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
found=$(grep -c "^==[0-9]*== ERROR\|panicked at" "$log" || true)
# The seconds it really fuzzed, as libFuzzer counts them ("Done N runs in S second(s)"):
# `cargo fuzz run` rebuilds first when the tree changed since the build above, and that
# must not count. Without that line (a finding stops a run early) the wall clock is used.
seconds_run=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | grep -oE '[0-9]+ second' | grep -oE '[0-9]+' | tail -1 || true)
[ -n "$seconds_run" ] || seconds_run=$(( $(date +%s) - start_s ))
printf '%s\t%s\t%s\t%s\t%s\n' "$started" "$target" "$seconds_run" "$execs" "$found" >> ../runs.tsv
rm -f "$log"
exit "$status"
