import Foundation
import Hummingbird
import PortalUpstream

/// A write done once per `Idempotency-Key` that can tell afterwards whether it took effect, so that a
/// write whose answer was lost is neither done twice nor forgotten.
protocol ReconcilableWrite: Sendable {
    associatedtype Plan: Codable & Sendable

    /// Checks and reads what the write needs. Nothing is sent yet, so a failure here releases the key.
    /// `reference` names the write unambiguously (what an upstream record may carry to be found again);
    /// `claim` makes a resource (one SIM's quota) this write's alone until its outcome is known.
    func plan(reference: String, claim: @Sendable (String) async throws -> Void) async throws -> Plan

    /// Sends the write once and renders its answer.
    func perform(_ plan: Plan) async throws(WriteFailure) -> WriteAnswer

    /// Whether the write of `plan` took effect, as the upstream shows it now.
    func reconcile(_ plan: Plan) async throws(UpstreamError) -> Reconciliation
}

/// A write route's answer: status and JSON body.
struct WriteAnswer: Sendable {
    let status: HTTPResponse.Status
    let body: Data
}

/// What an upstream shows of a write.
enum Reconciliation: Sendable {
    /// It took effect: this is its answer.
    case applied(WriteAnswer)
    /// No trace of it.
    case notApplied
}

/// Why a write gave no answer.
enum WriteFailure: Error {
    /// It certainly did not take effect: the key is released and the caller sees `shown`.
    case notApplied(APIError)
    /// It may have taken effect: the key stays until reconciliation tells. `detail` is for logs.
    case outcomeUnknown(detail: String)

    /// An upstream failure of the write: `outcomeUnknown` stays unknown, anything else did nothing.
    init(_ error: UpstreamError, notFound what: String) {
        if case .outcomeUnknown = error {
            self = .outcomeUnknown(detail: "\(error)")
        } else {
            self = .notApplied(APIError(error, notFound: what))
        }
    }
}
