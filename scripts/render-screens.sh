#!/usr/bin/env bash
# Renders every main screen of the shared UI to PNG (phone 411x891 and desktop 1024x720, light
# and dark) from a scripted scenario with realistic data, into ui/renders/ (ignored) or DIR:
#   scripts/render-screens.sh [DIR]
# Builds the library and the bindings first; starts its own relay.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-ui/renders}")"
bindings/generate.sh >/dev/null
cargo build --locked -q --workspace --bins
builds="$(scripts/target-dir.sh)"
mvn -B -q test -pl ui -am -Dtest=ScreenRendersTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dhearth.lib.dir="$builds/debug" -Dhearth.render="$out"
echo "rendered $(ls "$out"/*.png | wc -l) images into $out"
