/// A non-success answer from Freebit. `message` is Freebit's own text: for logs, never for customers.
public struct FreebitAPIError: Error, Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The auth key expired or was refused: authenticate again, then retry once.
        case authenticationFailed
        case invalidRequest
        case other
    }

    public var kind: Kind
    public var resultCode: String
    public var statusCode: String?
    public var message: String?

    public init(resultCode: String, statusCode: String?, message: String?) {
        self.resultCode = resultCode
        self.statusCode = statusCode
        self.message = message
        self.kind =
            switch resultCode {
            case "200", "201", "210": .authenticationFailed
            case "400": .invalidRequest
            default: .other
            }
    }
}
