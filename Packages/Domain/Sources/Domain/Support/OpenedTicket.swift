/// What WHMCS answered to OpenTicket: the new ticket's id and the number customers see.
public struct OpenedTicket: Sendable, Hashable, Codable {
    public var id: Int
    public var number: String

    public init(id: Int, number: String) {
        self.id = id
        self.number = number
    }
}
