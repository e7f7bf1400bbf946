import Domain

/// What `PATCH /api/me` answers: the contact details as they now are (or will be), and whether every
/// system holds them yet. `pending` means the billing system has them and the CRM follows shortly.
public struct ContactChangeAnswer: Encodable, Sendable, PendingAnswer {
    public enum Status: String, Encodable, Sendable {
        case applied, pending
    }

    public let status: Status
    public let email: String?
    public let phone: String?
    public let address: Address?

    init(_ status: Status, _ details: ContactDetails) {
        self.status = status
        self.email = details.email
        self.phone = details.phone
        self.address = details.address
    }

    public var isPending: Bool { status == .pending }
}

/// An answer of a write that was accepted and finishes later (`202 Accepted` rather than the route's status).
public protocol PendingAnswer {
    var isPending: Bool { get }
}
