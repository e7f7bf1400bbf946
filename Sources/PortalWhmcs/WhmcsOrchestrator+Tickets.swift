import Domain
import PortalUpstream

extension WhmcsOrchestrator {
    public func ticketPage(clientId: Int, page: Int, pageSize: Int) async throws(UpstreamError) -> TicketPage {
        try await tickets.page(clientId: clientId, page: page, pageSize: pageSize)
    }

    /// The ticket with its conversation if it is the client's; another client's is not found.
    public func ticket(id: Int, clientId: Int) async throws(UpstreamError) -> SupportTicket {
        try await tickets.ticket(id: id, clientId: clientId)
    }

    /// The client a ticket belongs to.
    public func owner(ofTicket id: Int) async throws(UpstreamError) -> Int {
        try await tickets.owner(ofTicket: id)
    }

    /// OpenTicket in the instance's configured department and priority. Not retried after a network error
    /// (WHMCS might have opened it): the caller reconciles.
    public func openTicket(clientId: Int, subject: String, message: String, serviceId: Int?) async throws(UpstreamError) -> OpenedTicket {
        try await tickets.open(clientId: clientId, subject: subject, message: message, serviceId: serviceId, settings: ticketSettings)
    }

    /// AddTicketReply as the client. Not retried after a network error: the caller reconciles.
    public func replyToTicket(_ ticketId: Int, clientId: Int, message: String) async throws(UpstreamError) {
        try await tickets.reply(ticketId: ticketId, clientId: clientId, message: message)
    }

    private var tickets: WhmcsTicketService { WhmcsTicketService(connection: connection) }
}
