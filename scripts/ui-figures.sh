#!/usr/bin/env bash
# The shared UI's figures: the first frame of a chat with 1,000 messages, and the heap in use
# with 20 circles open (ui/src/test/kotlin/org/hearth/ui/UiFigures.kt; a real relay, headless).
#   scripts/ui-figures.sh [MESSAGES]   # default 1000
# The desktop app's startup figures come from scripts/desktop-smoke.sh 5.
set -euo pipefail
cd "$(dirname "$0")/.."
bindings/generate.sh >/dev/null
cargo build --locked -q --workspace --bins
builds="$(scripts/target-dir.sh)"
classpath="$(mktemp)"
trap 'rm -f "$classpath"' EXIT
# The last module written (ui) wins the file: its test classpath, the bindings' included.
mvn -B -q test-compile dependency:build-classpath -pl ui -am \
  -Dmdep.outputFile="$classpath" -Dmdep.includeScope=test
cp="$(cat "$classpath")"
java -Xmx512m -Djna.library.path="$builds/debug" -Dhearth.relay="$builds/debug/hearth-relay" \
  -cp "ui/target/maven/test-classes:ui/target/maven/classes:bindings/kotlin/target/maven/classes:$cp" \
  org.hearth.ui.UiFiguresKt "$@"
