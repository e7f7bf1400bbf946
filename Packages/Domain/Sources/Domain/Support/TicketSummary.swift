/// One support ticket as listed. Text is plain text, as the customer or staff typed it.
public struct TicketSummary: Sendable, Hashable, Codable {
    public var id: Int
    /// The ticket number customers see (WHMCS's `tid`).
    public var number: String
    public var subject: String
    public var status: TicketStatus
    public var priority: TicketPriority
    public var department: String?
    public var openedAt: Instant
    public var lastReplyAt: Instant?
    /// The subscription the ticket is about, when it names one.
    public var subscriptionId: Int?

    public init(
        id: Int,
        number: String,
        subject: String,
        status: TicketStatus,
        priority: TicketPriority,
        department: String?,
        openedAt: Instant,
        lastReplyAt: Instant?,
        subscriptionId: Int?
    ) {
        self.id = id
        self.number = number
        self.subject = subject
        self.status = status
        self.priority = priority
        self.department = department
        self.openedAt = openedAt
        self.lastReplyAt = lastReplyAt
        self.subscriptionId = subscriptionId
    }
}
