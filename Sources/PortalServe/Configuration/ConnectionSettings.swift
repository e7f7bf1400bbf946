import Configuration
import PortalAPI
import PortalSupport

/// How many connections the server holds and for how long, read from the configuration and the process's
/// open-file limit.
///
/// Keys: `http.maxConnections` (default: three quarters of the open-file limit, at most 10000): the cap on
/// open client connections, which must leave `reservedDescriptors` of the limit for Redis, upstream
/// sockets and files; `http.idleTimeoutSeconds` (60): how long a connection with no request in progress
/// is kept; `http.headerTimeoutSeconds` (10): how long a client may take to send a request head.
struct ConnectionSettings: Sendable, Equatable {
    let limits: ConnectionLimits

    /// Descriptors kept out of the cap: a quarter of the limit, at least 128.
    static func reservedDescriptors(openFiles: Int) -> Int { max(128, openFiles / 4) }
    static let defaultCeiling = 10_000

    init(config: ConfigReader, openFiles: Int) throws(ConfigurationError) {
        let allowed = openFiles - Self.reservedDescriptors(openFiles: openFiles)
        guard allowed >= 1 else {
            throw .init(
                key: "http.maxConnections",
                problem: "the open-file limit (\(openFiles)) leaves no descriptors for connections; raise it (ulimit -n)"
            )
        }
        let maxConnections = config.int(forKey: "http.maxConnections", default: min(allowed, Self.defaultCeiling))
        guard (1...allowed).contains(maxConnections) else {
            throw .init(
                key: "http.maxConnections",
                problem:
                    "must be 1...\(allowed): the open-file limit (\(openFiles)) less \(Self.reservedDescriptors(openFiles: openFiles)) for Redis, upstreams and files"
            )
        }
        let idle = config.int(forKey: "http.idleTimeoutSeconds", default: 60)
        guard (1...3600).contains(idle) else { throw .init(key: "http.idleTimeoutSeconds", problem: "must be 1...3600") }
        let header = config.int(forKey: "http.headerTimeoutSeconds", default: 10)
        guard (1...300).contains(header) else { throw .init(key: "http.headerTimeoutSeconds", problem: "must be 1...300") }
        limits = ConnectionLimits(maxConnections: maxConnections, idleTimeout: .seconds(idle), headerTimeout: .seconds(header))
    }
}
