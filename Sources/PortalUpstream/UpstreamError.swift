/// Why an upstream call gave no usable answer, in the terms the portal answers with. Each case carries a
/// typed `Cause`, which is what code switches on; upstream text stays in `detail`, for logs only: it never
/// reaches the frontend, and no decision reads it (two errors that differ only in `detail` are equal).
public enum UpstreamError: Error, Sendable {
    /// Down, unreachable, timing out, or its circuit is open: try again later. For a write (a call that is
    /// not idempotent) it also means the write certainly did not happen: it was never sent, or the upstream
    /// could not be reached.
    case unavailable(system: String, cause: Cause, detail: String = "")
    /// A write was sent and no answer says whether it took effect (a timeout, a connection lost after
    /// sending, a server error): it may have happened. Never sent again blindly; find out first.
    case outcomeUnknown(system: String, cause: Cause, detail: String = "")
    /// The upstream (`status` 429, or its own error envelope) or our own budget for it
    /// (`localRateLimit`) limits calls right now.
    case rateLimited(system: String, cause: Cause, retryAfter: Duration?)
    /// The requester (one customer, or the background work) has spent its own share of this upstream's
    /// budget: its own doing, not the upstream's. Nothing was sent.
    case shareSpent(system: String, retryAfter: Duration)
    /// Our credentials, or the session they opened, were refused. Never retried as such (WHMCS bans IPs
    /// that keep failing); a `sessionExpired` one is renewed once by the connection that owns the session.
    case authenticationFailed(system: String, cause: Cause, detail: String = "")
    /// The upstream has no such record.
    case notFound(system: String, cause: Cause, detail: String = "")
    /// The upstream refused the request (a validation or business error), or our own check refused it
    /// before sending (`invalidRequest`).
    case rejected(system: String, cause: Cause, detail: String = "")
    /// The answer could not be understood.
    case invalidResponse(system: String, cause: Cause, detail: String = "")
}

extension UpstreamError {
    /// The upstream the call was for (`whmcs:default`, `salesforce`, `freebit`).
    public var system: String {
        switch self {
        case .unavailable(let system, _, _), .outcomeUnknown(let system, _, _), .rateLimited(let system, _, _),
            .authenticationFailed(let system, _, _), .notFound(let system, _, _), .rejected(let system, _, _),
            .invalidResponse(let system, _, _), .shareSpent(let system, _):
            system
        }
    }

    /// What happened. A spent share is a local rate limit: the requester's own.
    public var cause: Cause {
        switch self {
        case .unavailable(_, let cause, _), .outcomeUnknown(_, let cause, _), .rateLimited(_, let cause, _),
            .authenticationFailed(_, let cause, _), .notFound(_, let cause, _), .rejected(_, let cause, _),
            .invalidResponse(_, let cause, _):
            cause
        case .shareSpent:
            .localRateLimit
        }
    }

    /// The upstream's or our own text about the failure, for logs.
    public var detail: String {
        switch self {
        case .unavailable(_, _, let detail), .outcomeUnknown(_, _, let detail), .authenticationFailed(_, _, let detail),
            .notFound(_, _, let detail), .rejected(_, _, let detail), .invalidResponse(_, _, let detail):
            detail
        case .rateLimited, .shareSpent:
            ""
        }
    }
}

extension UpstreamError: Equatable {
    /// Equal when they mean the same: the same case, system, cause and wait. `detail` does not count.
    public static func == (lhs: UpstreamError, rhs: UpstreamError) -> Bool {
        switch (lhs, rhs) {
        case (.unavailable, .unavailable), (.outcomeUnknown, .outcomeUnknown), (.authenticationFailed, .authenticationFailed),
            (.notFound, .notFound), (.rejected, .rejected), (.invalidResponse, .invalidResponse):
            lhs.system == rhs.system && lhs.cause == rhs.cause
        case (.rateLimited(let system, let cause, let wait), .rateLimited(let otherSystem, let otherCause, let otherWait)):
            system == otherSystem && cause == otherCause && wait == otherWait
        case (.shareSpent(let system, let wait), .shareSpent(let otherSystem, let otherWait)):
            system == otherSystem && wait == otherWait
        default:
            false
        }
    }
}

extension UpstreamError: CustomStringConvertible {
    /// One line for logs: `whmcs:default unavailable (timeout): GetInvoices: …`.
    public var description: String {
        let kind =
            switch self {
            case .unavailable: "unavailable"
            case .outcomeUnknown: "outcomeUnknown"
            case .rateLimited: "rateLimited"
            case .shareSpent: "shareSpent"
            case .authenticationFailed: "authenticationFailed"
            case .notFound: "notFound"
            case .rejected: "rejected"
            case .invalidResponse: "invalidResponse"
            }
        var line = "\(system) \(kind) (\(cause))"
        switch self {
        case .rateLimited(_, _, let wait?), .shareSpent(_, let wait): line += " retryAfter=\(wait)"
        default: break
        }
        return detail.isEmpty ? line : "\(line): \(detail)"
    }
}
