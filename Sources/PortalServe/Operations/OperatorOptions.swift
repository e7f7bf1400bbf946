import ArgumentParser
import Configuration
import Foundation
import PortalAPI
import PortalApplication
import PortalCache
import PortalRedis

/// What every operator command takes: where the configuration is, which Redis, and whether to print JSON.
public struct OperatorOptions: ParsableArguments {
    @Option(help: "A configuration file (default \(ConfigSources.defaultFile)).")
    public var config: String?

    @Option(help: "The Redis URL (overrides redis.url / REDIS_URL).")
    public var redis: String?

    @Flag(help: "Print JSON (as the operator listener's routes answer) instead of text.")
    public var json = false

    public init() {}

    /// Runs `work` with the administration over the configured Redis (one connection), and shows its value
    /// as JSON or as `text` renders it. A refusal is a `ValidationError` carrying the service's message.
    func output<Value: Encodable>(
        _ work: (ProvisioningAdministration) async throws(ServiceError) -> Value,
        text: (Value) -> String
    ) async throws -> String {
        var overrides: [AbsoluteConfigKey: ConfigValue] = [:]
        if let redis { overrides["redis.url"] = ConfigValue(.string(redis), isSecret: true) }
        let reader = try await ConfigSources.reader(file: config, overrides: overrides)
        var configuration = try RedisSettings.configuration(config: reader)
        configuration.poolSize = 1
        configuration.commandTimeout = .seconds(5)
        configuration.connectTimeout = .seconds(2)
        let client = RedisClient(configuration: configuration)
        let value: Value
        do {
            value = try await work(ProvisioningAdministration(stores: RedisStores(redis: client)))
            await client.shutdown()
        } catch {
            await client.shutdown()
            throw OperatorCommandFailure(error, redis: configuration.url)
        }
        if json { return String(decoding: try OperatorJSON.encode(value, pretty: true), as: UTF8.self) + "\n" }
        return text(value)
    }
}

/// Why an operator command did nothing, as the person at the terminal reads it; the exit status tells a
/// refusal (1) from an unreachable Redis (2).
struct OperatorCommandFailure: Error, CustomStringConvertible {
    let description: String
    let exitCode: ExitCode

    init(_ error: ServiceError, redis: RedisURL) {
        switch error {
        case .notFound(let what):
            description = "\(what) not found"
            exitCode = .failure
        case .invalid(let fields):
            description = fields.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; ")
            exitCode = .validationFailure
        case .conflict(let message, _):
            description = message
            exitCode = .failure
        case .unavailable, .busy, .rateLimited, .upstreamFailed:
            description = "Redis at \(redis) did not answer; nothing was changed"
            exitCode = ExitCode(2)
        }
    }
}
