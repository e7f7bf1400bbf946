import GRPCCore
import GRPCNIOTransportHTTP2
import ServiceLifecycle

/// Serves the Pub/Sub simulator over plaintext HTTP/2 on its own port. A graceful shutdown first ends the
/// open Subscribe streams (they would otherwise keep the server up forever), then stops accepting.
struct PubSubServer: Service {
    let simulator: PubSubSimulator
    private let server: GRPCServer<HTTP2ServerTransport.Posix>

    init(simulator: PubSubSimulator, host: String, port: Int) {
        self.simulator = simulator
        let config = HTTP2ServerTransport.Posix.Config.defaults { config in
            // Subscribers are told to turn HTTP/2 keepalive pings on; accept them as Salesforce does.
            config.connection.keepalive.clientBehavior = .init(minPingIntervalWithoutCalls: .seconds(5), allowWithoutCalls: true)
        }
        let address: GRPCNIOTransportCore.SocketAddress = host.contains(":") ? .ipv6(host: host, port: port) : .ipv4(host: host, port: port)
        let transport = HTTP2ServerTransport.Posix(address: address, transportSecurity: .plaintext, config: config)
        server = GRPCServer(transport: transport, services: [simulator])
    }

    func run() async throws {
        simulator.acceptStreams()
        try await withGracefulShutdownHandler {
            try await server.serve()
        } onGracefulShutdown: {
            simulator.endStreamsForShutdown()
            server.beginGracefulShutdown()
        }
    }

    /// Where the server listens, once it does.
    func endpoint() async throws -> PubSubEndpoint {
        let address = try await server.transport.listeningAddress
        if let ipv4 = address.ipv4 { return PubSubEndpoint(host: ipv4.host, port: ipv4.port) }
        if let ipv6 = address.ipv6 { return PubSubEndpoint(host: ipv6.host, port: ipv6.port) }
        throw SandboxDidNotStart()
    }
}
