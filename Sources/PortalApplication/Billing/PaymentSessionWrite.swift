import Domain
import Foundation
import PortalUpstream

/// A one-time WHMCS link to pay one of the caller's invoices (CreateSsoToken). Planning checks the
/// invoice is the caller's (else not found) and still to be paid (unpaid, overdue or payment pending;
/// else a conflict). A token whose answer was lost is harmless (it expires unused within 60 seconds and
/// moves no money), so a lost answer counts as not done and the retry asks for a new one.
public struct PaymentSessionWrite: ReconcilableWrite {
    public struct Plan: Codable, Sendable {
        let invoiceId: Int
    }

    let invoiceId: Int
    let billing: BillingAccount
    let clock: ApplicationClock

    public func plan(reference: String, claim: @Sendable (String) async throws -> Void) async throws -> Plan {
        let (billing, invoiceId) = (billing, invoiceId)
        let invoice = try await ServiceError.showing(notFound: "Invoice") { () async throws(UpstreamError) in
            try await billing.whmcs.invoice(id: invoiceId, clientId: billing.clientId)
        }
        switch invoice.summary.status {
        case .unpaid, .overdue, .paymentPending: break
        default:
            throw ServiceError.conflict(message: "This invoice is \(invoice.summary.status.name) and cannot be paid.", fields: [:])
        }
        return Plan(invoiceId: invoiceId)
    }

    public func perform(_ plan: Plan) async throws(WriteFailure) -> PaymentSession {
        let issuedAt = Instant(millisecondsSinceEpoch: Int64((clock.now().timeIntervalSince1970 * 1000).rounded(.down)))
        guard let issuedAt else { throw .notApplied(.upstreamFailed(message: nil)) }
        do {
            return try await billing.whmcs.paymentSession(clientId: billing.clientId, invoiceId: plan.invoiceId, issuedAt: issuedAt)
        } catch .outcomeUnknown {
            throw .notApplied(.unavailable)
        } catch {
            throw WriteFailure(error, notFound: "Invoice")
        }
    }

    public func reconcile(_ plan: Plan) async throws(ServiceError) -> Reconciliation<PaymentSession> {
        .notApplied
    }
}
