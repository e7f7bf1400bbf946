import Foundation

/// GetTickets, GetTicket, OpenTicket and AddTicketReply as WHMCS answers them: numbers as strings, text
/// HTML-escaped as stored, the opening message as the first reply (`replyid` 0), date-times in the
/// server's zone (Japan). GetTicket and AddTicketReply find any client's ticket, as WHMCS does.
extension WhmcsSimulator {
    func ticketAnswer(_ action: String, _ form: [String: String], clientId: Int?, clients: Set<Int>) -> JSONValue? {
        switch action {
        case "GetTickets": tickets(form, clientId: clientId)
        case "GetTicket": ticket(Int(form["ticketid"] ?? ""), clients: clients, newestFirst: form["repliessort"]?.uppercased() == "DESC")
        case "OpenTicket": openTicket(form, clientId: clientId)
        case "AddTicketReply": addTicketReply(form, clients: clients)
        default: nil
        }
    }

    private func tickets(_ form: [String: String], clientId: Int?) -> JSONValue {
        let start = max(0, Int(form["limitstart"] ?? "") ?? 0)
        let limit = max(1, Int(form["limitnum"] ?? "") ?? 25)
        let status = form["status"] ?? ""
        let matching = (clientId.map(tickets.tickets(ofClient:)) ?? [])
            .filter { status.isEmpty || $0.status == status }
            .sorted { ($0.lastReply, $0.id) > ($1.lastReply, $1.id) }
        let page = matching.dropFirst(start).prefix(limit)
        let list: JSONValue = page.isEmpty ? .array([]) : .object([("ticket", .array(page.map { .object(ticketFields($0)) }))])
        return .object([
            ("result", .string("success")), ("totalresults", .string(String(matching.count))), ("startnumber", .int(start)),
            ("numreturned", .int(page.count)), ("tickets", list),
        ])
    }

    private func ticketFields(_ ticket: SeedTicket, idField: String = "id") -> [(String, JSONValue)] {
        let customer = seed.customers.first { $0.whmcsClientId == ticket.clientId }
        return [
            (idField, .string(String(ticket.id))), ("tid", .string(ticket.number)), ("c", .string("sandbox\(ticket.id)")),
            ("deptid", .string(String(ticket.departmentId))), ("deptname", text(SandboxSeed.ticketDepartments[ticket.departmentId] ?? "")),
            ("userid", .string(String(ticket.clientId))), ("contactid", .string("0")),
            ("name", text(customer.map { "\($0.givenName) \($0.familyName)" } ?? "")), ("email", text(customer?.email ?? "")),
            ("cc", .string("")), ("date", .string(ticket.date)), ("subject", text(ticket.subject)), ("status", .string(ticket.status)),
            ("priority", .string(ticket.priority)), ("admin", .string("")), ("attachment", .string("")), ("lastreply", .string(ticket.lastReply)),
            ("flag", .string("0")), ("service", .string(ticket.serviceId.map { "S\($0)" } ?? "")),
        ]
    }

    private func ticket(_ id: Int?, clients: Set<Int>, newestFirst: Bool) -> JSONValue {
        guard let id, let ticket = tickets.ticket(id), clients.contains(ticket.clientId) else { return error("Ticket ID Not Found") }
        let customer = seed.customers.first { $0.whmcsClientId == ticket.clientId }
        let replies = ticket.replies.map { reply -> JSONValue in
            .object([
                ("replyid", .string(String(reply.id))), ("userid", .string(reply.admin == nil ? String(ticket.clientId) : "0")),
                ("contactid", .string("0")), ("name", text(reply.admin == nil ? customer.map { "\($0.givenName) \($0.familyName)" } ?? "" : "")),
                ("email", text(reply.admin == nil ? customer?.email ?? "" : "")), ("date", .string(reply.date)), ("message", text(reply.message)),
                ("attachment", .string("")), ("attachments_removed", .bool(false)), ("admin", text(reply.admin ?? "")), ("rating", .string("0")),
            ])
        }
        return .object(
            [("result", .string("success"))] + ticketFields(ticket, idField: "ticketid") + [
                ("replies", .object([("reply", .array(newestFirst ? replies.reversed() : replies))])), ("notes", .string("")),
            ]
        )
    }

    private func openTicket(_ form: [String: String], clientId: Int?) -> JSONValue {
        guard let clientId else { return error("Client ID Not Found") }
        guard let departmentId = Int(form["deptid"] ?? ""), SandboxSeed.ticketDepartments[departmentId] != nil else {
            return error("Department ID not found")
        }
        guard let subject = form["subject"], !subject.isEmpty else { return error("Subject is required") }
        guard let message = form["message"], !message.isEmpty else { return error("Message is required") }
        var serviceId: Int?
        if let text = form["serviceid"], !text.isEmpty {
            guard let id = Int(text), store.services.contains(where: { $0.id == id && $0.clientId == clientId }) else {
                return error("Service ID Not Found")
            }
            serviceId = id
        }
        let priority = ["Low", "Medium", "High"].contains(form["priority"] ?? "") ? form["priority"] ?? "Medium" : "Medium"
        let ticket = tickets.open(
            clientId: clientId,
            departmentId: departmentId,
            subject: subject,
            message: message,
            priority: priority,
            serviceId: serviceId,
            at: Self.nowInJapan()
        )
        return .object([
            ("result", .string("success")), ("id", .int(ticket.id)), ("tid", .string(ticket.number)), ("c", .string("sandbox\(ticket.id)")),
        ])
    }

    private func addTicketReply(_ form: [String: String], clients: Set<Int>) -> JSONValue {
        guard let id = Int(form["ticketid"] ?? ""), let ticket = tickets.ticket(id), clients.contains(ticket.clientId) else {
            return error("Ticket ID Not Found")
        }
        guard let message = form["message"], !message.isEmpty else { return error("Message is required") }
        _ = tickets.reply(toTicket: id, message: message, at: Self.nowInJapan())
        return .object([("result", .string("success"))])
    }

    /// Now as WHMCS writes it in Japan: `2026-11-23 19:00:00`.
    static func nowInJapan(_ now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 9 * 3600)
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: now)
    }
}
