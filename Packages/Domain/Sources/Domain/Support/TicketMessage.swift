/// One message of a ticket's conversation: the opening message or a reply, in plain text.
public struct TicketMessage: Sendable, Hashable, Codable {
    public enum Author: String, Sendable, Hashable, Codable {
        case customer, staff
    }

    /// WHMCS's reply id; the opening message has 0.
    public var id: Int
    public var author: Author
    public var authorName: String?
    public var postedAt: Instant
    public var message: String

    public init(id: Int, author: Author, authorName: String?, postedAt: Instant, message: String) {
        self.id = id
        self.author = author
        self.authorName = authorName
        self.postedAt = postedAt
        self.message = message
    }
}
