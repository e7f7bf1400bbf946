import NIOCore
import NIOHTTPTypes

/// Reports each decoded request head and request end, and each finished response, as `RequestPhase`
/// outbound events.
final class RequestPhaseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: context.triggerUserOutboundEvent(RequestPhase.headReceived, promise: nil)
        case .end: context.triggerUserOutboundEvent(RequestPhase.requestEnded, promise: nil)
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        context.write(data, promise: promise)
        if case .end = part { context.triggerUserOutboundEvent(RequestPhase.responseEnded, promise: nil) }
    }
}
