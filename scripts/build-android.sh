#!/usr/bin/env bash
# Builds libhearth_ffi for Android with cargo-ndk (arm64-v8a, armeabi-v7a, x86_64) in the
# size-tuned `mobile` profile, into android/app/src/main/jniLibs/<abi>/ where Gradle picks
# it up, and generates the Kotlin bindings the shared module compiles.
#
# Needs: the Android NDK (ANDROID_NDK_HOME), `cargo install cargo-ndk`, and the Rust targets:
#   rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android
# Then open android/ in Android Studio (or run ./gradlew :app:assembleDebug there).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# The Kotlin comes from the host build's metadata (the mobile build is stripped).
bindings/generate.sh

# SQLCipher needs OpenSSL's libcrypto for the target; the vendored build compiles it in.
# Only the cdylib is built (exporting just the FFI, so LTO drops the rest), with relative
# relocations packed as Android reads them from API 28 (minSdk), as scripts/mobile-library.sh
# measures on the host.
cargo ndk \
  -t arm64-v8a -t armeabi-v7a -t x86_64 \
  -o android/app/src/main/jniLibs \
  rustc -p hearth-ffi --profile mobile --features vendored-openssl --crate-type cdylib \
  -- -C link-arg=-Wl,--pack-dyn-relocs=android+relr -C link-arg=-Wl,--use-android-relr-tags

ls -l android/app/src/main/jniLibs/*/libhearth_ffi.so
