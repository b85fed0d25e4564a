#!/usr/bin/env bash
# Installs what the README's commands need and a fresh machine may lack, beyond Rust (rustup)
# and a C compiler: perl and make (SQLCipher's OpenSSL is compiled in, see cli/Cargo.toml),
# pytest for the Python bindings, a JDK and Maven for the Kotlin ones and the shared UI, and a
# font for the UI's headless tests. Debian/Ubuntu packages
# via apt-get, as root or through sudo; elsewhere it names what is missing and stops.
# scripts/test-all.sh runs it first; it does nothing when everything is there.
set -euo pipefail

command -v cargo >/dev/null 2>&1 || {
  echo "setup: cargo is missing: install Rust with rustup (https://rustup.rs)" >&2
  exit 1
}

need_apt=()
command -v cc >/dev/null 2>&1 || need_apt+=(build-essential)
command -v make >/dev/null 2>&1 || need_apt+=(make)
command -v perl >/dev/null 2>&1 || need_apt+=(perl)
command -v javac >/dev/null 2>&1 || need_apt+=(default-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
# The shared Compose UI's headless tests draw text: fontconfig and a font (Skia finds them).
command -v fc-list >/dev/null 2>&1 || need_apt+=(fontconfig)
[ -n "$(fc-list 2>/dev/null | head -n 1)" ] || need_apt+=(fonts-dejavu-core)
# The desktop app's smoke test: a virtual display, typing into the window, a screenshot.
command -v Xvfb >/dev/null 2>&1 || need_apt+=(xvfb)
command -v xdotool >/dev/null 2>&1 || need_apt+=(xdotool)
command -v xdpyinfo >/dev/null 2>&1 || need_apt+=(x11-utils)
command -v xwd >/dev/null 2>&1 || need_apt+=(x11-apps)
# The desktop keyring's test: a private D-Bus session with GNOME Keyring's Secret Service.
command -v dbus-run-session >/dev/null 2>&1 || need_apt+=(dbus)
command -v gnome-keyring-daemon >/dev/null 2>&1 || need_apt+=(gnome-keyring)
# The relay's PostgreSQL store: its tests start throwaway clusters of their own with Debian's
# server programs (initdb, postgres), and fail, never skip, without them.
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || [ -n "${HEARTH_PG_BINDIR:-}" ] || need_apt+=(postgresql)
# Time zones come from the system's database (jiff reads /usr/share/zoneinfo).
[ -e /usr/share/zoneinfo/Europe/Berlin ] || need_apt+=(tzdata)
python3 -m pytest --version >/dev/null 2>&1 || pytest_missing=1

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    return 1
  fi
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  as_root apt-get update -qq || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}"
  apt_install "${need_apt[@]}" || {
    echo "setup: please install ${need_apt[*]} (no apt-get, or not allowed to use it)" >&2
    exit 1
  }
fi

if [ "${pytest_missing:-0}" -eq 1 ]; then
  echo "setup: installing pytest"
  python3 -m pip install -q pytest 2>/dev/null \
    || apt_install python3-pytest \
    || { echo "setup: please install pytest for python3" >&2; exit 1; }
fi
