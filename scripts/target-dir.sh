#!/usr/bin/env bash
# Prints cargo's target directory for this workspace, wherever it is: `target/` by default,
# or what CARGO_TARGET_DIR or a cargo config says. Scripts ask here rather than assume.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo metadata --format-version 1 --no-deps \
  | sed -E 's/.*"target_directory":"([^"]*)".*/\1/'
