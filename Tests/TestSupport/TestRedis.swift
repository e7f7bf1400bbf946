import Foundation
import PortalRedis

/// The redis-server `make test` started (its URL in `REDIS_URL`). Suites that need it are enabled only
/// when it is there; `scripts/test.sh` refuses to run without it, so under `make test` they always run.
public enum TestRedis {
    public static let url: String? = ProcessInfo.processInfo.environment["REDIS_URL"]
    public static let isAvailable = url != nil

    /// Whether `REDIS_URL` names a Redis Cluster (`scripts/test.sh` runs the Redis-backed suites again on one).
    public static let isCluster = url?.hasPrefix("redis+cluster://") == true

    /// The same server's database `database`, for suites that must not see the others' keys; on a cluster,
    /// which has database 0 only, the cluster (its pass runs the suites one at a time).
    public static func url(database: Int) -> String? {
        guard let url, !isCluster else { return url }
        var base = Substring(url)
        if let slash = base.lastIndex(of: "/"), base[base.index(after: slash)...].allSatisfy(\.isNumber), base[..<slash].hasSuffix("/") == false,
            base[..<slash].contains(":")
        {
            base = base[..<slash]
        }
        return "\(base)/\(database)"
    }

    /// A client of that server. Its commands may wait up to `acquireTimeout` for a connection: the tests'
    /// own set-up and checks should not fail because a loaded CI machine was slow to hand one over.
    public static func client(poolSize: Int = 4, acquireTimeout: Duration = .seconds(5)) throws -> RedisClient {
        RedisClient(configuration: RedisConfiguration(url: try RedisURL(url ?? ""), poolSize: poolSize, acquireTimeout: acquireTimeout))
    }

    /// A key prefix no other test uses, so tests can share one server and run in parallel.
    public static func uniquePrefix(_ name: String = #function) -> String {
        "test:\(name.prefix(while: { $0 != "(" })):\(UUID().uuidString)"
    }
}

/// A redis-server of the test's own, on a free loopback port, for tests that stop and restart Redis or
/// need it to ask for a password (`requirepass`).
public final class OwnRedisServer: @unchecked Sendable {
    public let port: Int
    public let password: String?
    private let arguments: [String]
    private var process: Process?
    private let directory: URL

    /// `arguments` are added to redis-server's (e.g. `--replicaof 127.0.0.1 PORT`).
    /// `port` defaults to a free one (`freePort()`).
    public init(password: String? = nil, arguments: [String] = [], port: Int? = nil) throws {
        self.password = password
        self.arguments = arguments
        self.port = try port ?? Self.freePort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("own-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        if let process { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Whether the process started and has not exited.
    public var isRunning: Bool { process?.isRunning == true }

    /// Its database 0, with the password when it asks for one.
    public var url: String { url(database: 0) }

    public func url(database: Int, password: String? = nil) -> String {
        let secret = password ?? self.password
        return "redis://\(secret.map { ":\($0)@" } ?? "")127.0.0.1:\(port)/\(database)"
    }

    /// Starts the server and returns once it answers PING (asked every 10 ms).
    public func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["redis-server", "--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", directory.path]
            + ["--logfile", directory.appendingPathComponent("redis.log").path]
            + (password.map { ["--requirepass", $0] } ?? []) + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let client = RedisClient(
            configuration: RedisConfiguration(
                url: try RedisURL(url),
                poolSize: 1,
                initialBackoff: .milliseconds(10),
                maximumBackoff: .milliseconds(10)
            )
        )
        try await withTeardown(client, stop: { await $0.shutdown() }) { client in
            for _ in 0..<500 {
                if (try? await client.send(RedisCommand("PING"))) == .status("PONG") { return }
                try await Task.sleep(for: .milliseconds(10))
            }
            let log = (try? String(contentsOf: directory.appendingPathComponent("redis.log"), encoding: .utf8)) ?? ""
            throw ServerDidNotStart(log: String(log.suffix(600)))
        }
    }

    /// Starts a server of its own for `body`, with a one-connection client to it; both are stopped when
    /// `body` returns or throws.
    public static func withClient<Result>(_ body: (RedisClient, _ url: String) async throws -> Result) async throws -> Result {
        let server = try OwnRedisServer()
        try await server.start()
        let redis = RedisClient(configuration: RedisConfiguration(url: try RedisURL(server.url), poolSize: 1))
        return try await withTeardown(
            redis,
            stop: { redis in
                await redis.shutdown()
                try? await server.stop()
            }
        ) { redis in try await body(redis, server.url) }
    }

    /// Freezes the server (SIGSTOP): its connections stay open and it answers nothing, as a replica cut off
    /// or stalled would; `resume` thaws it.
    public func pause() {
        if let process { kill(process.processIdentifier, SIGSTOP) }
    }

    public func resume() {
        if let process { kill(process.processIdentifier, SIGCONT) }
    }

    /// Kills the server (SIGKILL: no goodbye to clients) and waits until it has exited, without blocking a
    /// concurrency thread.
    public func stop() async throws {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<200 where process.isRunning {
            try await Task.sleep(for: .milliseconds(10))
        }
        self.process = nil
    }

    /// The keys of `database` as `redis-cli` lists them: an observer apart from the client under test.
    public func keys(in database: Int) async throws -> [String] {
        let arguments =
            ["redis-cli", "-h", "127.0.0.1", "-p", String(port), "-n", String(database), "--no-auth-warning"]
            + (password.map { ["-a", $0] } ?? []) + ["--raw", "KEYS", "*"]
        return try await offThePool {
            let process = Process()
            let output = Pipe()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw RedisCLIFailed(status: process.terminationStatus) }
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).sorted()
        }
    }

    /// The server did not answer in time (or no port was free); `log` is the end of what it wrote.
    public struct ServerDidNotStart: Error {
        public var log = ""
    }
    public struct RedisCLIFailed: Error {
        public let status: Int32
    }

    /// A loopback port nothing listens on now (bound, then released).
    public static func freePort() throws -> Int {
        try bind(port: 0)
    }

    /// A free port whose cluster bus port (10 000 above it, as Redis Cluster takes it) is free too, both
    /// below Linux's ephemeral range (32768 up), where the test run's own outgoing connections could take
    /// the bus port between this check and the server's start.
    public static func freeClusterPort() throws -> Int {
        for _ in 0..<100 {
            let port = Int.random(in: 10_000..<22_000)
            if (try? bind(port: port)) != nil, (try? bind(port: port + 10_000)) != nil { return port }
        }
        throw ServerDidNotStart()
    }

    /// Binds `port` on loopback (0: any) and returns the port bound, released again at once.
    private static func bind(port: Int) throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw ServerDidNotStart() }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
