import Foundation
import PortalSupport

/// Secrets come from the environment or a secrets directory, never from a configuration file that may be
/// committed. Outside development, a file that holds one stops start-up.
public enum SecretsInFiles {
    /// Keys whose last component names a secret.
    static let secretNames: Set<String> = ["hmacSecret", "secret", "secrets", "privateKey", "oemKey", "password"]

    /// The secret keys `file` sets, as dotted paths (`whmcs.default.secret`), sorted.
    public static func secretKeys(inJSONFile file: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: file), let root = try? JSONSerialization.jsonObject(with: data) else { return [] }
        return flattenedKeys(root, prefix: []).filter { secretNames.contains($0.last ?? "") }.map { $0.joined(separator: ".") }.sorted()
    }

    /// Refuses a file with secrets unless the configuration is for development.
    public static func check(file: String, environment: String) throws(ConfigurationError) {
        guard environment != "development", let key = secretKeys(inJSONFile: file).first else { return }
        throw ConfigurationError(
            key: key,
            problem: "is a secret: set it in the environment (\(environmentName(of: key))) or the secrets directory, not in \(file)"
        )
    }

    /// The environment variable swift-configuration reads for `key`: `auth.hmacSecret` is `AUTH_HMAC_SECRET`.
    public static func environmentName(of key: String) -> String {
        var name = ""
        for character in key {
            if character == "." || character == "-" {
                name.append("_")
            } else if character.isUppercase, let last = name.last, last != "_" {
                name.append("_")
                name.append(character)
            } else {
                name.append(character.uppercased())
            }
        }
        return name
    }

    private static func flattenedKeys(_ value: Any, prefix: [String]) -> [[String]] {
        guard let object = value as? [String: Any] else { return prefix.isEmpty ? [] : [prefix] }
        return object.flatMap { key, child in flattenedKeys(child, prefix: prefix + [key]) }
    }
}
