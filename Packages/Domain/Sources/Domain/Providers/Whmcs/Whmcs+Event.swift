extension Providers.Whmcs {
    private enum Affected {
        case invoice, service, client, order, payMethods, ticket
    }

    /// WHMCS hook names by what they change. Names outside the table map to `.unknown`.
    private static let hooks: [String: Affected] = [
        "InvoiceCreated": .invoice, "InvoicePaid": .invoice, "InvoiceRefunded": .invoice, "InvoiceCancelled": .invoice,
        "InvoiceUnpaid": .invoice, "UpdateInvoiceTotal": .invoice, "AddInvoicePayment": .invoice,
        "AfterModuleCreate": .service, "AfterModuleSuspend": .service, "AfterModuleUnsuspend": .service,
        "AfterModuleTerminate": .service, "ServiceEdit": .service, "AfterModuleChangePackage": .service,
        "ClientEdit": .client, "ClientChangePassword": .client, "ClientClose": .client,
        "OrderPaid": .order, "AcceptOrder": .order,
        "PayMethodAdded": .payMethods, "PayMethodUpdated": .payMethods, "PayMethodDeleted": .payMethods, "CCUpdate": .payMethods,
        "TicketOpen": .ticket, "TicketUserReply": .ticket, "TicketAdminReply": .ticket, "TicketStatusChange": .ticket,
    ]

    /// Maps a signed WHMCS webhook body to a typed event. The hook script sends the hook's variables in
    /// `data`; the client id may be called `userid`, `clientid` or `client_id`.
    public static func event(from raw: RawJSON, context: WhmcsMappingContext) throws(MappingError) -> WhmcsEvent {
        let envelope = try EventEnvelope(raw)
        let data = envelope.data
        let change: WhmcsEvent.Change
        switch hooks[envelope.name] {
        case nil:
            change = .unknown(name: envelope.name)
        case .invoice?:
            change = .invoiceChanged(clientId: try optionalClientId(data), invoiceId: try data.id("invoiceid"))
        case .service?:
            change = .serviceChanged(clientId: try clientId(data), serviceId: try data.id("serviceid"))
        case .client?:
            change = .clientChanged(clientId: try clientId(data))
        case .order?:
            change = .orderChanged(clientId: try clientId(data), orderId: try data.id("orderid"))
        case .payMethods?:
            change = .payMethodsChanged(clientId: try clientId(data))
        case .ticket?:
            change = .ticketChanged(clientId: try optionalClientId(data), ticketId: try data.id("ticketid"))
        }
        return WhmcsEvent(id: envelope.id, instance: context.instance, name: envelope.name, occurredAt: envelope.occurredAt, change: change)
    }

    private static func clientId(_ data: ObjectReader) throws(MappingError) -> Int {
        guard let id = try optionalClientId(data) else { throw data.failure("userid", .missing, "the event names no client") }
        return id
    }

    private static func optionalClientId(_ data: ObjectReader) throws(MappingError) -> Int? {
        try data.first("userid", "clientid", "client_id", read: data.optionalId)
    }
}
