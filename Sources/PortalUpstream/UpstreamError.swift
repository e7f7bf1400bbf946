/// Why an upstream call gave no usable answer, in the terms the portal answers with. Upstream text stays
/// in `detail` for logs; it never reaches the frontend.
public enum UpstreamError: Error, Equatable, Sendable {
    /// Down, unreachable, timing out, or its circuit is open: try again later. For a write (a call that is
    /// not idempotent) it also means the write certainly did not happen: it was never sent, or the upstream
    /// could not be reached.
    case unavailable(system: String, detail: String)
    /// A write was sent and no answer says whether it took effect (a timeout, a connection lost after
    /// sending, a server error): it may have happened. Never sent again blindly; find out first.
    case outcomeUnknown(system: String, detail: String)
    /// The upstream (or our own budget for it) limits calls right now.
    case rateLimited(system: String, retryAfter: Duration?)
    /// The requester (one customer, or the background work) has spent its own share of this upstream's
    /// budget: its own doing, not the upstream's. Nothing was sent.
    case shareSpent(system: String, retryAfter: Duration)
    /// Our credentials were refused. Never retried (WHMCS bans IPs that keep failing).
    case authenticationFailed(system: String, detail: String)
    /// The upstream has no such record.
    case notFound(system: String, detail: String)
    /// The upstream refused the request (a validation or business error).
    case rejected(system: String, detail: String)
    /// The answer could not be understood.
    case invalidResponse(system: String, detail: String)
}
