import Foundation
import PortalRedis
import PortalSupport

/// A local Sentinel set on loopback: one master, one replica and three sentinels watching them (quorum 2,
/// the master down after `downAfter`), as redis-topologies.md describes, for tests of failover.
public final class SentinelSet: @unchecked Sendable {
    public static let masterName = "portal"

    public let master: OwnRedisServer
    public let replica: OwnRedisServer
    public let sentinelPorts: [Int]
    private var sentinels: [Process] = []
    private let directory: URL
    private let downAfter: Duration

    public init(downAfter: Duration = .milliseconds(1000)) throws {
        master = try OwnRedisServer()
        replica = try OwnRedisServer(arguments: ["--replicaof", "127.0.0.1", String(master.port)])
        sentinelPorts = try (0..<3).map { _ in try OwnRedisServer.freePort() }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sentinels-\(UUID().uuidString)")
        self.downAfter = downAfter
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        for sentinel in sentinels where sentinel.isRunning { kill(sentinel.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// `redis+sentinel://` naming the three sentinels and the master, database `database`.
    public func url(database: Int = 0) -> String {
        "redis+sentinel://\(sentinelPorts.map { "127.0.0.1:\($0)" }.joined(separator: ","))/\(Self.masterName)/\(database)"
    }

    /// Starts the servers and the sentinels; returns once every sentinel knows the replica and the other two.
    private var holdsTopologyLock = false

    /// Starts the set once no other local set runs in this process (`LocalTopologyLock`).
    public func start() async throws {
        try await LocalTopologyLock.shared.acquire(toStart: startProcesses)
        holdsTopologyLock = true
    }

    private func startProcesses() async throws {
        try await master.start()
        try await replica.start()
        // Sentinels learn of replicas from the master's INFO, which they read again only every 10 s: the
        // replica must be attached before they first look.
        try await eventuallyTolerating("the replica attached to the master") {
            guard case .array(let role) = try await self.ask(self.master.port, RedisCommand("ROLE")), role.count == 3,
                case .array(let replicas) = role[2]
            else { return false }
            return !replicas.isEmpty
        }
        for port in sentinelPorts {
            let file = directory.appendingPathComponent("sentinel-\(port).conf")
            let milliseconds = Int(downAfter.seconds * 1000)
            try """
            port \(port)
            bind 127.0.0.1
            dir \(directory.path)
            sentinel monitor \(Self.masterName) 127.0.0.1 \(master.port) 2
            sentinel down-after-milliseconds \(Self.masterName) \(milliseconds)
            sentinel failover-timeout \(Self.masterName) 5000
            sentinel parallel-syncs \(Self.masterName) 1

            """.write(to: file, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["redis-server", file.path, "--sentinel"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            sentinels.append(process)
        }
        for port in sentinelPorts {
            try await eventuallyTolerating("sentinel \(port) knows the replica and the other sentinels") {
                let master = try await self.ask(port, RedisCommand("SENTINEL", "MASTER", RedisArgument(Self.masterName)))
                let fields = Self.fields(master)
                return fields["num-slaves"] == "1" && fields["num-other-sentinels"] == "2"
            }
        }
    }

    /// The master's port as a sentinel names it now.
    public func masterPort(askingSentinel index: Int = 0) async throws -> Int? {
        let reply = try await ask(sentinelPorts[index], RedisCommand("SENTINEL", "get-master-addr-by-name", RedisArgument(Self.masterName)))
        guard case .array(let address) = reply, address.count == 2 else { return nil }
        return address[1].string.flatMap { Int($0) }
    }

    /// Asks the sentinels to fail over now, the master staying up (it becomes a replica).
    public func failOver() async throws {
        _ = try await ask(sentinelPorts[0], RedisCommand("SENTINEL", "FAILOVER", RedisArgument(Self.masterName)))
    }

    public func stop() async {
        for sentinel in sentinels where sentinel.isRunning { kill(sentinel.processIdentifier, SIGKILL) }
        sentinels.removeAll()
        try? await master.stop()
        try? await replica.stop()
        if holdsTopologyLock {
            holdsTopologyLock = false
            await LocalTopologyLock.shared.release()
        }
    }

    private func ask(_ port: Int, _ command: RedisCommand) async throws -> RedisValue {
        try await askLocalRedis(port: port, command)
    }

    private static func fields(_ reply: RedisValue) -> [String: String] {
        guard case .array(let flat) = reply else { return [:] }
        var fields: [String: String] = [:]
        for index in stride(from: 0, to: flat.count - 1, by: 2) {
            if let key = flat[index].string, let value = flat[index + 1].string { fields[key] = value }
        }
        return fields
    }
}
