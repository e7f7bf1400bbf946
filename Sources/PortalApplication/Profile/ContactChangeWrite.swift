import Domain
import Foundation
import PortalCache
import PortalSalesforce
import PortalUpstream
import PortalWhmcs

/// One change of the caller's contact details, in WHMCS first (it refuses an email another client has)
/// and then in the Salesforce Account, never leaving the two silently different: when Salesforce refuses
/// the values, WHMCS is put back and the answer names the refused fields; when Salesforce cannot be
/// reached, a synchronisation job is queued (`ContactSyncQueue`) and the answer says `pending`. Both
/// writes set values, so doing one again is harmless; reconciliation reads WHMCS to tell whether the
/// change was made.
public struct ContactChangeWrite: ReconcilableWrite {
    public struct Plan: Codable, Sendable {
        let change: ContactChange
        /// The details as the first system held them before the change: what putting it back restores.
        let before: ContactDetails
    }

    let change: ContactChange
    let billing: BillingAccount?
    let salesforce: SalesforceAccountLink?
    let sync: ContactSyncQueue?
    /// Drops the caller's cached profile.
    let invalidate: @Sendable () async -> Void

    public func plan(reference: String, claim: @Sendable (String) async throws -> Void) async throws -> Plan {
        if let billing {
            try await claim("contact:whmcs:\(billing.instance):\(billing.clientId)")
            let client = try await ServiceError.showing(notFound: "Profile") { () async throws(UpstreamError) in
                try await billing.whmcs.client(clientId: billing.clientId)
            }
            return Plan(change: change, before: ContactDetails(client))
        }
        guard let salesforce else { throw ServiceError.notFound("Profile") }
        try await claim("contact:sf:\(salesforce.accountId.value)")
        let account = try await ServiceError.showing(notFound: "Profile") { () async throws(UpstreamError) in
            try await salesforce.orchestrator.account(salesforce.accountId)
        }
        return Plan(change: change, before: ContactDetails(account))
    }

    public func perform(_ plan: Plan) async throws(WriteFailure) -> ContactChangeAnswer {
        let after = plan.change.applied(to: plan.before)
        guard let billing else {
            guard let salesforce else { throw .notApplied(.notFound("Profile")) }
            do {
                try await salesforce.orchestrator.updateContact(salesforce.accountId, plan.change)
            } catch .rejected(_, .valuesRefused(let fields), _) {
                throw .notApplied(.invalid(Self.refused(fields)))
            } catch {
                throw WriteFailure(error, notFound: "Profile")
            }
            await invalidate()
            return ContactChangeAnswer(.applied, after)
        }
        do {
            try await billing.whmcs.updateContact(clientId: billing.clientId, plan.change)
        } catch .rejected(_, .duplicateValue(let field), _) {
            throw .notApplied(.conflict(message: "This email address is already in use by another account.", fields: [field: "is already in use"]))
        } catch {
            throw WriteFailure(error, notFound: "Profile")
        }
        return try await follow(plan, billing: billing)
    }

    public func reconcile(_ plan: Plan) async throws(ServiceError) -> Reconciliation<ContactChangeAnswer> {
        guard let billing else {
            guard let salesforce else { throw .notFound("Profile") }
            let account = try await ServiceError.showing(notFound: "Profile") { () async throws(UpstreamError) in
                try await salesforce.orchestrator.account(salesforce.accountId)
            }
            guard ContactDetails(account).shows(plan.change) else { return .notApplied }
            await invalidate()
            return .applied(ContactChangeAnswer(.applied, plan.change.applied(to: plan.before)))
        }
        let client = try await ServiceError.showing(notFound: "Profile") { () async throws(UpstreamError) in
            try await billing.whmcs.client(clientId: billing.clientId)
        }
        guard ContactDetails(client).shows(plan.change) else { return .notApplied }
        do throws(WriteFailure) {
            return .applied(try await follow(plan, billing: billing))
        } catch {
            switch error {
            case .notApplied(let shown): throw shown
            case .outcomeUnknown: throw .unavailable
            }
        }
    }

    /// WHMCS has the change: Salesforce follows, now or through the synchronisation queue.
    private func follow(_ plan: Plan, billing: BillingAccount) async throws(WriteFailure) -> ContactChangeAnswer {
        let after = plan.change.applied(to: plan.before)
        guard let salesforce else {
            await invalidate()
            return ContactChangeAnswer(.applied, after)
        }
        let job = ContactSyncQueue.Job(instance: billing.instance, clientId: billing.clientId, accountId: salesforce.accountId.value)
        do {
            try await salesforce.orchestrator.updateContact(salesforce.accountId, plan.change)
            await invalidate()
            return ContactChangeAnswer(.applied, after)
        } catch .rejected(_, .valuesRefused(let fields), _) {
            let putBack = (try? await billing.whmcs.updateContact(clientId: billing.clientId, Self.undoing(plan))) != nil
            // When WHMCS cannot be put back now, the job puts it back (Salesforce refuses again).
            if !putBack, !(await enqueue(job)) { throw .outcomeUnknown(detail: "Salesforce refused the change; WHMCS could not be put back") }
            await invalidate()
            throw .notApplied(.invalid(Self.refused(fields)))
        } catch {
            if await enqueue(job) {
                await invalidate()
                return ContactChangeAnswer(.pending, after)
            }
            guard (try? await billing.whmcs.updateContact(clientId: billing.clientId, Self.undoing(plan))) != nil else {
                throw .outcomeUnknown(detail: "Salesforce could not be written (\(error)) nor a synchronisation queued; WHMCS could not be put back")
            }
            await invalidate()
            throw .notApplied(.unavailable)
        }
    }

    private func enqueue(_ job: ContactSyncQueue.Job) async -> Bool {
        guard let sync else { return false }
        return (try? await sync.enqueue(job)) != nil
    }

    /// The change that puts back what `plan` changed.
    static func undoing(_ plan: Plan) -> ContactChange {
        ContactChange(
            email: plan.change.email == nil ? nil : plan.before.email,
            phone: plan.change.phone == nil ? nil : plan.before.phone,
            address: plan.change.address == nil ? nil : plan.before.address
        )
    }

    private static func refused(_ fields: [String]) -> [String: String] {
        let named = fields.isEmpty ? ["body"] : fields
        return Dictionary(named.map { ($0, "is not accepted by our customer records") }, uniquingKeysWith: { first, _ in first })
    }
}

/// A customer's Salesforce Account and the orchestrator that reaches it.
struct SalesforceAccountLink: Sendable {
    let orchestrator: SalesforceOrchestrator
    let accountId: SalesforceId
}
