import Foundation

/// What Redis keeps about one idempotency key: the request it belongs to and how far its write got.
public struct IdempotencyRecord: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        /// Claimed; nothing has been sent upstream.
        case claimed
        /// `plan` was recorded and the write sent (or about to be): unless the key's lock is held by the
        /// request doing it, its outcome is unknown until reconciled.
        case sending
        /// The answer is recorded; repeats get it again.
        case done
    }

    public let fingerprint: String
    public var state: State
    /// What reconciliation needs to tell whether the write took effect (written before sending).
    public var plan: Data?
    /// The resource the write holds exclusively until its outcome is known (e.g. one SIM's quota).
    public var resource: String?
    /// When the write was sent, seconds since 1970.
    public var sentAt: Double?
    public var status: Int?
    public var body: Data?

    public init(fingerprint: String, state: State = .claimed) {
        self.fingerprint = fingerprint
        self.state = state
    }
}
