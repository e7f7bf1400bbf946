/// A change WHMCS reported through its webhook, reduced to what it changed.
public struct WhmcsEvent: Sendable, Hashable, Codable {
    /// What the event changed; the BFF decides what to invalidate from this alone.
    public enum Change: Sendable, Hashable, Codable {
        /// `clientId` is nil when the sender did not add it: WHMCS's InvoicePaid hook carries only the invoice id.
        case invoiceChanged(clientId: Int?, invoiceId: Int)
        case serviceChanged(clientId: Int, serviceId: Int)
        case clientChanged(clientId: Int)
        case orderChanged(clientId: Int, orderId: Int)
        case payMethodsChanged(clientId: Int)
        /// A ticket was opened, answered or changed state; `clientId` is nil when the sender did not add it
        /// (WHMCS's TicketAdminReply and TicketStatusChange hooks carry only the ticket id).
        case ticketChanged(clientId: Int?, ticketId: Int)
        case unknown(name: String)
    }

    /// The sender's unique event id, used to process each event once.
    public var id: String
    /// The WHMCS instance (brand) that sent it.
    public var instance: String
    /// The WHMCS hook name, e.g. `InvoicePaid`.
    public var name: String
    public var occurredAt: Instant
    public var change: Change

    public init(id: String, instance: String, name: String, occurredAt: Instant, change: Change) {
        self.id = id
        self.instance = instance
        self.name = name
        self.occurredAt = occurredAt
        self.change = change
    }
}

extension WhmcsEvent.Change {
    /// False for an event name the mapper does not know, which is acknowledged and otherwise ignored.
    public var isKnown: Bool {
        if case .unknown = self { false } else { true }
    }
}
