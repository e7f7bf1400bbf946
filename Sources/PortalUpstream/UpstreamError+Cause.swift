extension UpstreamError {
    /// What happened to the call, as code switches on it: whether it was sent at all, whether it may be
    /// retried, whether a session is renewed. The case of `UpstreamError` says what it means to the portal;
    /// the cause says why.
    public enum Cause: Hashable, Sendable {
        // Nothing was sent.

        /// The circuit breaker is open: the upstream failed too often lately.
        case circuitOpen
        /// Our own budget for the upstream (or the requester's share of it) allowed no call in time.
        case localRateLimit
        /// Our own check refused the request before it was sent.
        case invalidRequest
        /// No connection could be made (refused, no route, unknown host).
        case connectionRefused

        // Sent, or perhaps sent, and no answer came.

        /// No answer within the timeout.
        case timeout
        /// The connection failed after it was made.
        case connectionLost
        /// The call was cancelled (its request went away) before an answer came.
        case cancelled

        // Answered.

        /// The upstream answered with this HTTP status, and nothing more telling.
        case status(Int)
        /// The upstream answered with its own error envelope (WHMCS `result: error`, a Freebit result code).
        case errorEnvelope
        /// The session (Salesforce access token, Freebit auth key) is no longer accepted: a new one is needed.
        case sessionExpired
        /// Signing in was refused: the credentials are wrong, or not allowed from here.
        case credentialsRefused
        /// The credentials cannot be used at all (a private key that cannot sign).
        case credentialsUnusable
        /// The answer holds no such record, or not one of this customer's.
        case noSuchRecord
        /// The answer cannot be parsed, mapped or encoded.
        case malformedAnswer
        /// The upstream refused a value another of its records already holds (WHMCS `Duplicate Email
        /// Address`); `field` is the portal's name for it.
        case duplicateValue(field: String)
        /// The upstream refused these values as invalid (Salesforce `FIELD_INTEGRITY_EXCEPTION`, a
        /// validation rule); `fields` names them, in the portal's terms once the provider module has
        /// translated them.
        case valuesRefused(fields: [String])
    }
}

extension UpstreamError.Cause {
    /// The cause of a transport failure.
    public init(_ error: TransportError) {
        self =
            switch error {
            case .timeout: .timeout
            case .refused: .connectionRefused
            case .network: .connectionLost
            case .cancelled: .cancelled
            }
    }
}
