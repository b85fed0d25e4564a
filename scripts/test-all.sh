#!/usr/bin/env bash
# Every test: the Rust workspace, then the bindings as the apps use them: Python (pytest)
# and Kotlin on the JVM (Maven: the generated Kotlin plus the Android shell's platform-free
# module) against the freshly built library, and the committed Swift checked for drift.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Rust workspace"
cargo test --workspace --locked

echo "== Build hearth-ffi and generate the bindings (Swift drift check)"
bindings/generate.sh --check-swift

# The circle scenarios in both languages talk to the real relay binary.
cargo build --locked -p hearth-relay

echo "== Python bindings (pytest)"
(cd bindings/python && python3 -m pytest -q)

echo "== Kotlin bindings and android/shared on the JVM (Maven)"
(cd bindings/kotlin && mvn -B -q clean test)  # clean: Kotlin leaves stale classes behind

echo "== all tests passed"
