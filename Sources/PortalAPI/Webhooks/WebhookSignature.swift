import Crypto
import Foundation

/// Standard Webhooks signatures: `webhook-signature: v1,<base64 of HMAC-SHA256(secret, id.timestamp.body)>`,
/// several space-separated to allow secret rotation. The secret's UTF-8 bytes are the HMAC key, as the
/// senders (`contrib/whmcs`, the Salesforce callout, `portal-bff webhook sign`) use them.
public struct WebhookSignature: Sendable {
    public enum Rejection: Error, Equatable, Sendable {
        case missingHeaders
        case timestampOutsideTolerance
        case noValidSignature
    }

    private let keys: [SymmetricKey]
    private let tolerance: Duration
    private let now: @Sendable () -> Date

    /// `secrets`: every secret currently accepted (the new one and, during a rotation, the old one).
    public init(secrets: [String], tolerance: Duration = .seconds(300), now: @escaping @Sendable () -> Date = { Date() }) {
        keys = secrets.map { SymmetricKey(data: Data($0.utf8)) }
        self.tolerance = tolerance
        self.now = now
    }

    /// Accepts the request only if its timestamp is within the tolerance of now and one of its `v1`
    /// signatures was made over exactly these bytes with one of the secrets. Comparison is constant-time.
    public func verify(id: String?, timestamp: String?, signatures: String?, body: Data) throws(Rejection) {
        guard let id, !id.isEmpty, let timestamp, let signatures, let seconds = Int64(timestamp) else { throw .missingHeaders }
        let age = now().timeIntervalSince1970 - Double(seconds)
        guard abs(age) <= Double(tolerance.components.seconds) else { throw .timestampOutsideTolerance }
        let content = Self.signedContent(id: id, timestamp: timestamp, body: body)
        for candidate in signatures.split(separator: " ") {
            guard candidate.hasPrefix("v1,"), let mac = Self.decode(candidate.dropFirst(3)) else { continue }
            for key in keys where HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: content, using: key) {
                return
            }
        }
        throw .noValidSignature
    }

    /// The `webhook-signature` value for `body` signed with `secret`.
    public static func sign(id: String, timestamp: Int64, body: Data, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: signedContent(id: id, timestamp: String(timestamp), body: body), using: SymmetricKey(data: Data(secret.utf8)))
        return "v1," + Data(mac).base64EncodedString()
    }

    private static func signedContent(id: String, timestamp: String, body: Data) -> Data {
        var content = Data("\(id).\(timestamp).".utf8)
        content.append(body)
        return content
    }

    /// The MAC bytes of a signature given in base64 or, as some senders write it, in hex.
    private static func decode(_ text: Substring) -> Data? {
        if let data = Data(base64Encoded: String(text)), data.count == SHA256.byteCount { return data }
        guard text.utf8.count == SHA256.byteCount * 2 else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return Data(bytes)
    }
}
