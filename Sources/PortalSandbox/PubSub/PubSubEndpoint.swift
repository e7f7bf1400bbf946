/// Where the Pub/Sub simulator listens: plaintext HTTP/2 (no TLS) on loopback.
public struct PubSubEndpoint: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`, as gRPC targets are written.
    public var description: String { "\(host):\(port)" }

    /// The placeholder of `Sandbox.inProcessBaseURLs`: no socket listens there; serve `Sandbox.pubSubService`
    /// over an in-process gRPC transport instead.
    public static let inProcess = PubSubEndpoint(host: "pubsub.in-process.invalid", port: 0)
}
