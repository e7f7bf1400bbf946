import Configuration
import Foundation
import Hummingbird
import Logging
import Metrics
import PortalAPI
import PortalApplication
import PortalCache
import PortalRedis
import PortalSupport
import PortalUpstream
import Prometheus
import ServiceLifecycle
import UnixSignals

/// The one builder from configuration to the running portal, used by `serve` and by the tests: it reads
/// every setting once, builds the providers, the cache and stores, the application services and the
/// routes, and hands back what runs them as one service group.
public struct PortalAssembly: Sendable {
    /// Where the cache keeps its entries: Redis as `redis.*` configures it (with the stores beside it), or
    /// this process's memory, with no Redis at all (route tests: writes then answer 503, webhooks keep no
    /// receipts, nothing is provisioned).
    public enum CacheStoreChoice: Sendable {
        case redis
        case inMemory
    }

    public let dependencies: PortalDependencies
    /// The Redis client, when the cache is in Redis.
    public let redis: RedisClient?
    let server: ServerSettings
    let connections: ConnectionSettings
    let provisioning: ProvisioningSettings
    let metrics: PrometheusMetricsFactory
    /// The Salesforce Pub/Sub subscription, when `salesforce.pubsub.enabled` (and Redis and Salesforce are there).
    public let platformEvents: PlatformEventSubscription?

    /// `openFiles` is the process's open-file limit, which bounds the connections it may accept.
    public static func build(
        config: ConfigReader,
        upstreams choice: UpstreamChoice,
        registry: PrometheusCollectorRegistry,
        logger: Logger,
        openFiles: Int,
        transport: any HTTPTransport = URLSessionTransport(),
        cacheStore: CacheStoreChoice = .redis,
        clock: ApplicationClock = ApplicationClock()
    ) async throws -> PortalAssembly {
        let metrics = PrometheusMetricsFactory(registry: registry)
        let server = try ServerSettings(config: config)
        let connections = try ConnectionSettings(config: config, openFiles: openFiles)
        let mapping = try MappingSettings(config: config)
        let cacheSettings = try CacheSettings(config: config)
        let provisioning = try ProvisioningSettings(config: config)
        let redis: RedisClient?
        let store: any CacheStore
        var near: NearCache?
        let wallClock: @Sendable () -> Int64 = { Int64((clock.now().timeIntervalSince1970 * 1000).rounded()) }
        switch cacheStore {
        case .redis:
            let redisConfiguration = try RedisSettings.configuration(config: config)
            near = try NearCacheSettings.settings(config: config).map { NearCache(settings: $0, metrics: NearCacheMetrics(factory: metrics)) }
            let tracking = near.map { near in
                TrackingConfiguration(observer: near, heartbeat: near.settings.heartbeat, pongTimeout: redisConfiguration.commandTimeout)
            }
            let client = RedisClient(configuration: redisConfiguration, tracking: tracking)
            (redis, store) = (client, RedisCacheStore(redis: client))
        case .inMemory:
            (redis, store) = (nil, InMemoryCacheStore(now: wallClock))
        }
        let cache = CacheService(
            store: store,
            near: near,
            metrics: CacheMetrics(factory: metrics),
            maximumEntriesPerGroup: cacheSettings.maximumEntriesPerGroup,
            now: wallClock
        )
        let pubSub = try PubSubConfiguration(config: config)
        let stores = redis.map { RedisStores(redis: $0, pubSubNamespace: pubSub.redisNamespace) }
        let upstreams = try choice.upstreams(config: config, mapping: mapping, clock: clock, transport: transport, logger: logger, metrics: metrics)
        let services = ApplicationServices(
            upstreams: upstreams,
            cache: cache,
            stores: stores,
            mapping: mapping,
            provisioning: provisioning,
            clock: clock
        )
        var platformEvents: PlatformEventSubscription?
        if pubSub.enabled {
            platformEvents = PlatformEventSubscription(
                services: services,
                holder: Self.instanceName(),
                settings: try PlatformEventSubscriptionSettings(config: config),
                pubSub: choice.pubSubSettings(configured: pubSub.settings),
                logger: logger,
                metrics: metrics
            )
            if platformEvents == nil { logger.warning("salesforce.pubsub.enabled, but Redis or Salesforce is not configured: not subscribing") }
        }
        let dependencies = PortalDependencies(
            verifier: try await TokenVerifier(settings: try AuthSettings(config: config)),
            cache: cache,
            policies: cacheSettings,
            services: services,
            idempotency: stores?.idempotency,
            metrics: registry,
            customerRequestsPerMinute: server.customerRequestsPerMinute,
            customerBurst: server.customerBurst,
            paymentSessionsPerMinute: server.paymentSessionsPerMinute,
            paymentSessionBurst: server.paymentSessionBurst,
            maxBodyBytes: server.maxBodyBytes,
            webhooks: try WebhookSettings(config: config),
            writeSettleDelay: .seconds(server.writeSettleSeconds)
        )
        return PortalAssembly(
            dependencies: dependencies,
            redis: redis,
            server: server,
            connections: connections,
            provisioning: provisioning,
            metrics: metrics,
            platformEvents: platformEvents
        )
    }

