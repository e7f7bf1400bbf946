import Domain
import Foundation

/// The body of `POST /api/tickets`: `{"subject": "…", "message": "…", "subscriptionId": 10011?}`. The
/// department and priority are the deployment's, never the caller's.
public struct OpenTicketRequest: Encodable, Sendable, Equatable {
    public let subject: String
    public let message: String
    public let subscriptionId: Int?

    /// The request in `body`, or every problem with it by field.
    public static func parse(_ body: Data) throws(ServiceError) -> OpenTicketRequest {
        guard case .object(let root)? = try? RawJSON.parse(body) else { throw .invalid(["body": "must be a JSON object"]) }
        var problems: [String: String] = [:]
        TicketText.unknownFields(root, accepted: ["subject", "message", "subscriptionId"], problems: &problems)
        let subject = TicketText.field("subject", in: root, length: TicketText.subject, problems: &problems)
        let message = TicketText.field("message", in: root, length: TicketText.message, problems: &problems)
        var subscriptionId: Int?
        switch root["subscriptionId"] {
        case nil, .null?:
            break
        case .number(let literal)? where Int(literal).map({ $0 > 0 }) == true:
            subscriptionId = Int(literal)
        default:
            problems["subscriptionId"] = "must be the id of one of your subscriptions"
        }
        guard problems.isEmpty, let subject, let message else { throw .invalid(problems) }
        return OpenTicketRequest(subject: subject, message: message, subscriptionId: subscriptionId)
    }
}
