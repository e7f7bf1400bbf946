import Crypto
import Foundation

/// Standard Webhooks signatures: `webhook-signature: v1,<base64 of HMAC-SHA256(key, id.timestamp.body)>`,
/// several space-separated to allow secret rotation. The key is what the `WebhookSecret` says: the decoded
/// bytes of a `whsec_` secret, else the secret's UTF-8 bytes (as `contrib/whmcs` uses them).
public struct WebhookSignature: Sendable {
    public enum Rejection: Error, Equatable, Sendable {
        case missingHeaders
        case timestampOutsideTolerance
        /// More candidate signatures than `maximumCandidates`; none of them is looked at.
        case tooManySignatures
        case noValidSignature
    }

    /// The most signatures one request may carry: a rotation needs two, a few more leave room for other
    /// versions. Past it the request is refused before any MAC is computed.
    public static let maximumCandidates = 8

    private let keys: [SymmetricKey]
    private let tolerance: Duration
    private let now: @Sendable () -> Date

    /// `secrets`: every secret currently accepted (the new one and, during a rotation, the old one).
    public init(secrets: [WebhookSecret], tolerance: Duration = .seconds(300), now: @escaping @Sendable () -> Date = { Date() }) {
        keys = secrets.map { SymmetricKey(data: $0.key) }
        self.tolerance = tolerance
        self.now = now
    }

    /// Accepts the request only if its timestamp is within the tolerance of now and one of its `v1`
    /// signatures was made over exactly these bytes with one of the secrets. Each key's MAC is computed
    /// once, whatever the number of candidates, and every candidate is compared with it in constant time.
    /// Returns the verified `webhook-id`.
    @discardableResult
    public func verify(id: String?, timestamp: String?, signatures: String?, body: Data) throws(Rejection) -> String {
        guard let id, !id.isEmpty, let timestamp, let signatures, let seconds = Int64(timestamp) else { throw .missingHeaders }
        let age = now().timeIntervalSince1970 - Double(seconds)
        guard abs(age) <= Double(tolerance.components.seconds) else { throw .timestampOutsideTolerance }
        let candidates = signatures.split(separator: " ", maxSplits: Self.maximumCandidates)
        guard candidates.count <= Self.maximumCandidates else { throw .tooManySignatures }
        let macs = candidates.compactMap { candidate in candidate.hasPrefix("v1,") ? Self.decode(candidate.dropFirst(3)) : nil }
        guard !macs.isEmpty else { throw .noValidSignature }
        let content = Self.signedContent(id: id, timestamp: timestamp, body: body)
        var matched = false
        for key in keys {
            let expected = HMAC<SHA256>.authenticationCode(for: content, using: key)
            for mac in macs where expected == mac {
                matched = true
            }
        }
        guard matched else { throw .noValidSignature }
        return id
    }

    /// The `webhook-signature` value for `body` signed with `secret`.
    public static func sign(id: String, timestamp: Int64, body: Data, secret: WebhookSecret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: signedContent(id: id, timestamp: String(timestamp), body: body),
            using: SymmetricKey(data: secret.key)
        )
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
