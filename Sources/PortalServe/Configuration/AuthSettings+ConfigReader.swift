import Configuration
import Foundation
import PortalAPI
import PortalSupport

extension AuthSettings {
    public init(config: ConfigReader) throws(ConfigurationError) {
        let hmacSecret: String?
        let publicKeys: String?
        let issuer: String?
        let audience: String?
        let maxLifetimeSeconds: Int
        let leewaySeconds: Int
        let secret = config.string(forKey: "auth.hmacSecret", isSecret: true)
        if let secret, secret.utf8.count < 32 { throw .init(key: "auth.hmacSecret", problem: "must be at least 32 characters") }
        hmacSecret = secret
        if let path = config.string(forKey: "auth.publicKeysFile") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw .init(key: "auth.publicKeysFile", problem: "cannot read \(path)")
            }
            publicKeys = text
        } else {
            publicKeys = nil
        }
        guard hmacSecret != nil || publicKeys != nil else {
            throw .init(
                key: "auth.hmacSecret",
                problem: "is required (at least 32 characters) unless auth.publicKeysFile names the login service's public keys"
            )
        }
        let algorithms = config.stringArray(forKey: "auth.algorithms")
        if let algorithms {
            guard !algorithms.isEmpty else { throw .init(key: "auth.algorithms", problem: "must name at least one algorithm") }
            if let unknown = algorithms.first(where: { !Self.supportedAlgorithms.contains($0) }) {
                throw .init(key: "auth.algorithms", problem: "\(unknown) is not one of \(Self.supportedAlgorithms.joined(separator: ", "))")
            }
        }
        let configuredAlgorithms = algorithms
        issuer = config.string(forKey: "auth.issuer").flatMap { $0.isEmpty ? nil : $0 }
        audience = config.string(forKey: "auth.audience").flatMap { $0.isEmpty ? nil : $0 }
        maxLifetimeSeconds = config.int(forKey: "auth.maxLifetimeSeconds", default: 86_400)
        guard (60...(7 * 86_400)).contains(maxLifetimeSeconds) else { throw .init(key: "auth.maxLifetimeSeconds", problem: "must be 60...604800") }
        leewaySeconds = config.int(forKey: "auth.leewaySeconds", default: 60)
        guard (0...300).contains(leewaySeconds) else { throw .init(key: "auth.leewaySeconds", problem: "must be 0...300") }
        self.init(
            hmacSecret: hmacSecret,
            publicKeys: publicKeys,
            algorithms: configuredAlgorithms,
            issuer: issuer,
            audience: audience,
            maxLifetimeSeconds: maxLifetimeSeconds,
            leewaySeconds: leewaySeconds
        )
    }
}
