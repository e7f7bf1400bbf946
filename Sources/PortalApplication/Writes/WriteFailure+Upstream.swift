import PortalUpstream

extension WriteFailure {
    /// An upstream failure of the write: `outcomeUnknown` stays unknown, anything else did nothing.
    init(_ error: UpstreamError, notFound what: String) {
        if case .outcomeUnknown(let system, _, let detail) = error {
            self = .outcomeUnknown(detail: "\(system): \(detail)")
        } else {
            self = .notApplied(ServiceError(error, notFound: what))
        }
    }
}
