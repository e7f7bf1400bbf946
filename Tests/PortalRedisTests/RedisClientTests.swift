import Foundation
import PortalRedis
import TestSupport
import Testing

@Suite("Redis client", .enabled(if: TestRedis.isAvailable, "needs REDIS_URL (make test starts redis-server)"))
struct RedisClientTests {
    @Test func setThenGetRoundTrips() async throws {
        let client = try TestRedis.client()
        let key = TestRedis.uniquePrefix()
        try await client.send(RedisCommand("SET", RedisArgument(key), "value", "PX", 60000))
        #expect(try await client.send(RedisCommand("GET", RedisArgument(key))) == .bytes(Array("value".utf8)))
    }

    @Test func valuesAndKeysAreBinarySafe() async throws {
        let client = try TestRedis.client()
        let key = Array(TestRedis.uniquePrefix().utf8) + [0, 13, 10, 32, 255]
        let value = (0...255).map(UInt8.init) + [0, 0, 13, 10]
        try await client.send(RedisCommand("SET", RedisArgument(key), RedisArgument(value), "PX", 60000))
        #expect(try await client.send(RedisCommand("GET", RedisArgument(key))).bytes == value)
    }

    @Test func aPipelineAnswersInOrderAndKeepsErrorRepliesInPlace() async throws {
        let client = try TestRedis.client()
        let key = TestRedis.uniquePrefix()
        let replies = try await client.pipeline([
            RedisCommand("SET", RedisArgument(key), "1", "PX", 60000),
            RedisCommand("INCR", RedisArgument(key)),
            RedisCommand("HGET", RedisArgument(key), "field"),
            RedisCommand("GET", RedisArgument(key + ":absent")),
        ])
        #expect(replies[0] == .status("OK"))
        #expect(replies[1] == .integer(2))
        guard case .error(let message) = replies[2] else {
            Issue.record("expected WRONGTYPE, got \(replies[2])")
            return
        }
        #expect(RedisServerErrorCode(reply: message) == .wrongType)
        #expect(replies[3] == .null)
    }

