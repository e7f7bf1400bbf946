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
        let client = RedisClient(configuration: RedisConfiguration(
            url: try RedisURL(server.url), poolSize: 1, commandTimeout: .milliseconds(100), acquireTimeout: .seconds(10),
            initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(20)))
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
                    } catch .server {
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
            RedisClient(configuration: RedisConfiguration(
                url: url, poolSize: 2, commandTimeout: .milliseconds(milliseconds), acquireTimeout: .seconds(10),
                initialBackoff: .milliseconds(1), maximumBackoff: .milliseconds(5)))
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
                        } catch .server {
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

    /// What a stray `close` elsewhere in the process does (a descriptor closed twice, its number handed to
    /// another connection meanwhile), made deterministic with `dup2`: one client's descriptor number comes
    /// to name another client's socket, on another database. The client must never answer from it.
    @Test func aConnectionWhoseDescriptorNowNamesAnotherSocketNeverAnswersFromIt() async throws {
        let server = try OwnRedisServer()
        try await server.start()
        let mine = RedisClient(configuration: RedisConfiguration(
            url: try RedisURL(server.url), poolSize: 1, acquireTimeout: .seconds(10), initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(20)))
        let other = RedisClient(configuration: RedisConfiguration(url: try RedisURL("redis://127.0.0.1:\(server.port)/5"), poolSize: 1, acquireTimeout: .seconds(10)))
        let key = RedisArgument("customer-data")
        try await mine.send(RedisCommand("SET", key, "mine"))
        try await other.send(RedisCommand("SET", key, "another customer's"))
        let mineDescriptor = try #require(try await descriptor(of: mine, named: "mine", server: server))
        let otherDescriptor = try #require(try await descriptor(of: other, named: "other", server: server))
        try #require(dup2(otherDescriptor, mineDescriptor) == mineDescriptor)
        var firstAnswer: Result<RedisValue, RedisError>?
        var answer: RedisValue?
        for _ in 0..<50 where answer == nil {
            do {
                let read = try await mine.send(RedisCommand("GET", key))
                firstAnswer = firstAnswer ?? .success(read)
                #expect(read == .bytes(Array("mine".utf8)), "answered from another connection: \(read)")
                answer = read
            } catch {
                firstAnswer = firstAnswer ?? .failure(error)
                if case .server = error { Issue.record("error reply") }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        #expect(answer == .bytes(Array("mine".utf8)))
        await mine.shutdown()
        await other.shutdown()
        // The client gave the descriptor up without closing it (it names the other socket); it is ours to close.
        if case .failure = firstAnswer { close(mineDescriptor) }
    }

    /// The descriptor of `client`'s one connection to `server`, found by the port Redis reports for it.
    private func descriptor(of client: RedisClient, named name: String, server: OwnRedisServer) async throws -> Int32? {
        try await client.send(RedisCommand("CLIENT", "SETNAME", RedisArgument(name)))
        let list = try await client.send(RedisCommand("CLIENT", "LIST")).string ?? ""
        guard let line = list.split(separator: "\n").first(where: { $0.contains(" name=\(name) ") }),
              let address = line.split(separator: " ").first(where: { $0.hasPrefix("addr=") }),
              let port = address.split(separator: ":").last.flatMap({ Int($0) })
        else { return nil }
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").compactMap { Int32($0) }
        return descriptors.first { Self.port($0, getsockname) == port && Self.port($0, getpeername) == server.port }
    }

    private static func port(_ descriptor: Int32, _ read: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32) -> Int? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let status = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { read(descriptor, $0, &length) } }
        guard status == 0, address.sin_family == sa_family_t(AF_INET) else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
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
