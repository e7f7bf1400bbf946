/// Why a Subscribe call was opened: the `cause` of `portal_pubsub_stream_connects_total`.
enum PubSubConnectCause: String, Sendable, CaseIterable {
    case first
    case reauth
    case watchdog
    case replayFallback = "replay_fallback"
    case sinkError = "sink_error"
    case reconnectUnavailable = "reconnect_unavailable"
    case reconnectEnded = "reconnect_ended"
    case reconnectError = "reconnect_error"

    /// The reconnect that follows a stream which failed with `cause`.
    init(after cause: PubSubFailure.Cause) {
        switch cause {
        case .authentication: self = .reauth
        case .watchdog: self = .watchdog
        case .replayIdCorrupted: self = .replayFallback
        case .sink: self = .sinkError
        case .unavailable: self = .reconnectUnavailable
        case .streamEnded: self = .reconnectEnded
        case .signIn, .topicNotSubscribable, .other: self = .reconnectError
        }
    }
}
