import Foundation

/// A webhook signing secret as configured: `whsec_<base64>` is the Standard Webhooks form, whose HMAC key
/// is the base64-decoded rest (what the reference libraries and conformant senders use); any other
/// string is used as its UTF-8 bytes (what the contrib WHMCS hook uses). Never printed.
public struct WebhookSecret: Sendable, Equatable, CustomStringConvertible {
    /// Why a configured secret is unusable.
    public enum Invalid: Error, Equatable, Sendable {
        /// A `whsec_` secret whose rest is not standard base64.
        case notBase64
        /// Fewer than `minimumKeyBytes` bytes of key.
        case tooShort
    }

    public static let prefix = "whsec_"
    public static let minimumKeyBytes = 24

    /// The HMAC-SHA256 key.
    public let key: [UInt8]

    public init(_ text: String) throws(Invalid) {
        if text.hasPrefix(Self.prefix) {
            var encoded = String(text.dropFirst(Self.prefix.count))
            // Like the reference libraries, accept the base64 without its `=` padding.
            encoded += String(repeating: "=", count: (4 - encoded.utf8.count % 4) % 4)
            guard let decoded = Data(base64Encoded: encoded) else { throw .notBase64 }
            key = Array(decoded)
        } else {
            key = Array(text.utf8)
        }
        guard key.count >= Self.minimumKeyBytes else { throw .tooShort }
    }

    public var description: String { "<webhook secret>" }
}
