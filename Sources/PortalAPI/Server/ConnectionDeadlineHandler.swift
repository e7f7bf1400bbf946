import Logging
import NIOCore

/// First in a connection's pipeline, where it sees the bytes:
/// - closes the connection when a request head is not complete within the header timeout, counted from
///   the connection's start or from the first byte of a later request (an idle keep-alive connection is
///   left to the idle timeout);
/// - when an answer goes out before its request's body was read (413, or 400 for broken framing), shuts
///   the output once the answer is flushed and closes the connection a header timeout later, so the
///   client can read the answer but cannot keep the server reading a body nobody wants;
/// - tells the registry whether the connection has a request in progress.
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let headerTimeout: TimeAmount
    private let registry: ConnectionRegistry
    private let logger: Logger
    private var headsReceived = 0
    private var requestsEnded = 0
    private var responsesEnded = 0
    private var closeAfterFlush = false
    /// The output is shut and the connection waits only for its final close.
    private var lingering = false
    private var deadline: Scheduled<Void>?

    init(headerTimeout: Duration, registry: ConnectionRegistry, logger: Logger) {
        self.headerTimeout = TimeAmount(headerTimeout)
        self.registry = registry
        self.logger = logger
    }

    private var requestsInProgress: Int { headsReceived - responsesEnded }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armHeadDeadline(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadline()
    }

    func channelActive(context: ChannelHandlerContext) {
        armHeadDeadline(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadline()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if requestsInProgress == 0, !closeAfterFlush { armHeadDeadline(context) }
        context.fireChannelRead(data)
    }

    func flush(context: ChannelHandlerContext) {
        context.flush()
        guard closeAfterFlush else { return }
        closeAfterFlush = false
        lingering = true
        context.close(mode: .output, promise: nil)
        cancelDeadline()
        schedule(context, "closing a connection whose answer went out before its request body was read")
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let phase = event as? RequestPhase else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        switch phase {
        case .headReceived:
            if !lingering { cancelDeadline() }
            headsReceived += 1
            if requestsInProgress == 1 { registry.setIdle(context.channel, false) }
        case .requestEnded:
            requestsEnded += 1
        case .responseEnded:
            responsesEnded += 1
            if requestsEnded < responsesEnded { closeAfterFlush = true }
            if requestsInProgress == 0 { registry.setIdle(context.channel, true) }
        }
        promise?.succeed(())
    }

    private func armHeadDeadline(_ context: ChannelHandlerContext) {
        guard deadline == nil, !lingering, context.channel.isActive else { return }
        schedule(context, "closing a connection whose request head did not arrive in time")
    }

    private func schedule(_ context: ChannelHandlerContext, _ reason: Logger.Message) {
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: headerTimeout) {
            let (handler, context) = loopBound.value
            handler.deadline = nil
            guard handler.requestsInProgress == 0 || handler.lingering else { return }
            handler.logger.debug(reason)
            context.close(promise: nil)
        }
    }

    private func cancelDeadline() {
        deadline?.cancel()
        deadline = nil
    }
}
