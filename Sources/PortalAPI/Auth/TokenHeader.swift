import Foundation

/// The parts of a compact JWS the verifier reads before it trusts anything: the header's `alg`, `kid`
/// and `crit`, and the bytes the signature covers.
struct TokenHeader: Sendable {
    let algorithm: String
    let keyId: String?
    let hasCriticalExtensions: Bool
    let signingInput: Data
    let signature: Data

    private struct Fields: Decodable {
        let alg: String
        let kid: String?
        let crit: [String]?
    }

    init(token: String) throws(TokenRejection) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = Self.base64URL(parts[0]), let signature = Self.base64URL(parts[2]) else { throw .malformed }
        guard let fields = try? JSONDecoder().decode(Fields.self, from: header) else { throw .malformed }
        algorithm = fields.alg
        keyId = fields.kid
        hasCriticalExtensions = fields.crit != nil
        signingInput = Data(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        self.signature = signature
    }

    static func base64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.contains("=") else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
