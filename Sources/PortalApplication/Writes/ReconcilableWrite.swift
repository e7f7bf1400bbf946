import Foundation

/// A write done once per idempotency key that can tell afterwards whether it took effect, so that a write
/// whose answer was lost is neither done twice nor forgotten. The front door keeps the key, the plan and
/// the answer (`IdempotencyStore`); the write itself knows only its upstream.
public protocol ReconcilableWrite: Sendable {
    associatedtype Plan: Codable & Sendable
    associatedtype Answer: Encodable & Sendable

    /// Checks and reads what the write needs. Nothing is sent yet, so a failure here releases the key.
    /// `reference` names the write unambiguously (what an upstream record may carry to be found again);
    /// `claim` makes a resource (one SIM's quota) this write's alone until its outcome is known.
    func plan(reference: String, claim: @Sendable (String) async throws -> Void) async throws -> Plan

    /// Sends the write once.
    func perform(_ plan: Plan) async throws(WriteFailure) -> Answer

    /// Whether the write of `plan` took effect, as the upstream shows it now.
    func reconcile(_ plan: Plan) async throws(ServiceError) -> Reconciliation<Answer>
}

/// What an upstream shows of a write.
public enum Reconciliation<Answer: Sendable>: Sendable {
    /// It took effect: this is its answer.
    case applied(Answer)
    /// No trace of it.
    case notApplied
}

/// Why a write gave no answer.
public enum WriteFailure: Error {
    /// It certainly did not take effect: the key is released and the caller sees `shown`.
    case notApplied(ServiceError)
    /// It may have taken effect: the key stays until reconciliation tells. `detail` is for logs.
    case outcomeUnknown(detail: String)
}
