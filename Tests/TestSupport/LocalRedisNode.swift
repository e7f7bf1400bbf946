import Foundation
import PortalRedis

/// One command to the Redis server on a loopback `port`, on a connection of its own: how the local
/// Sentinel and Cluster sets look at their nodes, apart from the client under test.
public func askLocalRedis(port: Int, _ command: RedisCommand) async throws -> RedisValue {
    let client = RedisClient(configuration: RedisConfiguration(url: try RedisURL("redis://127.0.0.1:\(port)"), poolSize: 1))
    return try await withTeardown(client, stop: { await $0.shutdown() }) { client in try await client.send(command) }
}

/// `eventually`, for a condition that may throw while a server set settles (a node not yet answering):
/// a throw counts as not yet.
public func eventuallyTolerating(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
    try await eventually(what, timeout: timeout) { (try? await condition()) == true }
}

/// Something a local server set waits for did not happen in time.
public struct NotReady: Error, CustomStringConvertible {
    public let what: String
    public var description: String { "\(what) did not happen in time" }

    public init(what: String) {
        self.what = what
    }
}

/// One local Sentinel set or cluster at a time in the test process: each is five or six servers whose
/// start (replica sync, sentinels finding each other, `--cluster create`) loads two cores enough to make
/// the timing suites running beside it miss. Taken by `start()`, given back by `stop()` or a failed start.
public actor LocalTopologyLock {
    public static let shared = LocalTopologyLock()
    private var isHeld = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public func acquire() async {
        guard isHeld else {
            isHeld = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Takes the lock and runs `start`; gives the lock back if `start` throws.
    public func acquire(toStart start: () async throws -> Void) async throws {
        await acquire()
        do {
            try await start()
        } catch {
            release()
            throw error
        }
    }

    public func release() {
        if waiting.isEmpty { isHeld = false } else { waiting.removeFirst().resume() }
    }
}
