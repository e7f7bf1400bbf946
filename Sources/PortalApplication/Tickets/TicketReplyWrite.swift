import Domain
import Foundation
import PortalUpstream

/// One reply of the caller to their ticket, reconcilable by the conversation: the plan records the last
/// message id before AddTicketReply is sent, so a later customer message with the same text shows it was
/// posted. The ticket is looked up first, so another client's ticket is not found and gets no reply; it
/// is claimed, so no other portal reply to it runs meanwhile.
public struct TicketReplyWrite: ReconcilableWrite {
    public struct Plan: Codable, Sendable {
        let ticketId: Int
        let message: String
        let lastMessageIdBefore: Int
    }

    let ticketId: Int
    let request: TicketReplyRequest
    let account: BillingAccount
    /// Drops the client's cached tickets.
    let invalidate: @Sendable () async -> Void

    public func plan(reference: String, claim: @Sendable (String) async throws -> Void) async throws -> Plan {
        let before = try await ticket()
        try await claim("whmcs-ticket:\(account.instance):\(ticketId)")
        return Plan(ticketId: ticketId, message: request.message, lastMessageIdBefore: before.messages.map(\.id).max() ?? 0)
    }

    public func perform(_ plan: Plan) async throws(WriteFailure) -> SupportTicket {
        do {
            try await account.whmcs.replyToTicket(plan.ticketId, clientId: account.clientId, message: plan.message)
        } catch {
            throw WriteFailure(error, notFound: "Ticket")
        }
        await invalidate()
        do {
            return try await ticket()
        } catch {
            throw .outcomeUnknown(detail: "the reply to ticket \(plan.ticketId) was sent but the ticket could not be read back")
        }
    }

    public func reconcile(_ plan: Plan) async throws(ServiceError) -> Reconciliation<SupportTicket> {
        let now = try await ticket()
        let posted = now.messages.contains { message in
            message.id > plan.lastMessageIdBefore && message.author == .customer && Self.sameText(message.message, plan.message)
        }
        guard posted else { return .notApplied }
        await invalidate()
        return .applied(now)
    }

    /// Equal but for line endings, which a WHMCS install may store as CRLF.
    static func sameText(_ stored: String, _ sent: String) -> Bool {
        stored.replacingOccurrences(of: "\r\n", with: "\n") == sent.replacingOccurrences(of: "\r\n", with: "\n")
    }

    private func ticket() async throws(ServiceError) -> SupportTicket {
        let (account, ticketId) = (account, ticketId)
        return try await ServiceError.showing(notFound: "Ticket") { () async throws(UpstreamError) in
            try await account.whmcs.ticket(id: ticketId, clientId: account.clientId)
        }
    }
}
