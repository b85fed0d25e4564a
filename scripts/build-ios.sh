#!/usr/bin/env bash
# Builds HearthFFIFFI.xcframework (device arm64 + simulator arm64/x86_64 static libraries with
# the generated C header) into ios/HearthKit/, in the size-tuned `mobile` profile. macOS only.
#   rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# Refresh the committed Swift and header from the API first (they must match the library).
bindings/generate.sh --update-swift

for target in aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios; do
  # The static library alone: the `lib` crate type beside it keeps every symbol exported.
  cargo rustc -p hearth-ffi --profile mobile --target "$target" --crate-type staticlib
done

sim="target/ios-sim-universal"
mkdir -p "$sim"
lipo -create \
  target/aarch64-apple-ios-sim/mobile/libhearth_ffi.a \
  target/x86_64-apple-ios/mobile/libhearth_ffi.a \
  -output "$sim/libhearth_ffi.a"

headers="ios/HearthKit/Sources/HearthFFIFFI/include"
out="ios/HearthKit/HearthFFIFFI.xcframework"
rm -rf "$out"
xcodebuild -create-xcframework \
  -library target/aarch64-apple-ios/mobile/libhearth_ffi.a -headers "$headers" \
  -library "$sim/libhearth_ffi.a" -headers "$headers" \
  -output "$out"
echo "built $out"
