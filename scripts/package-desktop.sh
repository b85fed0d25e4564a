#!/usr/bin/env bash
# Packages the desktop app with jpackage (JDK 17+): a self-contained app with its own Java
# runtime, the shared UI and the core library.
#   scripts/package-desktop.sh [TYPE]    # TYPE: app-image (default), deb, rpm, dmg, pkg, msi, exe
# Each package type is built on its own system (deb/rpm on Linux, dmg/pkg on macOS, msi/exe on
# Windows); a deb needs dpkg-deb and fakeroot. Output: target/desktop-package/.
# On Linux the package's menu entry (desktop/packaging/linux/Hearth.desktop) registers
# hearth:// links, so a hearth://join# link opens the app with the join dialog filled in.
set -euo pipefail
cd "$(dirname "$0")/.."
type="${1:-app-image}"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)"
cargo build --locked -q --release -p hearth-ffi --features vendored-openssl
bindings/generate.sh >/dev/null
mvn -B -q package -DskipTests -pl desktop -am
builds="$(scripts/target-dir.sh)"
input="target/desktop-package/input"
rm -rf target/desktop-package && mkdir -p "$input"
cp desktop/target/maven/app/*.jar "$input/"
case "$(uname -s)" in
  Darwin) lib="libhearth_ffi.dylib" ;;
  MINGW*|MSYS*|CYGWIN*) lib="hearth_ffi.dll" ;;
  *) lib="libhearth_ffi.so" ;;
esac
cp "$builds/release/$lib" "$input/"
extra=()
if [ "$type" = deb ] || [ "$type" = rpm ]; then
  extra+=(--linux-shortcut --linux-menu-group Utility --linux-app-category utils
    --resource-dir desktop/packaging/linux)
fi
jpackage --type "$type" --dest target/desktop-package \
  --name Hearth --app-version "$version" --vendor "Hearth" \
  --description "Private peer support and an encrypted mood journal" \
  --input "$input" --main-jar hearth-desktop.jar --main-class org.hearth.desktop.MainKt \
  --java-options "-Djna.library.path=\$APPDIR" \
  "${extra[@]}"
ls -l target/desktop-package
