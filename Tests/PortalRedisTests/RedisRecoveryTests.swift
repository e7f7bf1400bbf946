import Foundation
import PortalRedis
import TestSupport
import Testing

/// A Redis restart leaves every pooled connection dead at once. The cache must be used again within a
/// second of Redis answering again, every time, not when the dead connections have each had their say.
@Suite("Redis recovery", .enabled(if: TestRedis.isAvailable, "needs redis-server on the PATH (make test installs it)"))
struct RedisRecoveryTests {
    static let restarts = 20
    static let bound = Duration.seconds(1)
    /// How long to wait for the client to recover before calling it never: far past the bound, so the
    /// failure message shows how late the client really was.
    static let patience = Duration.seconds(15)

    @Test func theClientIsBackWithinASecondOfRedisAnsweringAgainAfterEachOfTwentyRestarts() async throws {
        let server = try OwnRedisServer()
        try await server.start()
        let configuration = RedisConfiguration(url: try RedisURL(server.url))
        let client = RedisClient(configuration: configuration)
        var delays: [Duration] = []
        for _ in 0..<Self.restarts {
            try await openEveryConnection(of: client, poolSize: configuration.poolSize, server: server)
            try await server.stop()
            delays.append(try await recoveryDelay(of: client, restarting: server))
        }
        await client.shutdown()
        let shown = delays.map { "\(Int(($0 / .milliseconds(1)).rounded())) ms" }
        #expect(delays.allSatisfy { $0 < Self.bound }, "recovery after each restart: \(shown)")
    }

    /// Restarts the server while traffic keeps trying the client, and returns how long after the server
    /// answered PING again the client's first command succeeded (zero if it succeeded first).
    private func recoveryDelay(of client: RedisClient, restarting server: OwnRedisServer) async throws -> Duration {
        try await withThrowingTaskGroup(of: Event.self) { group in
            group.addTask {
                try await server.start()
                return .serverAnswered(at: .now)
            }
            group.addTask {
                let giveUp = ContinuousClock.now + Self.patience
                while ContinuousClock.now < giveUp {
                    if (try? await client.send(RedisCommand("GET", "recovery-probe"))) != nil { return .clientSucceeded(at: .now) }
                    try await Task.sleep(for: .milliseconds(5))
                }
                return .clientGaveUp
            }
            var answered: ContinuousClock.Instant?
            var succeeded: ContinuousClock.Instant?
            for try await event in group {
                switch event {
                case .serverAnswered(let instant): answered = instant
                case .clientSucceeded(let instant): succeeded = instant
                case .clientGaveUp: return Self.patience
                }
            }
            guard let answered, let succeeded else { return Self.patience }
            return max(.zero, answered.duration(to: succeeded))
        }
    }

    private enum Event: Sendable {
        case serverAnswered(at: ContinuousClock.Instant)
        case clientSucceeded(at: ContinuousClock.Instant)
        case clientGaveUp
    }

    /// Sends bursts of concurrent commands until every pooled connection has served one, so that the
    /// restart finds all of them open.
    private func openEveryConnection(of client: RedisClient, poolSize: Int, server: OwnRedisServer) async throws {
        for _ in 0..<200 {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<64 { group.addTask { _ = try? await client.send(RedisCommand("ECHO", "warm")) } }
            }
            if try await connectionsThatRan("echo", server: server) >= poolSize { return }
        }
        Issue.record("the pool never opened all \(poolSize) connections")
    }

    /// How many connections to the server last ran `command`, from `CLIENT LIST` on a connection of its own.
    private func connectionsThatRan(_ command: String, server: OwnRedisServer) async throws -> Int {
        let probe = RedisClient(configuration: RedisConfiguration(url: try RedisURL(server.url), poolSize: 1))
        let list = try await probe.send(RedisCommand("CLIENT", "LIST")).string ?? ""
        await probe.shutdown()
        return list.split(separator: "\n").filter { $0.contains(" cmd=\(command) ") }.count
    }
}
