#!/usr/bin/env bash
# Builds and starts the desktop app: the core library, the Kotlin bindings, the shared UI and
# the desktop module, then one window. Arguments go to the app (--help lists them), e.g.
#   scripts/desktop.sh --profile /tmp/hearth-try
# HEARTH_DESKTOP_NO_BUILD=1 skips the builds (the app must have been built before).
set -euo pipefail
cd "$(dirname "$0")/.."
builds="$(scripts/target-dir.sh)"
if [ "${HEARTH_DESKTOP_NO_BUILD:-0}" != 1 ]; then
  bindings/generate.sh >/dev/null   # builds the library too
  mvn -B -q package -DskipTests -pl desktop -am
fi
exec java -Djna.library.path="$builds/debug" -jar desktop/target/maven/app/hearth-desktop.jar "$@"
