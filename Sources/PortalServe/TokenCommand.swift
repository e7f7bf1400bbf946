import ArgumentParser
import Configuration
import Foundation
import PortalAPI
import PortalApplication
import PortalSandbox

/// `portal-bff token --customer ID`: a portal access token for a seeded sandbox customer, signed with the
/// configured HS256 secret (with the configured issuer and audience). Refused unless the configuration
/// says `environment: development`, and when the token would outlive `auth.maxLifetimeSeconds`.
public struct TokenCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "token", abstract: "Print an access token for a sandbox customer.")

    @Option(help: "The sandbox customer id (see `portal-bff sandbox customers`).")
    public var customer: String

    @Option(help: "A configuration file (default \(ConfigSources.defaultFile)).")
    public var config: String?

    @Option(help: "Seconds until the token expires.")
    public var ttl: Int = 3600

    public init() {}

    public func validate() throws {
        guard (1...86_400).contains(ttl) else { throw ValidationError("--ttl must be 1...86400 seconds") }
    }

    public func run() async throws {
        FileHandle.standardOutput.write(Data((try await mint() + "\n").utf8))
    }

    /// The token, or why none may be minted.
    func mint() async throws -> String {
        try await Self.mint(customer: customer, ttl: ttl, config: try await ConfigSources.reader(file: config))
    }

    /// A token for the seeded `customer`, valid `ttl` seconds, signed as `config` says; refused unless the
    /// configuration is a development one with `auth.hmacSecret`.
    static func mint(customer: String, ttl: Int, config reader: ConfigReader) async throws -> String {
        let settings = try ServerSettings(config: reader)
        guard settings.isDevelopment else { throw ValidationError("tokens are only minted with a development configuration") }
        let auth = try AuthSettings(config: reader)
        guard auth.hmacSecret != nil else { throw ValidationError("tokens are minted with auth.hmacSecret, which is not configured") }
        guard ttl <= auth.maxLifetimeSeconds else {
            throw ValidationError("--ttl \(ttl) is longer than auth.maxLifetimeSeconds (\(auth.maxLifetimeSeconds)); the BFF would refuse the token")
        }
        guard let seeded = SandboxSeed().customers.first(where: { $0.customerId == customer }) else {
            throw ValidationError("no sandbox customer \(customer); see `portal-bff sandbox customers`")
        }
        let identity = Customer(
            userId: seeded.customerId,
            whmcsClientId: seeded.whmcsClientId,
            whmcsInstance: seeded.whmcsInstance,
            salesforceAccountId: seeded.salesforceAccountId
        )
        return try await TokenVerifier(settings: auth).token(for: identity, expiresIn: ttl)
    }
}
