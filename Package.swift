// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "portal-bff",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "portal-bff", targets: ["PortalBFF"])
    ],
    dependencies: [
        .package(path: "Packages/Domain"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.5.0"),
    ],
    targets: [
        .executableTarget(
            name: "PortalBFF",
            dependencies: [
                "DeveloperTools",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "PortalConfig",
            dependencies: [
                .product(name: "Domain", package: "Domain"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(
            name: "DeveloperTools",
            dependencies: [
                "PortalConfig",
                .product(name: "Domain", package: "Domain"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),
        .testTarget(
            name: "PortalConfigTests",
            dependencies: ["PortalConfig", .product(name: "Configuration", package: "swift-configuration")]
        ),
        .testTarget(
            name: "DeveloperToolsTests",
            dependencies: ["DeveloperTools", .product(name: "Domain", package: "Domain")]
        ),
    ]
)
