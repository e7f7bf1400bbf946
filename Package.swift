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
            name: "DeveloperTools",
            dependencies: [
                .product(name: "Domain", package: "Domain"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "DeveloperToolsTests",
            dependencies: ["DeveloperTools", .product(name: "Domain", package: "Domain")]
        ),
    ]
)
