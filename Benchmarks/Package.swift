// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "DomainBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../Packages/Domain"),
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
        )
    ]
)
