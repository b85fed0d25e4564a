#!/usr/bin/env bash
# Builds hearth-ffi for this machine and generates its Kotlin, Swift and Python bindings in
# library mode (from the built library's metadata), into bindings/generated/.
#
#   bindings/generate.sh                 build + generate
#   bindings/generate.sh --check-swift   ... and fail if the committed Swift differs
#   bindings/generate.sh --update-swift  ... and copy the fresh Swift into ios/
#
# Bindings come from the debug build: the size-tuned `mobile` profile strips the metadata.
# The Python module gets the host library beside it so `import hearth_ffi` works from there.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mode="${1:-}"

# Two builds: one invocation would unify features and link the generator's extras into the library.
cargo build --locked -p uniffi-bindgen
# OpenSSL compiled into SQLCipher, as the CLI's and Android's builds have it: no libssl-dev.
cargo build --locked -p hearth-ffi --features vendored-openssl

# Wherever cargo builds (CARGO_TARGET_DIR may move it).
debug="$(scripts/target-dir.sh)/debug"
case "$(uname -s)" in
  Darwin) lib="$debug/libhearth_ffi.dylib" ;;
  *) lib="$debug/libhearth_ffi.so" ;;
esac

out="bindings/generated"
rm -rf "$out"
mkdir -p "$out"
for language in kotlin swift python; do
  # --no-format: identical output whether or not ktlint/swiftformat happen to be installed,
  # which the Swift drift check relies on.
  "$debug/uniffi-bindgen" generate --no-format --language "$language" \
    --out-dir "$out/$language" "$lib"
done
cp "$lib" "$out/python/"

# The Swift the iOS package builds against is committed, so API changes show in review.
swift_dir="ios/HearthKit/Sources/HearthFFI"
header_dir="ios/HearthKit/Sources/HearthFFIFFI/include"
case "$mode" in
  --update-swift)
    mkdir -p "$swift_dir" "$header_dir"
    cp "$out/swift/HearthFFI.swift" "$swift_dir/"
    cp "$out/swift/hearth_ffiFFI.h" "$header_dir/"
    cp "$out/swift/hearth_ffiFFI.modulemap" "$header_dir/module.modulemap"
    echo "updated the committed Swift bindings in ios/HearthKit"
    ;;
  --check-swift)
    status=0
    diff -u "$swift_dir/HearthFFI.swift" "$out/swift/HearthFFI.swift" || status=1
    diff -u "$header_dir/hearth_ffiFFI.h" "$out/swift/hearth_ffiFFI.h" || status=1
    diff -u "$header_dir/module.modulemap" "$out/swift/hearth_ffiFFI.modulemap" || status=1
    if [ "$status" -ne 0 ]; then
      echo "The committed Swift bindings differ from the API. Run bindings/generate.sh --update-swift and commit the result." >&2
      exit 1
    fi
    echo "committed Swift bindings match the API"
    ;;
  "") ;;
  *) echo "unknown option: $mode" >&2; exit 2 ;;
esac
