import ArgumentParser
import Configuration
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import PortalAPI
import PortalCache
import PortalConfig
import PortalRedis
import PortalSandbox
import PortalUpstream
import PortalWhmcs

/// `portal-bff serve`: the portal API. With `--sandbox` the upstream simulators run in-process and the
/// clients talk to them, so the API answers with no credentials at all.
public struct ServeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the portal API.")

    @Option(help: "A configuration file (default \(ConfigSources.defaultFile)).")
    public var config: String?

    @Option(help: "A directory of secret files, one per key (auth-hmacSecret, whmcs-default-secret, …); default $PORTAL_SECRETS_DIR.")
    public var secretsDir: String?

    @Flag(help: "Run the upstream simulators in-process and use them.")
    public var sandbox = false

    @Option(help: "With --sandbox: the simulators' port (default: a free one); its /_control routes turn their knobs.")
    public var sandboxPort: Int?

    @Option(help: "The address to listen on (overrides http.host).")
    public var host: String?

    @Option(help: "The port to listen on (overrides http.port).")
    public var port: Int?

    @Option(help: "The operator listener's port, for /metrics and the detailed /readyz (overrides http.operator.port; 0 picks a free one).")
    public var operatorPort: Int?

    @Option(help: "The Redis URL (overrides redis.url / REDIS_URL).")
    public var redis: String?

    public init() {}

    public func run() async throws {
        var overrides: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { overrides["http.host"] = ConfigValue(.string(host), isSecret: false) }
        if let port { overrides["http.port"] = ConfigValue(.int(port), isSecret: false) }
        if let operatorPort { overrides["http.operator.port"] = ConfigValue(.int(operatorPort), isSecret: false) }
        if let redis { overrides["redis.url"] = ConfigValue(.string(redis), isSecret: true) }
        let secrets = secretsDir ?? ProcessInfo.processInfo.environment[ConfigSources.secretsDirectoryVariable]
        let reader = try await ConfigSources.reader(file: config, overrides: overrides, secretsDirectory: secrets)
        let logSettings = try LogSettings(config: reader)
        LoggingSystem.bootstrap(logSettings.makeHandler)
        let logger = Logger(label: "portal-bff")
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let server = try ServerSettings(config: reader)
        let openFiles = OpenFileLimit.raisingSoftToHard()
        logger.info(
            "open-file limit", metadata: [
                "soft": "\(openFiles.current)", "hard": "\(openFiles.hard)", "softAtStart": "\(openFiles.original)",
                "raiseErrno": openFiles.raiseFailure.map { "\($0)" } ?? "none",
            ])
        let connections = try ConnectionSettings(config: reader, openFiles: openFiles.current)
        let auth = try AuthSettings(config: reader)
        try SecretsInFiles.check(file: ConfigSources.file(config), environment: server.environment)
        let mapping = try MappingSettings(config: reader)
        let redisClient = RedisClient(configuration: try RedisSettings.configuration(config: reader))
        let upstreams: Upstreams
        var runningSandbox: RunningSandbox?
        if sandbox {
            let simulators = Sandbox()
            let running = try await simulators.start(port: sandboxPort ?? 0)
            runningSandbox = running
            var callerSettings: [String: UpstreamCaller.Settings] = [:]
            for system in ["whmcs", "salesforce", "freebit"] {
                callerSettings[system] = try UpstreamSettings.callerSettings(config: reader, system: system)
            }
            upstreams = SandboxUpstreams.make(
                simulators, running, mapping: mapping, settingsOf: { callerSettings[$0] ?? UpstreamCaller.Settings() }, logger: logger)
            logger.info("sandbox upstreams running", metadata: ["salesforce": .string(running.baseURLs.salesforce.absoluteString)])
        } else {
            upstreams = try ConfiguredUpstreams.make(try UpstreamSettings(config: reader), mapping: mapping, logger: logger)
        }
        let draining = Draining()
        let cacheSettings = try CacheSettings(config: reader)
        let dependencies = PortalDependencies(
            verifier: try await TokenVerifier(settings: auth),
            cache: CacheService(redis: redisClient, maximumEntriesPerGroup: cacheSettings.maximumEntriesPerGroup),
            policies: cacheSettings, upstreams: upstreams, redis: redisClient, metrics: registry,
            customerRequestsPerMinute: server.customerRequestsPerMinute, customerBurst: server.customerBurst, maxBodyBytes: server.maxBodyBytes,
            webhooks: try WebhookSettings(config: reader), mapping: mapping, draining: draining)
        let app = buildApplication(dependencies, host: server.host, port: server.port, limits: connections.limits, logger: logger) { port in
            logger.info(
                "listening", metadata: [
                    "url": "http://\(server.host):\(port)", "port": "\(port)", "maxConnections": "\(connections.limits.maxConnections)",
                ])
        }
        let operatorApp = buildOperatorApplication(dependencies, host: server.operatorHost, port: server.operatorPort, logger: logger) { port in
            logger.info("operator listener running", metadata: ["url": .string("http://\(server.operatorHost):\(port)")])
        }
        var closing = [ClosingService("redis") { await redisClient.shutdown() }]
        if let runningSandbox { closing.append(ClosingService("sandbox") { await runningSandbox.stop() }) }
        let provisioning = try ProvisioningSettings(config: reader)
        let host = ProcessInfo.processInfo.hostName
        let workers = (0..<provisioning.workers).map { index in
            ProvisioningWorker(
                name: "\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(index)", redis: redisClient, upstreams: upstreams,
                cache: dependencies.cache, settings: provisioning, logger: logger)
        }
        let drain = server.drainSeconds > 0 ? DrainService(draining: draining, period: .seconds(server.drainSeconds)) : nil
        try await PortalServices.group(application: app, operatorApplication: operatorApp, workers: workers, closing: closing, drain: drain, logger: logger).run()
    }
}
