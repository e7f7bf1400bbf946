import ArgumentParser
import Configuration
import Foundation
import Logging
import Metrics
import PortalAPI
import PortalSandbox
import Prometheus
import ServiceLifecycle

/// `portal-bff serve`: the portal API. With `--sandbox` the upstream simulators run in-process and the
/// clients talk to them, so the API answers with no credentials at all; `--sandbox-at URL` uses a sandbox
/// another process runs (its state outlives restarts, and several instances can share it).
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

    @Option(help: "Use the sandbox already running at this URL (portal-bff sandbox --port PORT), e.g. http://127.0.0.1:PORT.")
    public var sandboxAt: String?

    @Option(help: "The address to listen on (overrides http.host).")
    public var host: String?

    @Option(help: "The port to listen on (overrides http.port).")
    public var port: Int?

    @Option(help: "The operator listener's port, for /metrics and the detailed /readyz (overrides http.operator.port; 0 picks a free one).")
    public var operatorPort: Int?

    @Option(help: "The Redis URL (overrides redis.url / REDIS_URL).")
    public var redis: String?

    public init() {}

    public func validate() throws {
        guard !(sandbox && sandboxAt != nil) else { throw ValidationError("--sandbox and --sandbox-at exclude each other") }
        if let sandboxAt {
            guard let url = URL(string: sandboxAt), url.scheme == "http", url.host != nil else {
                throw ValidationError("--sandbox-at takes the sandbox's base URL, e.g. http://127.0.0.1:8081")
            }
        }
    }

    public func run() async throws {
        var overrides: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { overrides["http.host"] = ConfigValue(.string(host), isSecret: false) }
        if let port { overrides["http.port"] = ConfigValue(.int(port), isSecret: false) }
        if let operatorPort { overrides["http.operator.port"] = ConfigValue(.int(operatorPort), isSecret: false) }
        if let redis { overrides["redis.url"] = ConfigValue(.string(redis), isSecret: true) }
        let secrets = secretsDir ?? ProcessInfo.processInfo.environment[ConfigSources.secretsDirectoryVariable]
        let reader = try await ConfigSources.reader(file: config, overrides: overrides, secretsDirectory: secrets)
        let logSettings = try LogSettings(config: reader)
        LoggingSystem.bootstrap(logSettings.makeHandler, metadataProvider: TracingSettings.logMetadata)
        let logger = Logger(label: "portal-bff")
        let tracing = try TracingSettings(config: reader)
        let tracer = try tracing.bootstrap()
        logger.info("tracing", metadata: ["otlpEndpoint": .string(tracing.otlpEndpoint ?? "off")])
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let server = try ServerSettings(config: reader)
        let openFiles = OpenFileLimit.raisingSoftToHard()
        logger.info(
            "open-file limit",
            metadata: [
                "soft": "\(openFiles.current)", "hard": "\(openFiles.hard)", "softAtStart": "\(openFiles.original)",
                "raiseErrno": openFiles.raiseFailure.map { "\($0)" } ?? "none",
            ]
        )
        try SecretsInFiles.check(file: ConfigSources.file(config), environment: server.environment)
        var choice = UpstreamChoice.configured
        var closing: [ClosingService] = []
        let telemetry: [any Service] = [tracer]
        if sandbox {
            let simulators = Sandbox()
            let running = try await simulators.start(port: sandboxPort ?? 0)
            choice = .sandbox(simulators, running.baseURLs)
            closing.append(ClosingService("sandbox") { await running.stop() })
            logger.info("sandbox upstreams running", metadata: ["salesforce": .string(running.baseURLs.salesforce.absoluteString)])
        } else if let sandboxAt, let url = URL(string: sandboxAt) {
            let remote = try await RemoteSandbox.discover(at: url)
            choice = .remoteSandbox(remote)
            logger.info(
                "using the sandbox at \(sandboxAt)",
                metadata: ["salesforce": .string(remote.baseURLs.salesforce.absoluteString), "pubsub": .string(remote.baseURLs.pubSub.description)]
            )
        }
        let assembly = try await PortalAssembly.build(
            config: reader,
            upstreams: choice,
            registry: registry,
            logger: logger,
            openFiles: openFiles.current
        )
        // Over a sandbox with a development configuration, a person at a terminal gets a request to paste.
        let tryIt: String? =
            if case .configured = choice { nil } else { try? await TokenCommand.mint(customer: "cust-001", ttl: 3600, config: reader) }
        try await assembly.serviceGroup(logger: logger, telemetry: telemetry, closing: closing) { port in
            guard let tryIt else { return }
            let host = server.host == "0.0.0.0" ? "127.0.0.1" : server.host
            let text =
                "\nTry it as the seeded customer cust-001 (the token is valid for an hour; `portal-bff token --customer ID` makes others):\n"
                + "  curl -s -H 'Authorization: Bearer \(tryIt)' http://\(host):\(port)/api/dashboard\n\n"
            FileHandle.standardError.write(Data(text.utf8))
        }.run()
    }
}
