#!/usr/bin/env bash
# Every test: the Rust workspace, then the bindings as the apps use them: Python (pytest)
# and Kotlin on the JVM (Maven: the generated Kotlin plus the Android shell's platform-free
# module) against the freshly built library, the committed Swift checked for drift, and the
# shared Compose UI (Maven, headless).
# First installs whatever a fresh machine lacks (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

echo "== Rust workspace"
cargo test --workspace --locked

echo "== Build hearth-ffi and generate the bindings (Swift drift check)"
bindings/generate.sh --check-swift

# The circle scenarios in both languages talk to the real relay binary. Built with the
# workspace (not `-p hearth-relay` alone), so SQLCipher keeps the same OpenSSL features.
cargo build --locked --workspace --bins
# Wherever cargo builds (CARGO_TARGET_DIR may move it).
builds="$(scripts/target-dir.sh)"

echo "== Python bindings (pytest)"
(cd bindings/python && HEARTH_TARGET_DIR="$builds" python3 -m pytest -q)

echo "== Kotlin bindings and android/shared on the JVM (Maven)"
# clean: Kotlin leaves stale classes behind.
(cd bindings/kotlin && mvn -B -q clean test -Dhearth.lib.dir="$builds/debug")

echo "== The shared Compose UI (Maven, headless)"
(cd ui && mvn -B -q clean test)

echo "== all tests passed"
