import GRPCNIOTransportHTTP2

extension SalesforcePubSubSettings {
    /// HTTP/2 to `host`:`port`, TLS with the system trust roots (or plaintext), with keepalive pings on
    /// while a stream is open (grpc-swift leaves them off).
    func posixTransport() throws -> HTTP2ClientTransport.Posix {
        let config = HTTP2ClientTransport.Posix.Config.defaults { config in
            config.connection.keepalive = .init(time: keepaliveInterval, timeout: keepaliveTimeout, allowWithoutCalls: false)
        }
        return try HTTP2ClientTransport.Posix(
            target: .dns(host: host, port: port),
            transportSecurity: tls ? .tls : .plaintext,
            config: config
        )
    }
}
