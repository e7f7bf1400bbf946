// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "DomainBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../Packages/Domain"),
        .package(name: "portal-bff", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "DomainMapping",
            dependencies: [
                .product(name: "Domain", package: "Domain"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/DomainMapping",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "CacheBenchmarks",
            dependencies: [
                .product(name: "PortalCache", package: "portal-bff"),
                .product(name: "PortalRedis", package: "portal-bff"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CacheBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
    ]
)
