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

/// Where Redis is: `redis://[[user]:password@]host[:port][/db]` (one server),
/// `redis+sentinel://[[user]:password@]host:port,host:port,…/<master-name>[/db]` (the master the sentinels name;
/// the password is the data nodes', the sentinels are asked without one), or
/// `redis+cluster://[[user]:password@]host:port,host:port,…` (a Redis Cluster, found from these seed nodes;
/// database 0 only).
public struct RedisURL: Sendable, Equatable, CustomStringConvertible {
    public enum Topology: Sendable, Equatable {
        case standalone(RedisEndpoint)
        case sentinel(masterName: String, sentinels: [RedisEndpoint])
        case cluster(seeds: [RedisEndpoint])
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
        case .cluster(let seeds): seeds[0]
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
            self = try Self.cluster(text)
            return
        }
        guard let components = URLComponents(string: text), components.scheme == "redis",
            let host = components.host, !host.isEmpty
        else {
            throw .invalidURL(
                "expected redis://[[user]:password@]host[:port][/db], redis+sentinel://host:port,…/master[/db] or redis+cluster://host:port,…"
            )
        }
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
        let (username, password, rest) = credentials(of: text.dropFirst("redis+sentinel://".count))
        let pieces = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count >= 2, pieces.count <= 3, let masterName = pieces[1].removingPercentEncoding, !masterName.isEmpty else {
            throw .invalidURL("expected redis+sentinel://host:port,host:port/<master-name>[/db]")
        }
        let sentinels = try endpoints(pieces[0], naming: "sentinel")
        return RedisURL(
            topology: .sentinel(masterName: masterName, sentinels: sentinels),
            database: try database(pieces.count == 3 && !pieces[2].isEmpty ? String(pieces[2]) : nil),
            username: username,
            password: password
        )
    }

    /// `redis+cluster://[[user]:password@]host:port,…[/]`: seed nodes, database 0.
    private static func cluster(_ text: String) throws(RedisError) -> RedisURL {
        let (username, password, rest) = credentials(of: text.dropFirst("redis+cluster://".count))
        let pieces = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 1 || (pieces.count == 2 && (pieces[1].isEmpty || pieces[1] == "0")) else {
            throw .invalidURL("a Redis Cluster has database 0 only: redis+cluster://host:port,host:port")
        }
        return RedisURL(topology: .cluster(seeds: try endpoints(pieces[0], naming: "seed node")), database: 0, username: username, password: password)
    }

    /// `[[user]:password@]` and what follows it.
    private static func credentials(of text: Substring) -> (username: String?, password: String?, rest: Substring) {
        guard let at = text.lastIndex(of: "@") else { return (nil, nil, text) }
        let credentials = text[..<at]
        let rest = text[text.index(after: at)...]
        let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return (nil, credentials.removingPercentEncoding, rest) }
        return (parts[0].isEmpty ? nil : parts[0].removingPercentEncoding, parts[1].removingPercentEncoding, rest)
    }

    /// `host:port,host:port`: at least one.
    private static func endpoints(_ list: Substring, naming role: String) throws(RedisError) -> [RedisEndpoint] {
        var endpoints: [RedisEndpoint] = []
        for address in list.split(separator: ",") {
            let hostAndPort = address.split(separator: ":")
            guard hostAndPort.count == 2, !hostAndPort[0].isEmpty, let port = Int(hostAndPort[1]), (1...65535).contains(port) else {
                throw .invalidURL("each \(role) is host:port, found \(address)")
            }
            endpoints.append(RedisEndpoint(host: String(hostAndPort[0]), port: port))
        }
        guard !endpoints.isEmpty else { throw .invalidURL("name at least one \(role) as host:port") }
        return endpoints
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
        case .cluster(let seeds):
            return "redis+cluster://\(credentials)\(seeds.map(\.description).joined(separator: ","))"
        }
    }
}
