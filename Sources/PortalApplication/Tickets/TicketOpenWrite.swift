import Domain
import Foundation
import PortalUpstream

/// Opening one ticket for the caller, reconcilable by the client's ticket ids: the plan records the
/// highest id before OpenTicket is sent, so a later ticket above it with the same subject shows it was
/// opened. The client's ticket opening is claimed, so no other portal opening of theirs runs meanwhile.
public struct TicketOpenWrite: ReconcilableWrite {
    public struct Plan: Codable, Sendable {
        let subject: String
        let message: String
        let subscriptionId: Int?
        let highestTicketIdBefore: Int
    }

    /// How many of the most recent tickets are looked through for the one this write opened.
    static let recentTickets = 50

    let request: OpenTicketRequest
    let account: BillingAccount
    /// Drops the client's cached tickets.
    let invalidate: @Sendable () async -> Void

    public func plan(reference: String, claim: @Sendable (String) async throws -> Void) async throws -> Plan {
        let account = account
        if let subscriptionId = request.subscriptionId {
            do {
                _ = try await account.whmcs.subscription(id: subscriptionId, clientId: account.clientId)
            } catch .notFound {
                throw ServiceError.invalid(["subscriptionId": "must be the id of one of your subscriptions"])
            } catch {
                throw ServiceError(error, notFound: "Subscription")
            }
        }
        try await claim("whmcs-tickets:\(account.instance):\(account.clientId)")
        let recent = try await Self.recent(account)
        return Plan(
            subject: request.subject,
            message: request.message,
            subscriptionId: request.subscriptionId,
            highestTicketIdBefore: recent.map(\.id).max() ?? 0
        )
    }

    public func perform(_ plan: Plan) async throws(WriteFailure) -> SupportTicket {
        let opened: OpenedTicket
        do {
            opened = try await account.whmcs.openTicket(
                clientId: account.clientId,
                subject: plan.subject,
                message: plan.message,
                serviceId: plan.subscriptionId
            )
        } catch .notFound {
            // Nothing of the caller's is missing here: the configured department or the client is unknown to WHMCS.
            throw .notApplied(.upstreamFailed(message: "Support tickets cannot be opened right now."))
        } catch {
            throw WriteFailure(error, notFound: "Ticket")
        }
        await invalidate()
        do {
            return try await account.whmcs.ticket(id: opened.id, clientId: account.clientId)
        } catch {
            throw .outcomeUnknown(detail: "ticket \(opened.id) was opened but could not be read back: \(error)")
        }
    }

    public func reconcile(_ plan: Plan) async throws(ServiceError) -> Reconciliation<SupportTicket> {
        let account = account
        let recent = try await Self.recent(account)
        guard let match = recent.filter({ $0.id > plan.highestTicketIdBefore && $0.subject == plan.subject }).min(by: { $0.id < $1.id }) else {
            return .notApplied
        }
        let ticket = try await ServiceError.showing(notFound: "Ticket") { () async throws(UpstreamError) in
            try await account.whmcs.ticket(id: match.id, clientId: account.clientId)
        }
        await invalidate()
        return .applied(ticket)
    }

    private static func recent(_ account: BillingAccount) async throws(ServiceError) -> [TicketSummary] {
        try await ServiceError.showing(notFound: "Tickets") { () async throws(UpstreamError) in
            try await account.whmcs.ticketPage(clientId: account.clientId, page: 1, pageSize: recentTickets).items
        }
    }
}
