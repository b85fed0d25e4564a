// swift-tools-version:5.9
// HearthKit: the Rust core for iOS. `scripts/build-ios.sh` builds HearthFFIFFI.xcframework
// (device + simulator static libraries with the C header); the generated Swift in
// Sources/HearthFFI is committed and checked against the Rust API in CI.
import PackageDescription

let package = Package(
    name: "HearthKit",
    platforms: [.iOS(.v16)],
    products: [
        .library(name: "HearthKit", targets: ["HearthKit"]),
    ],
    targets: [
        .binaryTarget(name: "HearthFFIFFI", path: "HearthFFIFFI.xcframework"),
        .target(name: "HearthFFI", dependencies: ["HearthFFIFFI"], path: "Sources/HearthFFI"),
        .target(name: "HearthKit", dependencies: ["HearthFFI"], path: "Sources/HearthKit"),
    ]
)
