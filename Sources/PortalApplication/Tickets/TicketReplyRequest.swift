import Domain
import Foundation

/// The body of `POST /api/tickets/{id}/replies`: `{"message": "…"}`.
public struct TicketReplyRequest: Encodable, Sendable, Equatable {
    public let message: String

    /// The request in `body`, or every problem with it by field.
    public static func parse(_ body: Data) throws(ServiceError) -> TicketReplyRequest {
        guard case .object(let root)? = try? RawJSON.parse(body) else { throw .invalid(["body": "must be a JSON object"]) }
        var problems: [String: String] = [:]
        TicketText.unknownFields(root, accepted: ["message"], problems: &problems)
        let message = TicketText.field("message", in: root, length: TicketText.message, problems: &problems)
        guard problems.isEmpty, let message else { throw .invalid(problems) }
        return TicketReplyRequest(message: message)
    }
}
