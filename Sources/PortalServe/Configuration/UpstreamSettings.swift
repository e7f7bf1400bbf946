import Configuration
import Foundation
import PortalFreebit
import PortalSalesforce
import PortalSupport
import PortalUpstream
import PortalWhmcs

/// Where the upstreams are and how to sign in to them, read once from configuration. Secrets (`secret`,
/// `oemKey`, the private key) belong in environment variables or files, never in a committed file.
///
/// Keys:
/// - `whmcs.instances`: instance names (`default,brand-b`); per instance `N`: `whmcs.N.url` (the WHMCS root),
///   `whmcs.N.identifier`, `whmcs.N.secret` (API credential pair, e.g. `WHMCS_DEFAULT_SECRET`).
/// - `salesforce.loginUrl` (`https://login.salesforce.com`), `salesforce.audience` (same), `salesforce.clientId`
///   (connected app consumer key), `salesforce.username` (integration user), `salesforce.privateKeyFile` or
///   `salesforce.privateKey` (PEM), `salesforce.apiVersion` (`v61.0`), `salesforce.pricebookId`,
///   `salesforce.tokenLifetimeSeconds` (7200, the org's session timeout).
/// - `freebit.url`, `freebit.oemId`, `freebit.oemKey`.
/// - Per upstream `S` in `whmcs`, `salesforce`, `freebit`: `upstream.S.perMinute` (100), `upstream.S.burst` (20),
///   `upstream.S.timeoutSeconds` (10), `upstream.S.breakerFailures` (5), `upstream.S.breakerOpenSeconds` (30),
///   `upstream.S.sharePerMinute` (20) and `upstream.S.shareBurst` (10): each customer's share of that budget;
///   `upstream.S.backgroundPerMinute` (50) and `upstream.S.backgroundBurst` (10): the share of all background
///   work together (webhooks, provisioning); each at most `perMinute` and `burst`; `upstream.S.retryAttempts` (5),
///   `upstream.S.retryBaseMilliseconds` (100) and `upstream.S.retryMaxMilliseconds` (2000): how safe retries back off.
public struct UpstreamSettings: Sendable {
    public let whmcs: [WhmcsInstance]
    public let salesforce: SalesforceCredentials?
    public let salesforcePricebookId: String?
    public let salesforceTokenLifetime: Duration
    public let freebit: FreebitCredentials?
    private let callers: [String: UpstreamCaller.Settings]

    public init(config: ConfigReader) throws(ConfigurationError) {
        var instances: [WhmcsInstance] = []
        for name in config.stringArray(forKey: "whmcs.instances", default: []) {
            instances.append(
                WhmcsInstance(
                    name: name,
                    baseURL: try Self.url(config, "whmcs.\(name).url"),
                    identifier: try Self.required(config, "whmcs.\(name).identifier", secret: false),
                    secret: try Self.required(config, "whmcs.\(name).secret", secret: true)
                )
            )
        }
        whmcs = instances
        salesforce = try Self.salesforce(config)
        salesforcePricebookId = config.string(forKey: "salesforce.pricebookId")
        salesforceTokenLifetime = .seconds(config.int(forKey: "salesforce.tokenLifetimeSeconds", default: 7200))
        if config.string(forKey: "freebit.url") != nil {
            freebit = FreebitCredentials(
                baseURL: try Self.url(config, "freebit.url"),
                oemId: try Self.required(config, "freebit.oemId", secret: false),
                oemKey: try Self.required(config, "freebit.oemKey", secret: true)
            )
        } else {
            freebit = nil
        }
        var callers: [String: UpstreamCaller.Settings] = [:]
        for system in ["whmcs", "salesforce", "freebit"] {
            callers[system] = try Self.caller(config, system)
        }
        self.callers = callers
    }

    /// The resilience settings of `system` (`whmcs`, `salesforce` or `freebit`).
    public func callerSettings(for system: String) -> UpstreamCaller.Settings {
        callers[system] ?? UpstreamCaller.Settings()
    }

    private static func salesforce(_ config: ConfigReader) throws(ConfigurationError) -> SalesforceCredentials? {
        guard config.string(forKey: "salesforce.clientId") != nil else { return nil }
        let key: String
        if let pem = config.string(forKey: "salesforce.privateKey", isSecret: true) {
            key = pem
        } else {
            let path = try required(config, "salesforce.privateKeyFile", secret: false)
            guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ConfigurationError(key: "salesforce.privateKeyFile", problem: "cannot read \(path)")
            }
            key = pem
        }
        return SalesforceCredentials(
            loginURL: try url(config, "salesforce.loginUrl", default: "https://login.salesforce.com"),
            audience: config.string(forKey: "salesforce.audience", default: "https://login.salesforce.com"),
            clientId: try required(config, "salesforce.clientId", secret: false),
            username: try required(config, "salesforce.username", secret: false),
            privateKeyPEM: key,
            apiVersion: config.string(forKey: "salesforce.apiVersion", default: "v61.0")
        )
    }

    /// The resilience settings of `system` alone, for the sandbox, whose connections need nothing else.
    public static func callerSettings(config: ConfigReader, system: String) throws(ConfigurationError) -> UpstreamCaller.Settings {
        try caller(config, system)
    }

    private static func caller(_ config: ConfigReader, _ system: String) throws(ConfigurationError) -> UpstreamCaller.Settings {
        func number(_ name: String, _ fallback: Int, _ range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
            let key = "upstream.\(system).\(name)"
            let value = config.int(forKey: ConfigKey(key), default: fallback)
            guard range.contains(value) else { throw ConfigurationError(key: key, problem: "must be in \(range), found \(value)") }
            return value
        }
        let perMinute = try number("perMinute", 100, 1...100_000)
        let burst = try number("burst", 20, 1...10_000)
        return UpstreamCaller.Settings(
            breaker: .init(
                failureThreshold: try number("breakerFailures", 5, 1...1000),
                openDuration: .seconds(try number("breakerOpenSeconds", 30, 1...3600))
            ),
            perMinute: perMinute,
            burst: burst,
            sharePerMinute: try number("sharePerMinute", min(20, perMinute), 1...perMinute),
            shareBurst: try number("shareBurst", min(10, burst), 1...burst),
            backgroundPerMinute: try number("backgroundPerMinute", min(50, perMinute), 1...perMinute),
            backgroundBurst: try number("backgroundBurst", min(10, burst), 1...burst),
            retry: RetryPolicy(
                maximumAttempts: try number("retryAttempts", 5, 1...10),
                baseDelay: .milliseconds(try number("retryBaseMilliseconds", 100, 1...60_000)),
                maximumDelay: .milliseconds(try number("retryMaxMilliseconds", 2000, 1...60_000))
            ),
            timeout: .seconds(try number("timeoutSeconds", 10, 1...300))
        )
    }

    private static func required(_ config: ConfigReader, _ key: String, secret: Bool) throws(ConfigurationError) -> String {
        guard let value = config.string(forKey: ConfigKey(key), isSecret: secret), !value.isEmpty else {
            throw ConfigurationError(key: key, problem: "is required")
        }
        return value
    }

    private static func url(_ config: ConfigReader, _ key: String, default fallback: String? = nil) throws(ConfigurationError) -> URL {
        guard let text = config.string(forKey: ConfigKey(key)) ?? fallback else { throw ConfigurationError(key: key, problem: "is required") }
        guard let url = URL(string: text), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw ConfigurationError(key: key, problem: "is not an http(s) URL")
        }
        return url
    }
}
