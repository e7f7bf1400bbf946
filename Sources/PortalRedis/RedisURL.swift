import Foundation

/// A Redis server's address.
public struct RedisEndpoint: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { "\(host):\(port)" }
}

/// Where Redis is: `redis://[[user]:password@]host[:port][/db]` (one server), or
/// `redis+sentinel://[[user]:password@]host:port,host:port,…/<master-name>[/db]` (the master the sentinels name;
/// the password is the data nodes', the sentinels are asked without one).
public struct RedisURL: Sendable, Equatable, CustomStringConvertible {
    public enum Topology: Sendable, Equatable {
        case standalone(RedisEndpoint)
        case sentinel(masterName: String, sentinels: [RedisEndpoint])
    }

    public let topology: Topology
    public let database: Int
    public let username: String?
    public let password: String?

    /// The one server, or the first sentinel.
    public var host: String { firstEndpoint.host }
    public var port: Int { firstEndpoint.port }

    private var firstEndpoint: RedisEndpoint {
        switch topology {
        case .standalone(let endpoint): endpoint
        case .sentinel(_, let sentinels): sentinels[0]
        }
    }

    private init(topology: Topology, database: Int, username: String?, password: String?) {
        self.topology = topology
        self.database = database
        self.username = username
        self.password = password
    }

    public init(_ text: String) throws(RedisError) {
        if text.hasPrefix("redis+sentinel://") {
            self = try Self.sentinel(text)
            return
        }
        if text.hasPrefix("redis+cluster://") {
            throw .invalidURL("redis+cluster:// (Redis Cluster) is not supported yet; use redis:// or redis+sentinel://")
        }
        guard let components = URLComponents(string: text), components.scheme == "redis",
            let host = components.host, !host.isEmpty
        else { throw .invalidURL("expected redis://[[user]:password@]host[:port][/db] or redis+sentinel://host:port,…/master[/db]") }
        let port = components.port ?? 6379
        guard (1...65535).contains(port) else { throw .invalidURL("port \(port) is out of range") }
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.init(
            topology: .standalone(RedisEndpoint(host: host, port: port)),
            database: try Self.database(path.isEmpty ? nil : path),
            username: components.user.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding },
            password: components.password.flatMap { $0.removingPercentEncoding }
        )
    }

    /// `redis+sentinel://[[user]:password@]host:port,…/<master-name>[/db]`, read by hand: URLComponents
    /// takes one host only.
    private static func sentinel(_ text: String) throws(RedisError) -> RedisURL {
        var rest = Substring(text.dropFirst("redis+sentinel://".count))
        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 {
                username = parts[0].isEmpty ? nil : parts[0].removingPercentEncoding
                password = parts[1].removingPercentEncoding
            } else {
                password = credentials.removingPercentEncoding
            }
        }
        let pieces = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count >= 2, pieces.count <= 3, let masterName = pieces[1].removingPercentEncoding, !masterName.isEmpty else {
            throw .invalidURL("expected redis+sentinel://host:port,host:port/<master-name>[/db]")
        }
        var sentinels: [RedisEndpoint] = []
        for address in pieces[0].split(separator: ",") {
            let hostAndPort = address.split(separator: ":")
            guard hostAndPort.count == 2, !hostAndPort[0].isEmpty, let port = Int(hostAndPort[1]), (1...65535).contains(port) else {
                throw .invalidURL("each sentinel is host:port, found \(address)")
            }
            sentinels.append(RedisEndpoint(host: String(hostAndPort[0]), port: port))
        }
        guard !sentinels.isEmpty else { throw .invalidURL("name at least one sentinel: redis+sentinel://host:port/<master-name>") }
        return RedisURL(
            topology: .sentinel(masterName: masterName, sentinels: sentinels),
            database: try database(pieces.count == 3 && !pieces[2].isEmpty ? String(pieces[2]) : nil),
            username: username,
            password: password
        )
    }

    private static func database(_ text: String?) throws(RedisError) -> Int {
        guard let text else { return 0 }
        guard let database = Int(text), database >= 0 else { throw .invalidURL("the database must be a number") }
        return database
    }

    /// The URL without its password, for logs.
    public var description: String {
        let credentials = password == nil ? "" : "\(username ?? ""):***@"
        switch topology {
        case .standalone(let endpoint):
            return "redis://\(credentials)\(endpoint)/\(database)"
        case .sentinel(let masterName, let sentinels):
            return "redis+sentinel://\(credentials)\(sentinels.map(\.description).joined(separator: ","))/\(masterName)/\(database)"
        }
    }
}