    /// The provisioning workers the configuration asks for (`provisioning.workers`), named after the host.
    public func workers(logger: Logger) throws -> [ProvisioningWorker] {
        guard provisioning.workers > 0 else { return [] }
        let host = Self.hostName()
        return try (0..<provisioning.workers).map { index in
            try ProvisioningWorker(
                name: "\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(index)",
                services: dependencies.services,
                logger: logger,
                metrics: metrics
            )
        }
    }

    /// The contact synchronisation worker, when there is Redis to hold its queue.
    func contactSyncWorkers(logger: Logger) -> [any Service] {
        guard let worker = try? ContactSyncWorker(services: dependencies.services, logger: logger, metrics: metrics) else { return [] }
        return [worker]
    }

    /// Everything that runs, as one group (`PortalServices`): the API and operator listeners, the workers,
    /// the drain period, and what closes last (Redis, then `closing`). `onListening` and
    /// `onOperatorListening` hear the ports bound.
    public func serviceGroup(
        logger: Logger,
        telemetry: [any Service] = [],
        closing: [ClosingService] = [],
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onListening: @escaping @Sendable (Int) async -> Void = { _ in },
        onOperatorListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> ServiceGroup {
        let (server, connections, redis) = (server, connections, redis)
        let application = buildApplication(dependencies, host: server.host, port: server.port, limits: connections.limits, logger: logger) { port in
            logger.info(
                "listening",
                metadata: ["url": "http://\(server.host):\(port)", "port": "\(port)", "maxConnections": "\(connections.limits.maxConnections)"]
            )
            await onListening(port)
        }
        let operatorApplication = buildOperatorApplication(dependencies, host: server.operatorHost, port: server.operatorPort, logger: logger) {
            port in
            logger.info("operator listener running", metadata: ["url": .string("http://\(server.operatorHost):\(port)")])
            await onOperatorListening(port)
        }
        let drain = server.drainSeconds > 0 ? DrainService(draining: dependencies.draining, period: .seconds(server.drainSeconds)) : nil
        return PortalServices.group(
            application: application,
            operatorApplication: operatorApplication,
            workers: try workers(logger: logger).map { $0 as any Service } + (platformEvents.map { [$0 as any Service] } ?? [])
                + contactSyncWorkers(logger: logger) + [OperationalGauges(services: dependencies.services, metrics: metrics, logger: logger)],
            telemetry: telemetry,
            closing: (redis.map { redis in [ClosingService("redis") { await redis.shutdown() }] } ?? []) + closing,
            drain: drain,
            gracefulShutdownSignals: gracefulShutdownSignals,
            logger: logger
        )
    }

    /// This process among the fleet: host, process id and a random part (a restarted process is another holder).
    private static func instanceName() -> String {
        "\(hostName())-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// The machine's name as `gethostname` gives it (`ProcessInfo.hostName` may block on a DNS lookup).
    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
