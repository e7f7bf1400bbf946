import HummingbirdCore

extension HTTPServerBuilder {
    /// HTTP/1.1 with `limits` enforced on every connection.
    static func http1(limits: ConnectionLimits) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in GuardedHTTP1Channel(responder: responder, limits: limits) }
    }
}
