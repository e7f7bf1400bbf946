// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "portal-bff",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "portal-bff", targets: ["PortalBFF"]),
        .library(name: "PortalCache", targets: ["PortalCache"]),
        .library(name: "PortalRedis", targets: ["PortalRedis"]),
    ],
    dependencies: [
        .package(path: "Packages/Domain"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        // OTLP over gRPC only: the HTTP exporter would bring async-http-client, which nothing else needs.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPGRPC"]),
    ],
    targets: [
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        .target(
            name: "PortalRedis",
            dependencies: [
                "CHiredis", .product(name: "DequeModule", package: "swift-collections"), .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "PortalBFF",
            dependencies: [
                "DeveloperTools",
                "PortalServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "PortalSupport"),
        .target(
            name: "SalesforcePubSubAPI",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            exclude: ["pubsub_api.proto"]
        ),
        .target(
            name: "PortalCache",
            dependencies: [
                "PortalRedis", "PortalSupport", .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "PortalUpstream",
            dependencies: [
                "PortalSupport",
                .product(name: "Domain", package: "Domain"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"), .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "PortalWhmcs",
            dependencies: ["PortalUpstream", .product(name: "Domain", package: "Domain"), .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "PortalSalesforce",
            dependencies: [
                "PortalUpstream", "SalesforcePubSubAPI", .product(name: "Domain", package: "Domain"), .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "PortalFreebit",
            dependencies: ["PortalUpstream", .product(name: "Domain", package: "Domain")]
        ),
        .target(
            name: "PortalSandbox",
            dependencies: [
                "SalesforcePubSubAPI",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Domain", package: "Domain"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .target(
            name: "PortalApplication",
            dependencies: [
                "PortalCache", "PortalUpstream", "PortalWhmcs", "PortalSalesforce", "PortalFreebit", "PortalSupport",
                .product(name: "Domain", package: "Domain"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "PortalAPI",
            dependencies: [
                "PortalApplication", "PortalCache", "PortalSupport",
                .product(name: "Domain", package: "Domain"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            resources: [.copy("Resources/openapi.json")]
        ),
        .target(
            name: "PortalServe",
            dependencies: [
                "PortalAPI", "PortalApplication", "PortalCache", "PortalRedis", "PortalSandbox", "PortalSupport", "PortalUpstream", "PortalWhmcs",
                "PortalSalesforce", "PortalFreebit",
                .product(name: "Domain", package: "Domain"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"), .product(name: "OTel", package: "swift-otel"),
            ]
        ),
        .target(
            name: "DeveloperTools",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                "PortalServe",
                "PortalApplication",
                "PortalUpstream",
                "PortalSandbox",
                .product(name: "Domain", package: "Domain"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "PortalRedis", "PortalSandbox", "PortalSupport", "PortalUpstream", .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "PortalRedisTests", dependencies: ["PortalRedis", "TestSupport"]),
        .testTarget(
            name: "PortalCacheTests",
            dependencies: [
                "PortalCache", "PortalRedis", "TestSupport", .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "PortalUpstreamTests",
            dependencies: [
                "TestSupport", "PortalUpstream", "PortalSupport", .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "PortalWhmcsTests",
            dependencies: ["TestSupport", "PortalWhmcs", "PortalSandbox", "PortalUpstream", .product(name: "Domain", package: "Domain")]
        ),
        .testTarget(
            name: "PortalFreebitTests",
            dependencies: ["TestSupport", "PortalFreebit", "PortalSandbox", "PortalUpstream", .product(name: "Domain", package: "Domain")]
        ),
        .testTarget(
            name: "PortalSalesforceTests",
            dependencies: [
                "TestSupport", "PortalSalesforce", "PortalSandbox", "PortalUpstream", "SalesforcePubSubAPI",
                .product(name: "Domain", package: "Domain"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "PortalSandboxTests",
            dependencies: [
                "PortalSandbox", "PortalSalesforce", "PortalUpstream", "TestSupport", "SalesforcePubSubAPI",
                .product(name: "Domain", package: "Domain"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            ]
        ),
        .target(
            name: "APITestSupport",
            dependencies: [
                "PortalAPI", "PortalApplication", "PortalSandbox", "PortalUpstream", .product(name: "Configuration", package: "swift-configuration"),
            ],
            path: "Tests/APITestSupport"
        ),
        .testTarget(
            name: "PortalAPITests",
            dependencies: portalTestDependencies + [.product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(
            name: "PortalIntegrationTests",
            dependencies: portalTestDependencies
        ),
        .testTarget(
            name: "PortalServeTests",
            dependencies: [
                "PortalServe", "PortalAPI", "PortalApplication", "PortalCache", "PortalRedis", "PortalSandbox", "PortalSupport", "PortalWhmcs",
                "TestSupport",
                .product(name: "Domain", package: "Domain"),
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),
        .testTarget(
            name: "DeveloperToolsTests",
            dependencies: ["DeveloperTools", "TestSupport", .product(name: "Domain", package: "Domain")]
        ),
    ]
)

/// What the route tests and the integration tests both build on.
var portalTestDependencies: [Target.Dependency] {
    [
        "PortalAPI", "PortalApplication", "PortalCache", "PortalRedis", "PortalSandbox", "PortalServe", "PortalSupport", "PortalUpstream",
        "PortalWhmcs", "TestSupport", "APITestSupport", .product(name: "Domain", package: "Domain"),
        .product(name: "Prometheus", package: "swift-prometheus"), .product(name: "NIOEmbedded", package: "swift-nio"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "JWTKit", package: "jwt-kit"),
        .product(name: "CryptoExtras", package: "swift-crypto"), .product(name: "Configuration", package: "swift-configuration"),
    ]
}
