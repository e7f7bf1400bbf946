import Configuration
import Foundation
import PortalAPI
import PortalCache
import PortalServe
import PortalSupport
import TestSupport
import Testing

@testable import PortalApplication
@testable import PortalServe

@Suite("Configuration files")
struct ConfigurationFilesTests {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let example = root.appendingPathComponent("config/production.example.json").path
    private static let secrets: [AbsoluteConfigKey: ConfigValue] = [
        "auth.hmacSecret": .init(.string("a-production-secret-from-the-environment"), isSecret: true),
        "whmcs.default.secret": .init(.string("whmcs-secret"), isSecret: true),
        "whmcs.brand-b.secret": .init(.string("whmcs-secret-b"), isSecret: true),
        "freebit.oemKey": .init(.string("oem-key"), isSecret: true),
        "webhooks.whmcs.default.secrets": .init(.stringArray(["the-default-webhook-secret-0001"]), isSecret: true),
        "webhooks.whmcs.brand-b.secrets": .init(.stringArray(["the-brand-b-webhook-secret-0001"]), isSecret: true),
        "webhooks.salesforce.secrets": .init(.stringArray(["the-salesforce-webhook-secret-01"]), isSecret: true),
        "salesforce.privateKey": .init(.string("-----BEGIN PRIVATE KEY-----"), isSecret: true),
    ]

    @Test func theProductionExampleLoadsOnceTheSecretsComeFromElsewhere() async throws {
        let reader = try await ConfigSources.reader(file: Self.example, overrides: Self.secrets)
        let server = try ServerSettings(config: reader)
        #expect(server.environment == "production")
        #expect(server.maxBodyBytes == 65536)
        #expect(try LogSettings(config: reader).format == .json)
        _ = try CacheSettings(config: reader)
        _ = try MappingSettings(config: reader)
        _ = try RedisSettings.configuration(config: reader)
        let upstreams = try UpstreamSettings(config: reader)
        #expect(upstreams.whmcs.map(\.name) == ["default", "brand-b"])
        #expect(upstreams.salesforce != nil)
        #expect(upstreams.freebit != nil)
        #expect(try ProvisioningSettings(config: reader).whmcsProducts["SIM-FEE"] == .some(nil))
        let webhooks = try WebhookSettings(config: reader)
        #expect(webhooks.whmcsSecrets.keys.sorted() == ["brand-b", "default"])
        #expect(webhooks.toleranceSeconds == 300)
        let auth = try AuthSettings(config: reader)
        #expect(auth.algorithms == ["HS256"])
        _ = try await TokenVerifier(settings: auth)
        try SecretsInFiles.check(file: Self.example, environment: server.environment)
    }

    @Test func withoutItsSecretTheProductionExampleNamesTheMissingKey() async throws {
        let reader = try await ConfigSources.reader(file: Self.example)
        #expect(
            throws: ConfigurationError(
                key: "auth.hmacSecret",
                problem: "is required (at least 32 characters) unless auth.publicKeysFile names the login service's public keys"
            )
        ) {
            try AuthSettings(config: reader)
        }
    }

    @Test func aSecretInAProductionFileStopsStartUpButDevelopmentMayHaveOne() throws {
        let file = try temporaryConfigFile(#"{"environment":"production","whmcs":{"default":{"url":"https://x.example","secret":"s"}}}"#)
        #expect(SecretsInFiles.secretKeys(inJSONFile: file) == ["whmcs.default.secret"])
        do {
            try SecretsInFiles.check(file: file, environment: "production")
            Issue.record("a secret in a production file was accepted")
        } catch {
            #expect(error.key == "whmcs.default.secret")
            #expect(error.problem.contains("WHMCS_DEFAULT_SECRET"))
        }
        try SecretsInFiles.check(file: file, environment: "development")
    }

    @Test func everyKeyOfTheProductionExampleIsDocumented() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("config/README.md"), encoding: .utf8)
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.example))
        let keys = Self.leafKeys(try JSONSerialization.jsonObject(with: data), prefix: [])
        #expect(keys.count > 40)
        let undocumented = keys.map(Self.generalized).filter { !readme.contains("`\($0)`") }
        #expect(undocumented == [])
    }

    /// `whmcs.brand-b.url` is documented as `whmcs.N.url`, `cache.invoice.freshSeconds` as `cache.E.freshSeconds`.
    private static func generalized(_ key: [String]) -> String {
        var parts = key
        if parts.count == 3, parts[0] == "whmcs", !["simFields"].contains(parts[1]) { parts[1] = "N" }
        if parts.count == 3, parts[0] == "cache" { parts[1] = "E" }
        if parts.count == 3, parts[0] == "upstream" { parts[1] = "S" }
        return parts.joined(separator: ".")
    }

    private static func leafKeys(_ value: Any, prefix: [String]) -> [[String]] {
        guard let object = value as? [String: Any] else { return [prefix] }
        return object.flatMap { leafKeys($1, prefix: prefix + [$0]) }
    }
}
