import Domain
import PortalUpstream

/// A client's support tickets in WHMCS (GetTickets, GetTicket, OpenTicket, AddTicketReply). GetTicket finds
/// any client's ticket, so each read checks the ticket's owner before handing it out.
struct WhmcsTicketService: Sendable {
    private let connection: WhmcsConnection

    init(connection: WhmcsConnection) {
        self.connection = connection
    }

    /// One page (1-based) of the client's tickets, as WHMCS orders them (most recently active first).
    func page(clientId: Int, page: Int, pageSize: Int) async throws(UpstreamError) -> TicketPage {
        guard page >= 1, pageSize >= 1 else {
            throw .rejected(system: connection.system, cause: .invalidRequest, detail: "GetTickets: page and page size start at 1")
        }
        let parameters = [
            ("clientid", String(clientId)), ("limitstart", String((page - 1) * pageSize)), ("limitnum", String(pageSize)),
            ("ignore_dept_assignments", "true"),
        ]
        let raw = try await connection.call("GetTickets", parameters)
        let context = connection.context
        return try connection.map(raw, action: "GetTickets") { raw throws(MappingError) in
            try Providers.Whmcs.ticketPage(from: raw, pageSize: pageSize, context: context)
        }
    }

    /// The ticket with its conversation, if it is the client's; someone else's ticket is not found.
    func ticket(id: Int, clientId: Int) async throws(UpstreamError) -> SupportTicket {
        let owned = try await owned(id)
        guard owned.ownerId == clientId else {
            throw .notFound(system: connection.system, cause: .noSuchRecord, detail: "GetTicket: not this client's ticket")
        }
        return owned.value
    }

    /// The client a ticket belongs to, for events that name only the ticket.
    func owner(ofTicket id: Int) async throws(UpstreamError) -> Int {
        try await owned(id).ownerId
    }

    /// Opens a ticket for the client. Not retried after a network error: WHMCS might have opened it.
    func open(
        clientId: Int,
        subject: String,
        message: String,
        serviceId: Int?,
        settings: WhmcsTicketSettings
    ) async throws(UpstreamError)
        -> OpenedTicket
    {
        var parameters = [
            ("clientid", String(clientId)), ("deptid", String(settings.departmentId)), ("subject", subject), ("message", message),
            ("priority", settings.whmcsPriority), ("markdown", "false"),
        ]
        if let serviceId { parameters.append(("serviceid", String(serviceId))) }
        let raw = try await connection.call("OpenTicket", parameters, idempotent: false)
        return try connection.map(raw, action: "OpenTicket") { raw throws(MappingError) in try Providers.Whmcs.openedTicket(from: raw) }
    }

    /// Adds the client's reply to a ticket. Not retried after a network error: WHMCS might have added it.
    func reply(ticketId: Int, clientId: Int, message: String) async throws(UpstreamError) {
        let parameters = [("ticketid", String(ticketId)), ("clientid", String(clientId)), ("message", message), ("markdown", "false")]
        _ = try await connection.call("AddTicketReply", parameters, idempotent: false)
    }

    private func owned(_ id: Int) async throws(UpstreamError) -> Owned<SupportTicket> {
        let raw = try await connection.call("GetTicket", [("ticketid", String(id)), ("repliessort", "ASC")])
        let context = connection.context
        return try connection.map(raw, action: "GetTicket") { raw throws(MappingError) in
            try Providers.Whmcs.ownedTicket(from: raw, context: context)
        }
    }
}
