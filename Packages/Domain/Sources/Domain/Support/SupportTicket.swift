/// A ticket with its conversation, oldest message first, encoded flat: the summary's fields beside `messages`.
public struct SupportTicket: Sendable, Hashable, Codable {
    public var summary: TicketSummary
    public var messages: [TicketMessage]

    public init(summary: TicketSummary, messages: [TicketMessage]) {
        self.summary = summary
        self.messages = messages
    }

    private enum CodingKeys: String, CodingKey {
        case messages
    }

    public init(from decoder: any Decoder) throws {
        summary = try TicketSummary(from: decoder)
        messages = try decoder.container(keyedBy: CodingKeys.self).decode([TicketMessage].self, forKey: .messages)
    }

    public func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(messages, forKey: .messages)
    }
}
