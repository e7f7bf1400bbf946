/// Why a Pub/Sub stream ended, or could not start.
public struct PubSubFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Cause: String, Sendable, Equatable, CaseIterable {
        /// `UNAUTHENTICATED`, or the `…service.auth.error` trailer: sign in again.
        case authentication
        /// The token endpoint failed, or its answer lacked what the Pub/Sub API needs (the org id).
        case signIn = "sign_in"
        /// `…subscription.fetch.replayid.corrupted`: the replay id is expired or invalid.
        case replayIdCorrupted = "replay_id_corrupted"
        /// `UNAVAILABLE` (or `…service.unavailable`): retried with backoff.
        case unavailable
        /// Nothing arrived for the watchdog's duration.
        case watchdog
        /// The sink failed to read the stored replay id or to handle a batch.
        case sink
        /// `GetTopic` says the integration user may not subscribe to the topic.
        case topicNotSubscribable = "topic_not_subscribable"
        /// The server ended the stream without an error.
        case streamEnded = "stream_ended"
        /// Any other gRPC status or transport failure.
        case other
    }

    public let cause: Cause
    /// For logs only: the gRPC status, the `error-code` trailer, or the failing type.
    public let detail: String

    public init(_ cause: Cause, detail: String) {
        self.cause = cause
        self.detail = detail
    }

    public var description: String { "\(cause.rawValue): \(detail)" }
}
