#!/usr/bin/env bash
# Starts the desktop app as a real window on a virtual display (Xvfb), unlocks a profile made
# by the CLI with the same passphrase by typing it (xdotool), and waits for the today screen.
# Prints the startup figures and leaves a screenshot in target/desktop-smoke/ (ignored).
# Run by scripts/test-all.sh after the Maven build (the app's jars must exist); needs Xvfb,
# xdotool and xwd (scripts/setup.sh installs them).
#   scripts/desktop-smoke.sh [ROUNDS]   # ROUNDS > 1: start it that many times (figures)
set -euo pipefail
cd "$(dirname "$0")/.."
builds="$(scripts/target-dir.sh)"
rounds="${1:-1}"
out="target/desktop-smoke"
rm -rf "$out" && mkdir -p "$out"
passphrase="a long passphrase for the smoke test"
HEARTH_PASSPHRASE="$passphrase" "$builds/debug/hearth" --profile "$out/profile" init --name Sam >/dev/null

display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
xvfb=$!
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
export DISPLAY="$display"
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

for round in $(seq "$rounds"); do
  log="$out/app-$round.log"
  java -Djna.library.path="$builds/debug" -jar desktop/target/maven/app/hearth-desktop.jar \
    --profile "$out/profile" --report-startup >"$log" 2>&1 &
  app=$!
  # Wait for the passphrase screen's first frame.
  for _ in $(seq 300); do grep -q "first frame" "$log" && break; sleep 0.1; done
  grep -q "first frame (NeedsPassphrase)" "$log" || { echo "desktop-smoke: no passphrase screen" >&2; cat "$log" >&2; exit 1; }
  window=""
  for _ in $(seq 50); do window="$(xdotool search --name '^Hearth$' 2>/dev/null | head -n 1)" && [ -n "$window" ] && break; sleep 0.1; done
  [ -n "$window" ] || { echo "desktop-smoke: no window called Hearth" >&2; exit 1; }
  xdotool windowactivate --sync "$window" 2>/dev/null || xdotool windowfocus --sync "$window"
  # The passphrase field has the focus when the screen opens; a click on an empty corner gives
  # the window the keyboard (there is no window manager to do it). Then type, and Enter.
  xdotool mousemove --window "$window" 10 10 click 1
  xdotool type --delay 5 "$passphrase"
  xdotool key Return
  for _ in $(seq 300); do grep -q "today screen shown" "$log" && break; sleep 0.1; done
  grep -q "today screen shown" "$log" || { echo "desktop-smoke: the today screen did not show" >&2; cat "$log" >&2; exit 1; }
  grep "hearth-desktop:" "$log"
  if [ "$round" = 1 ]; then
    sleep 1
    xwd -root -silent >"$out/today.xwd"
    command -v /usr/bin/convert >/dev/null 2>&1 && /usr/bin/convert "xwd:$out/today.xwd" "$out/today.png" 2>/dev/null && rm "$out/today.xwd"
  fi
  kill "$app"; wait "$app" 2>/dev/null || true; app=""
done
echo "desktop-smoke: the window opened, unlocked and showed the today screen ($rounds round(s))"
