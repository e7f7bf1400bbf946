import Crypto
import Foundation
import JWTKit
import PortalSupport

/// The keys portal access tokens may be signed with, each with the one algorithm it verifies: the HS256
/// secret and the login service's RS256/ES256 public keys (PEM or JWKS), limited to the configured algorithms.
struct TokenKeys: Sendable {
    struct Key: Sendable {
        /// The `kid` a token names to pick this key; nil for a key from a PEM file or a JWK without one.
        let id: String?
        let algorithm: any JWTAlgorithm
    }

    let keys: [Key]
    /// The `alg` values a token header may name.
    let algorithms: Set<String>

    /// Fails, naming the key, when the public keys cannot be read or a configured algorithm has no key.
    init(settings: AuthSettings) async throws(ConfigurationError) {
        var keys: [Key] = []
        let collection = JWTKeyCollection()
        if let secret = settings.hmacSecret {
            await collection.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: "hmac")
            keys.append(Key(id: nil, algorithm: try await Self.key(collection, "hmac", alg: "HS256", "auth.hmacSecret")))
        }
        if let text = settings.publicKeys {
            keys += try await Self.publicKeys(text, collection)
        }
        let available = Set(keys.map(\.algorithm.name))
        let algorithms = Set(settings.algorithms ?? Array(available))
        if let missing = algorithms.subtracting(available).sorted().first {
            throw ConfigurationError(key: "auth.algorithms", problem: "\(missing) is allowed but no configured key verifies it")
        }
        self.keys = keys.filter { algorithms.contains($0.algorithm.name) }
        self.algorithms = algorithms
    }

    /// The keys that may have signed a token whose header names `algorithm` and `keyId`, never a key of
    /// another algorithm: the key of that id when there is one, else those without an id (PEM keys); every
    /// key of the algorithm for a token that names no id.
    func candidates(algorithm: String, keyId: String?) -> [Key] {
        guard algorithms.contains(algorithm) else { return [] }
        let ofAlgorithm = keys.filter { $0.algorithm.name == algorithm }
        guard let keyId else { return ofAlgorithm }
        let named = ofAlgorithm.filter { $0.id == keyId }
        return named.isEmpty ? ofAlgorithm.filter { $0.id == nil } : named
    }

    private static func publicKeys(_ text: String, _ collection: JWTKeyCollection) async throws(ConfigurationError) -> [Key] {
        let key = "auth.publicKeysFile"
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") {
            let jwks: JWKS
            do {
                jwks = try JSONDecoder().decode(JWKS.self, from: Data(trimmed.utf8))
            } catch {
                throw ConfigurationError(key: key, problem: "is neither PEM nor a JWKS document (\(error))")
            }
            return try await jwksKeys(jwks, collection)
        }
        let blocks = pemBlocks(trimmed)
        guard !blocks.isEmpty else {
            throw ConfigurationError(key: key, problem: "holds no -----BEGIN PUBLIC KEY----- block and is not a JWKS document")
        }
        var keys: [Key] = []
        for (index, block) in blocks.enumerated() {
            let id = JWKIdentifier(string: "pem-\(index)")
            if let ecdsa = try? ES256PublicKey(pem: block) {
                await collection.add(ecdsa: ecdsa, kid: id)
            } else if let rsa = try? Insecure.RSA.PublicKey(pem: block) {
                await collection.add(rsa: rsa, digestAlgorithm: .sha256, kid: id)
            } else {
                throw ConfigurationError(
                    key: key,
                    problem: "key \(index + 1) is neither an RSA public key of at least 2048 bits nor a P-256 public key"
                )
            }
            keys.append(Key(id: nil, algorithm: try await Self.key(collection, id.string, alg: nil, key)))
        }
        return keys
    }

    /// RSA keys verify RS256 and P-256 keys ES256 (unless the JWK names another `alg`, which is then refused).
    private static func jwksKeys(_ jwks: JWKS, _ collection: JWTKeyCollection) async throws(ConfigurationError) -> [Key] {
        let key = "auth.publicKeysFile"
        guard !jwks.keys.isEmpty else { throw ConfigurationError(key: key, problem: "the JWKS document has no keys") }
        var keys: [Key] = []
        for (index, var jwk) in jwks.keys.enumerated() {
            let id = jwk.keyIdentifier?.string
            let algorithm: String
            switch (jwk.keyType, jwk.algorithm?.rawValue, jwk.curve?.rawValue) {
            case (.rsa, nil, _), (.rsa, "RS256"?, _): algorithm = "RS256"
            case (.ecdsa, nil, "P-256"?), (.ecdsa, "ES256"?, _): algorithm = "ES256"
            default:
                throw ConfigurationError(
                    key: key,
                    problem: "JWKS key \(index + 1)\(id.map { " (\($0))" } ?? "") is not an RS256 or ES256 key"
                )
            }
            let internalId = JWKIdentifier(string: "jwks-\(index)")
            jwk.keyIdentifier = internalId
            do {
                try await collection.add(jwk: jwk)
            } catch {
                throw ConfigurationError(key: key, problem: "JWKS key \(index + 1)\(id.map { " (\($0))" } ?? "") is unusable (\(error))")
            }
            keys.append(Key(id: id, algorithm: try await Self.key(collection, internalId.string, alg: algorithm, key)))
        }
        return keys
    }

    private static func key(
        _ collection: JWTKeyCollection,
        _ id: String,
        alg: String?,
        _ configKey: String
    ) async throws(ConfigurationError) -> any JWTAlgorithm {
        do {
            return try await collection.getKey(for: JWKIdentifier(string: id), alg: alg)
        } catch {
            throw ConfigurationError(key: configKey, problem: "the key cannot verify tokens (\(error))")
        }
    }

    /// Every `-----BEGIN … PUBLIC KEY-----` block of a PEM file, armour included.
    private static func pemBlocks(_ text: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(whereSeparator: \.isNewline) {
            let line = line.trimmingCharacters(in: .whitespaces)[...]
            if line.hasPrefix("-----BEGIN "), line.hasSuffix("PUBLIC KEY-----") {
                current = [line]
            } else if var lines = current {
                lines.append(line)
                if line.hasPrefix("-----END ") {
                    blocks.append(lines.joined(separator: "\n"))
                    current = nil
                } else {
                    current = lines
                }
            }
        }
        return blocks
    }
}
