#!/usr/bin/env python3
"""Prints the README's fuzzing table from fuzz/runs.tsv: per target, minutes fuzzed, runs,
executions and how many runs found something, then the total and the target-hours still to go
to reach one hour each.

    scripts/fuzz-table.py [HOURS]      # the goal per target, 1 by default
"""
import collections
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
# The README's order: relay first, then the core's receive paths, invites, safety, files.
ORDER = ["relay_framing", "relay_requests", "relay_live", "core_receive", "member_payload",
         "sealed_report", "invite_code", "invite_messages", "risk_language", "backup",
         "json_import"]


def main() -> None:
    goal = float(sys.argv[1]) * 3600 if len(sys.argv) > 1 else 3600.0
    seconds, executions, found, runs = (collections.Counter() for _ in range(4))
    lines = (ROOT / "fuzz" / "runs.tsv").read_text().splitlines()[1:]
    for line in lines:
        _, target, secs, execs, finding = line.split("\t")[:5]
        seconds[target] += int(secs)
        executions[target] += int(execs)
        found[target] += int(finding)
        runs[target] += 1
    targets = ORDER + sorted(set(seconds) - set(ORDER))
    print("| target | fuzzed so far | runs | executions | runs with a finding |")
    print("|---|---|---|---|---|")
    for t in targets:
        print(f"| `{t}` | {seconds[t] // 60} min | {runs[t]} | {executions[t]:,} | {found[t]} |")
    left = sum(max(0.0, goal - seconds[t]) for t in targets) / 3600
    print(f"\n{sum(seconds.values()) / 3600:.1f} h fuzzed; {left:.1f} target-hours left")


if __name__ == "__main__":
    main()
