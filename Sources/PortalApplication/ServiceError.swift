import PortalUpstream

/// Why an application service gave no answer, in terms any front door can show. Upstream text stays in
/// the log; it never reaches here.
public enum ServiceError: Error, Equatable, Sendable {
    /// No such thing, or not the caller's: `what` names it for the message ("Invoice", "SIM", …).
    case notFound(String)
    /// The input is not valid: why, by field.
    case invalid([String: String])
    /// A system we depend on is down, unreachable, or could not say whether it did something.
    case unavailable
    /// A system we depend on limits calls right now.
    case busy(retryAfter: Duration?)
    /// The caller has spent its own share of a system's budget: its own doing.
    case rateLimited(retryAfter: Duration)
    /// The request cannot be carried out in the state things are in (an invoice already paid, an address
    /// another customer uses): `message` says why to a person, `fields` which input it is about, if any.
    case conflict(message: String, fields: [String: String] = [:])
    /// A system we depend on refused us or answered with something unreadable; `message`, when given, is
    /// a human explanation safe to show.
    case upstreamFailed(message: String?)

    /// How an upstream failure is shown: not-found stays not-found (as `what`), the rest by its kind.
    public init(_ upstream: UpstreamError, notFound what: String) {
        switch upstream {
        case .notFound: self = .notFound(what)
        case .unavailable, .outcomeUnknown: self = .unavailable
        case .rateLimited(_, _, let retryAfter): self = .busy(retryAfter: retryAfter)
        case .shareSpent(_, let retryAfter): self = .rateLimited(retryAfter: retryAfter)
        case .authenticationFailed, .rejected, .invalidResponse: self = .upstreamFailed(message: nil)
        }
    }

    /// The value of upstream work, its failure shown as `init(_:notFound:)` says.
    static func showing<Value>(notFound what: String, _ work: () async throws(UpstreamError) -> Value) async throws(ServiceError) -> Value {
        do {
            return try await work()
        } catch {
            throw ServiceError(error, notFound: what)
        }
    }
}
