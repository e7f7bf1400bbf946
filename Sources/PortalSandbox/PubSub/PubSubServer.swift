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

    /// How long a shutdown waits for clients to close their side of streams that have ended.
    static let shutdownGrace: Duration = .seconds(2)

    /// Serves until graceful shutdown, which ends the open streams and then gives clients
    /// `shutdownGrace` to close theirs: a client holding the request side of an ended stream open must
    /// not keep the sandbox up.
    func run() async throws {
        simulator.acceptStreams()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            group.addTask {
                guard (try? await gracefulShutdown()) != nil else { return }
                simulator.endStreamsForShutdown()
                server.beginGracefulShutdown()
                try? await Task.sleep(for: Self.shutdownGrace)
            }
            _ = try await group.next()
            group.cancelAll()
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
