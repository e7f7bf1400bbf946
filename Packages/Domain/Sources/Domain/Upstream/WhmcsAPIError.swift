/// An error WHMCS answered with. `message` is WHMCS's own text: for logs, never for customers.
public struct WhmcsAPIError: Error, Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Bad API credentials or a banned IP. Never retried: repeated failures get the caller's IP banned.
        case authenticationFailed
        case notFound
        case invalidRequest
        /// UpdateClient (or AddClient) refused an email address another client has.
        case duplicateEmail
        case other
    }

    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// Classifies WHMCS's free-text message.
    public init(message: String) {
        let lower = message.lowercased()
        let kind: Kind =
            if lower.contains("authentication failed") || lower.contains("invalid ip") || lower.contains("access denied") {
                .authenticationFailed
            } else if lower.contains("duplicate email") {
                .duplicateEmail
            } else if lower.contains("not found") {
                .notFound
            } else if lower.contains("invalid") || lower.contains("required") || lower.contains("missing") {
                .invalidRequest
            } else {
                .other
            }
        self.init(kind: kind, message: message)
    }
}
