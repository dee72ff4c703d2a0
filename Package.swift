// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "bomnipotent-smtp",
    products: [
        .executable(name: "bomnipotent-smtp", targets: ["bomnipotent-smtp"]),
        .executable(name: "toml-test-decoder", targets: ["toml-test-decoder"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(name: "SMTPSettings"),
        .target(name: "LosslessTOML"),
        .target(name: "TOMLFuzzing", dependencies: ["LosslessTOML", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(
            name: "ConfigWriter",
            dependencies: ["SMTPSettings", "LosslessTOML", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "SMTPProbe",
            dependencies: [
                "SMTPSettings",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        .target(
            name: "SetupService",
            dependencies: ["SMTPSettings", "ConfigWriter", "SMTPProbe"]
        ),
        .target(
            name: "SetupTUI",
            dependencies: ["SMTPSettings", "ConfigWriter", "SMTPProbe", "SetupService", "CNcurses"]
        ),
        .executableTarget(
            name: "bomnipotent-smtp",
            dependencies: [
                "SMTPSettings", "ConfigWriter", "SMTPProbe", "SetupService", "SetupTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "toml-test-decoder", dependencies: ["LosslessTOML", "SMTPSettings"]
        ),
        .executableTarget(
            name: "toml-bench",
            dependencies: ["LosslessTOML", "ConfigWriter", "TOMLFuzzing", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .testTarget(name: "SMTPSettingsTests", dependencies: ["SMTPSettings"]),
        .testTarget(
            name: "LosslessTOMLTests",
            dependencies: ["LosslessTOML", "TOMLFuzzing", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .testTarget(
            name: "ConfigWriterTests",
            dependencies: ["ConfigWriter", "SMTPSettings", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .testTarget(
            name: "SMTPProbeTests",
            dependencies: [
                "SMTPProbe", "SMTPSettings",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SetupTUITests",
            dependencies: ["SetupTUI", "SetupService", "SMTPSettings", "ConfigWriter", "SMTPProbe"],
            exclude: ["Goldens"]
        ),
        .testTarget(name: "CLITests", dependencies: ["SMTPSettings", "ConfigWriter"]),
        .testTarget(name: "SetupServiceTests", dependencies: ["SetupService", "SMTPSettings", "ConfigWriter", "SMTPProbe"]),
    ],
    swiftLanguageModes: [.v6]
)
