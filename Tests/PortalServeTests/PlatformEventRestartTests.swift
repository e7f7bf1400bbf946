import Domain
import Foundation
import PortalCache
import PortalRedis
import PortalSandbox
import Synchronization
import TestSupport
import Testing

/// `serve --sandbox-at` in child processes against one sandbox in this process, killed (SIGKILL, so no
/// lease is released and nothing is flushed) while events are published. Redis database 5 (given with
/// `--redis`, which outranks the REDIS_URL the test command sets), emptied first.
@Suite("Platform Events across a killed BFF", .serialized, .enabled(if: TestRedis.isAvailable))
struct PlatformEventRestartTests {
    static let redisURL = TestRedis.url(database: 5) ?? ""
    static let event = "OrderProvisionRequested__e"
    static let topic = "/event/OrderProvisionRequested__e"

    private static func config() -> [String: Any] {
        [
            "http": ["port": 0],
            "provisioning": ["workers": 0],
            "salesforce": [
                "pubsub": [
                    "enabled": true, "leaseMilliseconds": 1000, "leaseRenewMilliseconds": 300, "standbyMilliseconds": 100,
                    "backoffBaseMilliseconds": 50, "backoffMaxSeconds": 1,
                ]
            ],
        ]
    }

    private func serve(_ sandbox: RunningSandbox) async throws -> ServeProcess {
        let root = sandbox.baseURLs.salesforce.deletingLastPathComponent().absoluteString
        return try await offThePool { try ServeProcess(config: Self.config(), upstreams: ["--sandbox-at", root, "--redis", Self.redisURL]) }
    }

    private func orderId(_ number: Int) -> String { SalesforceId("801" + String(format: "%012d", number))?.value ?? "" }

    private func jobs(_ redis: RedisClient) async throws -> Int {
        Int(try await redis.send(RedisCommand("XLEN", RedisArgument(ProvisioningQueue.stream))).integer ?? 0)
    }

    /// Publishes a warm-up event until the running subscriber has stored its replay id.
    private func warmUp(_ sandbox: Sandbox, _ redis: RedisClient) async throws {
        let replayIds = ReplayIdStore(redis: redis)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let warm = try sandbox.publishPlatformEvent(Self.event, fields: ["orderId__c": .string(orderId(999)), "idemKey__c": "warm-up"])
            let arrived = ContinuousClock.now + .seconds(1)
            while ContinuousClock.now < arrived {
                if try await replayIds.replayId(topic: Self.topic).map({ Data($0) }) == warm { return }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        throw TimedOut(description: "timed out waiting for the warm-up event")
    }

    @Test func eventsPublishedWhileTheBFFIsKilledAreQueuedOnceEachWhenItReturnsAndAStandbyReplacesADeadHolder() async throws {
        let redis = RedisClient(configuration: RedisConfiguration(url: try RedisURL(Self.redisURL), poolSize: 1))
        try await redis.sendToEveryMaster(RedisCommand("FLUSHDB"))
        let sandbox = Sandbox()
        let running = try await sandbox.start()
        let servers = Servers()
        try await withTeardown(
            running,
            stop: {
                try? await offThePool { servers.killAll() }
                await $0.stop()
            }
        ) { running in
            let first = try await servers.keep(serve(running))
            try await warmUp(sandbox, redis)
            try await offThePool { first.kill() }

            for number in 1...5 {
                _ = try sandbox.publishPlatformEvent(
                    Self.event,
                    fields: ["orderId__c": .string(orderId(number)), "idemKey__c": .string("k\(number)")]
                )
            }
            let second = try await servers.keep(serve(running))
            try await eventually("the five events queued", timeout: .seconds(30)) { try await jobs(redis) == 6 }
            for number in 1...5 {
                #expect(try await ProvisioningQueue(redis: redis).job(orderId(number))?.state == .queued)
            }

            let standby = try await servers.keep(serve(running))
            try await Task.sleep(for: .milliseconds(500))
            try await offThePool { second.kill() }
            let killed = ContinuousClock.now
            _ = try sandbox.publishPlatformEvent(Self.event, fields: ["orderId__c": .string(orderId(6)), "idemKey__c": "k6"])
            try await eventually("the standby to queue the next event", timeout: .seconds(30)) { try await jobs(redis) == 7 }
            let takeover = ContinuousClock.now - killed
            print("Pub/Sub takeover after the holder was killed: \(takeover)")
            #expect(takeover < .seconds(5))
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await jobs(redis) == 7)
            try await offThePool { standby.stop() }
        }
        await redis.shutdown()
    }
}

/// The servers a test started, killed at its end whatever happened.
private final class Servers: Sendable {
    private let started = Mutex<[ServeProcess]>([])

    func keep(_ server: ServeProcess) -> ServeProcess {
        started.withLock { $0.append(server) }
        return server
    }

    func killAll() {
        for server in started.withLock({ $0 }) { server.kill() }
    }
}
