import Foundation
import PortalRedis
import TestSupport
import Testing

/// A reply belongs to the command that asked for it, and to no other: a command that timed out must never
/// hand its late reply to the next command on its connection (one customer's cached data served to another).
@Suite("Redis reply matching", .enabled(if: TestRedis.isAvailable, "needs redis-server on the PATH (make test installs it)"))
struct RedisReplyMatchingTests {
    /// Keeps the server busy for `microseconds`, then answers `reply`: a command slower than the client's
    /// timeout whose reply still arrives, late, on the connection that sent it.
    static let busyScript = """
        local started = redis.call('TIME')
        local deadline = started[1] * 1000000 + started[2] + tonumber(ARGV[1])
        while true do
            local now = redis.call('TIME')
            if now[1] * 1000000 + now[2] >= deadline then break end
        end
        return ARGV[2]
        """

    static func slowCommand(microseconds: Int, reply: String) -> RedisCommand {
        RedisCommand("EVAL", RedisArgument(busyScript), 0, RedisArgument(microseconds), RedisArgument(reply))
    }

    @Test func aCommandThatTimedOutNeverHandsItsLateReplyToTheNextCommandOnItsConnection() async throws {
        let server = try OwnRedisServer()
        try await server.start()
        let client = RedisClient(
            configuration: RedisConfiguration(
                url: try RedisURL(server.url),
                poolSize: 1,
                commandTimeout: .milliseconds(100),
                acquireTimeout: .seconds(10),
                initialBackoff: .milliseconds(5),
                maximumBackoff: .milliseconds(20)
            )
        )
        try await withTeardown(client, stop: { await $0.shutdown() }) { client in
            var answered = 0
            for round in 0..<8 {
                let late = "late-reply-\(round)"
                await #expect(throws: RedisError.self) { try await client.send(Self.slowCommand(microseconds: 400_000, reply: late)) }
                // Whatever arrives while the server is still busy must be the command's own reply or a
                // failure; once it is free again, every command must get its own reply.
                for step in 0..<12 {
                    let key = RedisArgument("reply-matching:\(round):\(step)")
                    let value = "value-\(round)-\(step)"
                    do {
                        let stored = try await client.send(RedisCommand("SET", key, RedisArgument(value), "PX", 60000))
                        #expect(stored == .status("OK"), "SET \(round)/\(step) was answered \(stored)")
                        let read = try await client.send(RedisCommand("GET", key))
                        #expect(read == .bytes(Array(value.utf8)), "GET \(round)/\(step) was answered \(read)")
                        answered += 1
                    } catch RedisError.server {
                        Issue.record("SET/GET \(round)/\(step) got an error reply")
                    } catch {
                        try await Task.sleep(for: .milliseconds(50))
                    }
                }
            }
            #expect(answered > 0, "no SET/GET ever got through")
        }
    }

    @Test func concurrentTasksWithShortTimeoutsEachReadTheirOwnValueOrATypedFailure() async throws {
        let server = try OwnRedisServer()
        try await server.start()
        let url = try RedisURL(server.url)
        let clients = [1, 2, 3, 5, 8, 13].map { milliseconds in
            RedisClient(
                configuration: RedisConfiguration(
                    url: url,
                    poolSize: 2,
                    commandTimeout: .milliseconds(milliseconds),
                    acquireTimeout: .seconds(10),
                    initialBackoff: .milliseconds(1),
                    maximumBackoff: .milliseconds(5)
                )
            )
        }
        let outcome = try await withThrowingTaskGroup(of: Tally.self) { group in
            for task in 0..<48 {
                let client = clients[task % clients.count]
                group.addTask {
                    var tally = Tally()
                    for step in 0..<40 {
                        if step % 10 == 3 {
                            _ = try? await client.send(Self.slowCommand(microseconds: Int.random(in: 2_000...20_000), reply: "late-\(task)-\(step)"))
                        }
                        let key = RedisArgument("stress:\(task)")
                        let value = "v-\(task)-\(step)"
                        do {
                            let stored = try await client.send(RedisCommand("SET", key, RedisArgument(value), "PX", 60000))
                            if stored != .status("OK") { tally.wrong.append("SET \(value) -> \(stored)") }
                            let read = try await client.send(RedisCommand("GET", key))
                            if read == .bytes(Array(value.utf8)) { tally.matched += 1 } else { tally.wrong.append("GET \(value) -> \(read)") }
                        } catch RedisError.server {
                            tally.wrong.append("\(value): an error reply")
                        } catch {
                            tally.failed += 1
                        }
                    }
                    return tally
                }
            }
            var total = Tally()
            for try await tally in group { total.add(tally) }
            return total
        }
        for client in clients { await client.shutdown() }
        #expect(outcome.wrong.isEmpty, "\(outcome.wrong.count) replies belonged to another command: \(outcome.wrong.prefix(5))")
        #expect(outcome.matched > 0, "no SET/GET ever got through (\(outcome.failed) failed)")
    }

    struct Tally: Sendable {
        var matched = 0
        var failed = 0
        var wrong: [String] = []

        mutating func add(_ other: Tally) {
            matched += other.matched
            failed += other.failed
            wrong += other.wrong
        }
    }
}
