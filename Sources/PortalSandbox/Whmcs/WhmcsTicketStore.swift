import Synchronization

/// The WHMCS simulator's support tickets: the seeded ones plus what OpenTicket opens and AddTicketReply
/// adds. Reply ids are shared by every ticket, as WHMCS's `tblticketreplies` ids are.
final class WhmcsTicketStore: Sendable {
    private let state: Mutex<(tickets: [SeedTicket], lastReplyId: Int)>

    init(seed: SandboxSeed) {
        let tickets = seed.tickets
        state = Mutex((tickets, tickets.flatMap { $0.replies.map(\.id) }.max() ?? 0))
    }

    func tickets(ofClient clientId: Int) -> [SeedTicket] {
        state.withLock { $0.tickets.filter { $0.clientId == clientId } }
    }

    func ticket(_ id: Int) -> SeedTicket? {
        state.withLock { $0.tickets.first { $0.id == id } }
    }

    /// Opens a ticket whose first message is `message`.
    func open(
        clientId: Int,
        departmentId: Int,
        subject: String,
        message: String,
        priority: String,
        serviceId: Int?,
        at date: String
    )
        -> SeedTicket
    {
        state.withLock { state in
            let id = (state.tickets.map(\.id).max() ?? 0) + 1
            let ticket = SeedTicket(
                id: id,
                number: String(100_000 + id * 7919 % 900_000),
                clientId: clientId,
                departmentId: departmentId,
                subject: subject,
                status: "Open",
                priority: priority,
                date: date,
                lastReply: date,
                serviceId: serviceId,
                replies: [.init(id: 0, admin: nil, date: date, message: message)]
            )
            state.tickets.append(ticket)
            return ticket
        }
    }

    /// Adds a client's reply; false when there is no such ticket.
    func reply(toTicket id: Int, message: String, at date: String) -> Bool {
        state.withLock { state in
            guard let index = state.tickets.firstIndex(where: { $0.id == id }) else { return false }
            state.lastReplyId += 1
            state.tickets[index].replies.append(.init(id: state.lastReplyId, admin: nil, date: date, message: message))
            state.tickets[index].status = "Customer-Reply"
            state.tickets[index].lastReply = date
            return true
        }
    }
}
