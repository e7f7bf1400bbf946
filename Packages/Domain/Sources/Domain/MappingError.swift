/// Why a raw provider payload could not become a domain value.
///
/// `path` names the raw field, e.g. `invoices.invoice[3].total`; `$` is the document itself.
public struct MappingError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Reason: String, Sendable, Codable, CaseIterable {
        case missing
        case wrongType
        case invalidValue
        case outOfRange
    }

    public let path: String
    public let reason: Reason
    public let detail: String

    public init(path: String, reason: Reason, detail: String) {
        self.path = path
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "\(path): \(reason.rawValue) (\(detail))" }
}
