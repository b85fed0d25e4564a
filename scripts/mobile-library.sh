#!/usr/bin/env bash
# Builds the library the phones ship (hearth-ffi in the size-tuned `mobile` profile) for this
# machine and prints its size, section by section: the figure issue 23 tracks. On x86-64
# Linux it is a stand-in for the Android build (same code, same profile, same link flags
# but the target's), which needs the NDK (scripts/build-android.sh).
#
#   scripts/mobile-library.sh            # the library as Android links it (OpenSSL vendored)
#   scripts/mobile-library.sh --bare     # without OpenSSL (libcrypto from the system)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

features=(--features vendored-openssl)
[ "${1:-}" = "--bare" ] && features=()

# Only the cdylib, so only the FFI's symbols are exported and LTO drops the rest; relative
# relocations packed (DT_RELR), as Android's linker reads them from API 28.
cargo rustc -q -p hearth-ffi --profile mobile "${features[@]}" --crate-type cdylib \
  -- -C link-arg=-Wl,-z,pack-relative-relocs

lib="$(scripts/target-dir.sh)/mobile/libhearth_ffi.so"
size -A "$lib" | awk 'NR > 2 && $2 > 65536 { printf "  %-20s %6.2f MB\n", $1, $2 / 1e6 }'
bytes=$(stat -c %s "$lib")
awk -v b="$bytes" 'BEGIN { printf "libhearth_ffi.so: %.2f MB (%d bytes)\n", b / 1e6, b }'