    @Test func anErrorReplyToOneCommandThrowsServer() async throws {
        let client = try TestRedis.client()
        await #expect(throws: RedisError.server(code: .err, message: "ERR unknown command 'NOSUCHCOMMAND', with args beginning with: ")) {
            try await client.send(RedisCommand("NOSUCHCOMMAND"))
        }
        #expect(try await client.send(RedisCommand("PING")) == .status("PONG"))
    }

    @Test func anErrorReplyCarriesTheServersCodeToSwitchOn() async throws {
        let client = try TestRedis.client()
        let stream = TestRedis.uniquePrefix() + ":stream"
        let create = RedisCommand("XGROUP", "CREATE", RedisArgument(stream), "group", "0", "MKSTREAM")
        try await client.send(create)
        #expect(await Self.serverCode(of: create, on: client) == .busyGroup)
        #expect(await Self.serverCode(of: RedisCommand("EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", 0), on: client) == .noScript)
        _ = try? await client.send(RedisCommand("DEL", RedisArgument(stream)))
    }

    /// The code of the error reply `command` gets; nil when it succeeds or fails otherwise.
    private static func serverCode(of command: RedisCommand, on client: RedisClient) async -> RedisServerErrorCode? {
        do throws(RedisError) {
            try await client.send(command)
            return nil
        } catch {
            guard case .server(let code, _) = error else { return nil }
            return code
        }
    }

    @Test func manyTasksShareABoundedPool() async throws {
        let client = try TestRedis.client(poolSize: 3)
        let prefix = TestRedis.uniquePrefix()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<60 {
                group.addTask {
                    for step in 0..<20 {
                        let key = RedisArgument("\(prefix):\(task)")
                        let value = RedisArgument("\(task)-\(step)")
                        try await client.send(RedisCommand("SET", key, value, "PX", 60000))
                        #expect(try await client.send(RedisCommand("GET", key)).string == "\(task)-\(step)")
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func aCommandThatWaitsLongerThanTheAcquireTimeoutFailsWithPoolExhausted() async throws {
        let base = try RedisURL(TestRedis.url ?? "")
        let client = RedisClient(
            configuration: RedisConfiguration(
                url: base,
                poolSize: 1,
                commandTimeout: .seconds(2),
                acquireTimeout: .milliseconds(50)
            )
        )
        let list = RedisArgument(TestRedis.uniquePrefix())
        async let blocking = client.send(RedisCommand("BLPOP", list, "0.3"))
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: RedisError.poolExhausted) { try await client.send(RedisCommand("PING")) }
        #expect(try await blocking == .null)
        #expect(try await client.send(RedisCommand("PING")) == .status("PONG"))
    }

    @Test func concurrentCommandsOnOneConnectionAreAllApplied() async throws {
        let client = try TestRedis.client(poolSize: 1)
        let key = RedisArgument(TestRedis.uniquePrefix())
        try await client.send(RedisCommand("SET", key, "0", "PX", 60000))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 { group.addTask { try await client.send(RedisCommand("INCR", key)) } }
            try await group.waitForAll()
        }
        #expect(try await client.send(RedisCommand("GET", key)).string == "200")
    }

    @Test func anUnreachableServerIsReportedThenTheClientBacksOff() async throws {
        let server = try OwnRedisServer()
        // A wait of at least half an hour: a loaded machine may take many seconds between the two commands.
        let client = RedisClient(
            configuration: RedisConfiguration(url: try RedisURL(server.url), initialBackoff: .seconds(3600), maximumBackoff: .seconds(3600))
        )
        await #expect {
            try await client.send(RedisCommand("PING"))
        } throws: { error in
            if case .connectFailed = error as? RedisError { true } else { false }
        }
        await #expect(throws: RedisError.backingOff) { try await client.send(RedisCommand("PING")) }
    }

    @Test func theClientReconnectsAfterRedisRestarts() async throws {
        let server = try OwnRedisServer()
        try await server.start()
        let client = RedisClient(
            configuration: RedisConfiguration(
                url: try RedisURL(server.url),
                poolSize: 2,
                initialBackoff: .milliseconds(20),
                maximumBackoff: .milliseconds(100)
            )
        )
        #expect(try await client.send(RedisCommand("PING")) == .status("PONG"))
        try await server.stop()
        await #expect(throws: RedisError.self) { try await client.send(RedisCommand("PING")) }
        try await server.start()
        var answer: RedisValue?
        for _ in 0..<50 where answer == nil {
            answer = try? await client.send(RedisCommand("PING"))
            if answer == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(answer == .status("PONG"))
    }

    @Test func aPasswordAndDatabaseFromTheURLAreUsed() async throws {
        let password = "test-\(UUID().uuidString)"
        let server = try OwnRedisServer(password: password)
        try await server.start()
        let key = TestRedis.uniquePrefix()
        let inDatabase5 = RedisClient(configuration: RedisConfiguration(url: try RedisURL(server.url(database: 5))))
        let inDatabase0 = RedisClient(configuration: RedisConfiguration(url: try RedisURL(server.url(database: 0))))
        let wrongPassword = RedisClient(configuration: RedisConfiguration(url: try RedisURL(server.url(database: 5, password: "nope"))))
        try await withTeardown(
            (inDatabase5, inDatabase0, wrongPassword),
            stop: { clients in
                await clients.0.shutdown()
                await clients.1.shutdown()
                await clients.2.shutdown()
                try? await server.stop()
            }
        ) { clients in
            let (inDatabase5, inDatabase0, wrongPassword) = clients
            try await inDatabase5.send(RedisCommand("SET", RedisArgument(key), "in-db-5", "PX", 60000))
            #expect(try await inDatabase5.send(RedisCommand("GET", RedisArgument(key))).string == "in-db-5")
            #expect(try await server.keys(in: 5) == [key], "the key is in database 5")
            #expect(try await server.keys(in: 0) == [], "and not in database 0")
            #expect(try await inDatabase0.send(RedisCommand("GET", RedisArgument(key))) == .null)
            await #expect {
                try await wrongPassword.send(RedisCommand("GET", RedisArgument(key)))
            } throws: { error in
                if case .connectFailed(let text) = error as? RedisError { !text.contains("nope") && !text.contains(password) } else { false }
            }
        }
    }
}
