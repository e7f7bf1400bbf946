import Benchmark
import Foundation
import PortalCache
import PortalRedis

/// The redis-server `make bench` started for this run (debug commands enabled, for DEBUG POPULATE).
let redisURL = ProcessInfo.processInfo.environment["REDIS_URL"] ?? "redis://127.0.0.1:6379/0"
let hitConcurrency = Int(ProcessInfo.processInfo.environment["BENCH_CONCURRENCY"] ?? "") ?? 50
let hitsPerIteration = 10_000
let bodySize = 200

func client(poolSize: Int = 8) throws -> RedisClient {
    RedisClient(configuration: RedisConfiguration(url: try RedisURL(redisURL), poolSize: poolSize, commandTimeout: .seconds(5)))
}

let customerGroups = ["invoices", "subscriptions", "dashboard"].map { CacheGroup(tag: "whmcs:bench:42", name: $0)! }
let policy = CachePolicy(freshFor: .seconds(600))

struct NearCacheDidNotFill: Error {}

/// Empties Redis and fills it with `count` unrelated keys, as other customers' entries would.
func prepareKeyspace(unrelatedKeys count: Int) async throws {
    let redis = try client(poolSize: 1)
    try await redis.send(RedisCommand("FLUSHALL"))
    try await redis.send(RedisCommand("DEBUG", "POPULATE", RedisArgument(count), "pb:{other}:filler", 64))
    await redis.shutdown()
}

/// Ten cached entries in each of the customer's three groups.
func fillCustomer(_ cache: CacheService) async throws {
    for group in customerGroups {
        for page in 1...10 {
            _ = try await cache.value(for: CacheKey(group: group, field: "page=\(page)"), policy: policy) { Data(count: bodySize) }
        }
    }
}

func invalidationBenchmark(_ name: String, unrelatedKeys: Int, invalidate: @escaping @Sendable (CacheService, RedisClient) async throws -> Void) {
    Benchmark(name, configuration: .init(setup: { try await prepareKeyspace(unrelatedKeys: unrelatedKeys) })) { benchmark in
        let redis = try client()
        let cache = CacheService(redis: redis)
        try await fillCustomer(cache)
        benchmark.startMeasurement()
        try await invalidate(cache, redis)
        benchmark.stopMeasurement()
        await redis.shutdown()
    }
}

/// The approach the cache design rules out: find the customer's keys with KEYS, then DEL them.
func invalidateWithKeysPattern(_ redis: RedisClient) async throws {
    let reply = try await redis.send(RedisCommand("KEYS", "pb:{whmcs:bench:42}:*"))
    guard case .array(let keys) = reply, !keys.isEmpty else { return }
    try await redis.send(RedisCommand("DEL", keys.compactMap { $0.bytes.map(RedisArgument.init) }))
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock],
        timeUnits: .microseconds,
        warmupIterations: 3,
        scalingFactor: .one,
        maxDuration: .seconds(4),
        maxIterations: 300
    )

    for (label, keys) in [("1e4", 10_000), ("1e6", 1_000_000)] {
        invalidationBenchmark("cache.invalidate.\(label)keys", unrelatedKeys: keys) { cache, _ in try await cache.invalidate(customerGroups) }
        invalidationBenchmark("keysPattern.invalidate.\(label)keys", unrelatedKeys: keys) { _, redis in try await invalidateWithKeysPattern(redis) }
    }

    hitBenchmark("cache.hit.\(hitsPerIteration)", near: false)
    hitBenchmark("cache.hit.near.\(hitsPerIteration)", near: true)

    // The store script of every miss, by SHA-1 and as the whole text (what every call sent before).
    for (label, byText) in [("evalsha", false), ("eval", true)] {
        Benchmark(
            "script.\(label).\(hitsPerIteration)",
            configuration: .init(maxDuration: .seconds(6), maxIterations: 50, setup: { try await prepareKeyspace(unrelatedKeys: 0) })
        ) { benchmark in
            let redis = try client()
            let group = customerGroups[0]
            let keys = [RedisArgument(group.entriesKey), RedisArgument(group.epochKey), RedisArgument(group.expiriesKey)]
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let arguments: [RedisArgument] = [
                "0", RedisArgument(now), 200, "page=1", RedisArgument(Array(repeating: UInt8(ascii: "x"), count: bodySize)),
                RedisArgument(now + 600_000),
            ]
            let command =
                byText
                ? RedisCommand("EVAL", [RedisArgument(CacheScripts.storeIfCurrent.source), 3] + keys + arguments)
                : .evaluate(CacheScripts.storeIfCurrent, keys: keys, arguments: arguments)
            try await redis.send(command)
            benchmark.startMeasurement()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<hitConcurrency {
                    group.addTask {
                        for _ in 0..<(hitsPerIteration / hitConcurrency) { blackHole(try await redis.send(command)) }
                    }
                }
                try await group.waitForAll()
            }
            benchmark.stopMeasurement()
            await redis.shutdown()
        }
    }
}

/// Cache hits from 50 concurrent tasks: from Redis, or from the near cache in front of it.
func hitBenchmark(_ name: String, near: Bool) {
    Benchmark(
        name,
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal],
            maxDuration: .seconds(6),
            maxIterations: 50,
            setup: { try await prepareKeyspace(unrelatedKeys: 0) }
        )
    ) { benchmark in
        let nearCache = near ? NearCache(settings: NearCache.Settings()) : nil
        let redis = RedisClient(
            configuration: RedisConfiguration(url: try RedisURL(redisURL), poolSize: 8, commandTimeout: .seconds(5)),
            tracking: nearCache.map { TrackingConfiguration(observer: $0) }
        )
        let cache = CacheService(redis: redis, near: nearCache)
        let key = CacheKey(group: customerGroups[0], field: "page=1")
        _ = try await cache.value(for: key, policy: policy) { Data(count: bodySize) }
        if let nearCache {
            while !nearCache.leaseHolds() { try await Task.sleep(for: .milliseconds(5)) }
            for _ in 0..<3 { _ = try await cache.value(for: key, policy: policy) { Data(count: bodySize) } }
            guard nearCache.count == 1 else { throw NearCacheDidNotFill() }
        }
        benchmark.startMeasurement()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<hitConcurrency {
                group.addTask {
                    for _ in 0..<(hitsPerIteration / hitConcurrency) {
                        blackHole(try await cache.value(for: key, policy: policy) { Data(count: bodySize) })
                    }
                }
            }
            try await group.waitForAll()
        }
        benchmark.stopMeasurement()
        await redis.shutdown()
    }
}
