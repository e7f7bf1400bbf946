import Foundation

/// What one topic's stream is doing, for `/readyz`.
public enum PubSubSubscriberState: Sendable, Equatable {
    /// Not started, or stopped.
    case idle
    /// Signing in, `GetTopic`, or waiting for the stream's headers.
    case connecting
    /// The stream is open.
    case subscribed(since: Date)
    /// The last stream failed; the next attempt starts at `until`.
    case backingOff(until: Date, cause: PubSubFailure.Cause)
    /// The topic cannot be subscribed as configured (permissions, a wrong name); retried at the
    /// longest backoff in case an administrator fixes it.
    case failed(PubSubFailure.Cause)
}
