#!/usr/bin/env bash
# Every test: the Rust workspace, then the bindings as the apps use them: Python (pytest)
# and the JVM side (Maven, pom.xml: the Kotlin bindings, the shared Compose UI headless, the
# desktop app) against the freshly built library, and the committed Swift checked for drift.
# First installs whatever a fresh machine lacks (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

echo "== Rust workspace"
cargo test --workspace --locked

echo "== The circle scenarios again, with the relay on PostgreSQL"
# (The relay's own tests run every store already; these are the end-to-end ones.)
HEARTH_TEST_RELAY_DB=postgres cargo test --locked -p hearth-tests \
  --test circles --test invitations --test invites --test moderation --test reports \
  --test sharing --test sync

echo "== Build hearth-ffi and generate the bindings (Swift drift check)"
bindings/generate.sh --check-swift

# The circle scenarios in both languages talk to the real relay binary. Built with the
# workspace (not `-p hearth-relay` alone), so SQLCipher keeps the same OpenSSL features.
cargo build --locked --workspace --bins
# Wherever cargo builds (CARGO_TARGET_DIR may move it).
builds="$(scripts/target-dir.sh)"

echo "== Python bindings (pytest)"
(cd bindings/python && HEARTH_TARGET_DIR="$builds" python3 -m pytest -q)

echo "== The JVM side (Maven): Kotlin bindings, the shared Compose UI (headless), the desktop app"
# clean: Kotlin leaves stale classes behind. The UI tests draw headless; none needs a display.
# verify also packages the desktop app, which the smoke test below starts.
mvn -B -q clean verify -Dhearth.lib.dir="$builds/debug"

echo "== The desktop app as a real window (Xvfb)"
scripts/desktop-smoke.sh

echo "== all tests passed"
