extension Providers.Whmcs {
    /// Maps a GetTickets answer. `pageSize` is the `limitnum` the request asked for.
    public static func ticketPage(from raw: RawJSON, pageSize: Int, context: WhmcsMappingContext) throws(MappingError) -> TicketPage {
        let page = try listPage(raw, pageSize: pageSize, in: ("tickets", "ticket")) { row throws(MappingError) in
            try ticketSummary(row, idField: "id", context: context)
        }
        return TicketPage(items: page.items, page: page.number, pageSize: pageSize, total: page.total)
    }

    /// Maps a GetTicket answer with its conversation (`replies.reply[]`, the opening message first), oldest
    /// message first whatever order WHMCS sent.
    public static func ticket(from raw: RawJSON, context: WhmcsMappingContext) throws(MappingError) -> SupportTicket {
        let root = try ObjectReader(raw)
        let summary = try ticketSummary(root, idField: "ticketid", context: context)
        var messages: [TicketMessage] = []
        for row in try root.wrappedList("replies", "reply") {
            messages.append(try ticketMessage(row, context: context))
        }
        let ordered = messages.enumerated().sorted {
            ($0.element.postedAt, $0.element.id, $0.offset) < ($1.element.postedAt, $1.element.id, $1.offset)
        }
        return SupportTicket(summary: summary, messages: ordered.map(\.element))
    }

    /// Maps a GetTicket answer together with the WHMCS client (`userid`) the ticket belongs to: WHMCS finds
    /// a ticket by id whoever asks, so the owner is what tells whether the caller may see it. A guest's
    /// ticket (opened by e-mail, no client) has owner 0, which is no customer's.
    public static func ownedTicket(from raw: RawJSON, context: WhmcsMappingContext) throws(MappingError) -> Owned<SupportTicket> {
        let root = try ObjectReader(raw)
        let owner = try root.int("userid")
        guard owner >= 0 else { throw root.failure("userid", .outOfRange, "a client id cannot be negative") }
        return Owned(ownerId: owner, value: try ticket(from: raw, context: context))
    }

    /// Maps an OpenTicket answer: `{"result":"success","id":"15","tid":"894756","c":"…"}`.
    public static func openedTicket(from raw: RawJSON) throws(MappingError) -> OpenedTicket {
        let root = try ObjectReader(raw)
        guard let number = try root.trimmedText("tid") else { throw root.failure("tid", .missing, "OpenTicket named no ticket number") }
        return OpenedTicket(id: try root.id("id"), number: number)
    }

    static func ticketSummary(_ row: ObjectReader, idField: String, context: WhmcsMappingContext) throws(MappingError) -> TicketSummary {
        let id = try row.id(idField)
        guard let subject = try row.trimmedWhmcsText("subject") else { throw row.failure("subject", .missing, "a ticket has a subject") }
        return TicketSummary(
            id: id,
            number: try row.trimmedText("tid") ?? String(id),
            subject: subject,
            status: TicketStatus(providerText: try row.text("status")),
            priority: TicketPriority(providerText: try row.optionalText("priority") ?? "Medium"),
            department: try row.trimmedWhmcsText("deptname"),
            openedAt: try row.instant("date", zone: context.timeZone),
            lastReplyAt: try row.optionalInstant("lastreply", zone: context.timeZone),
            subscriptionId: try serviceId(row)
        )
    }

    static func ticketMessage(_ row: ObjectReader, context: WhmcsMappingContext) throws(MappingError) -> TicketMessage {
        let id = try row.optionalInt("replyid") ?? 0
        guard id >= 0 else { throw row.failure("replyid", .outOfRange, "a reply id cannot be negative") }
        let admin = try row.trimmedWhmcsText("admin")
        var name = admin
        if name == nil { name = try row.first("requestor_name", "name", read: row.trimmedWhmcsText) }
        return TicketMessage(
            id: id,
            author: admin == nil ? .customer : .staff,
            authorName: name,
            postedAt: try row.instant("date", zone: context.timeZone),
            message: try row.whmcsText("message") ?? ""
        )
    }

    /// WHMCS names what a ticket is about as `S12` (service 12) or `D3` (domain 3); only services count here.
    private static func serviceId(_ row: ObjectReader) throws(MappingError) -> Int? {
        guard let text = try row.trimmedText("service"), text.first == "S" || text.first == "s" else { return nil }
        guard let id = Int(text.dropFirst()), id > 0 else {
            throw row.failure("service", .invalidValue, "not a service reference: \(text.prefix(20))")
        }
        return id
    }
}
