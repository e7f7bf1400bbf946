import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 child channel with `ConnectionLimits` applied: the connection cap at accept,
/// the header deadline in front of the HTTP decoder, and Hummingbird's own idle timeout.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    /// Why a connection over the cap does not reach the HTTP handler.
    struct Refused: Error {}

    private static let busyAnswer = ByteBuffer(
        string: "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
    )

    let http1: HTTP1Channel
    let limits: ConnectionLimits
    let registry: ConnectionRegistry

    init(responder: @escaping HTTPChannelHandler.Responder, limits: ConnectionLimits) {
        http1 = HTTP1Channel(
            responder: responder,
            configuration: .init(additionalChannelHandlers: [RequestPhaseHandler()], idleTimeout: TimeAmount(limits.idleTimeout))
        )
        self.limits = limits
        registry = ConnectionRegistry(maxConnections: limits.maxConnections)
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard registry.admit(channel) == .admitted else {
            logger.debug(
                "refusing a connection: every connection has a request in progress",
                metadata: ["maxConnections": "\(limits.maxConnections)"]
            )
            channel.writeAndFlush(Self.busyAnswer).whenComplete { _ in channel.close(promise: nil) }
            return channel.eventLoop.makeFailedFuture(Refused())
        }
        do {
            let deadlines = ConnectionDeadlineHandler(headerTimeout: limits.headerTimeout, registry: registry, logger: logger)
            try channel.pipeline.syncOperations.addHandler(deadlines, position: .first)
        } catch {
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(error)
        }
        return http1.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
