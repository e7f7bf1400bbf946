import Domain
import PortalCache
import PortalUpstream

/// The caller's support tickets in WHMCS: reading them, opening one, replying to one, each only the
/// caller's own. Writes drop the client's cached tickets before they answer.
public struct TicketService: Sendable {
    let upstreams: Upstreams
    let cache: CacheService

    /// The caller's WHMCS client, where the tickets live and are cached.
    public func account(of customer: Customer) throws(ServiceError) -> BillingAccount {
        try upstreams.billingAccount(of: customer)
    }

    public func page(_ account: BillingAccount, page: Int, pageSize: Int) async throws(ServiceError) -> TicketPage {
        try await ServiceError.showing(notFound: "Tickets") { () async throws(UpstreamError) in
            try await account.whmcs.ticketPage(clientId: account.clientId, page: page, pageSize: pageSize)
        }
    }

    public func ticket(_ account: BillingAccount, id: Int) async throws(ServiceError) -> SupportTicket {
        try await ServiceError.showing(notFound: "Ticket") { () async throws(UpstreamError) in
            try await account.whmcs.ticket(id: id, clientId: account.clientId)
        }
    }

    /// Opening the ticket of `request` for the caller, to be run once per idempotency key.
    public func open(_ request: OpenTicketRequest, for customer: Customer) throws(ServiceError) -> TicketOpenWrite {
        let account = try upstreams.billingAccount(of: customer)
        return TicketOpenWrite(request: request, account: account, invalidate: invalidation(of: account))
    }

    /// The caller's reply to their ticket `ticketId`, to be run once per idempotency key.
    public func reply(_ request: TicketReplyRequest, toTicket ticketId: Int, for customer: Customer) throws(ServiceError) -> TicketReplyWrite {
        let account = try upstreams.billingAccount(of: customer)
        return TicketReplyWrite(ticketId: ticketId, request: request, account: account, invalidate: invalidation(of: account))
    }

    private func invalidation(of account: BillingAccount) -> @Sendable () async -> Void {
        let cache = cache
        return {
            if let group = CacheGroups.whmcs(instance: account.instance, clientId: account.clientId, .tickets) {
                try? await cache.invalidate([group])
            }
        }
    }
}
