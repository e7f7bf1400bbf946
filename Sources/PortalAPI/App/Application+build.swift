import Hummingbird
import Foundation
import Logging
import Metrics
import PortalCache
import PortalConfig
import PortalRedis
import Prometheus

/// Everything the portal API needs, built once at start-up.
public struct PortalDependencies: Sendable {
    public let verifier: TokenVerifier
    public let cache: CacheService
    public let policies: CacheSettings
    public let upstreams: Upstreams
    /// The Redis the cache uses, for readiness.
    public let redis: RedisClient?
    /// Where the metrics are collected, served at `/metrics` in Prometheus text format.
    public let metrics: PrometheusCollectorRegistry?
    /// Each customer's request budget on `/api/*`.
    public let customerRequestsPerMinute: Int
    public let customerBurst: Int
    /// The largest request body accepted; larger ones answer 413.
    public let maxBodyBytes: Int
    /// Who may send webhooks, and how their payloads are mapped; nil turns the webhook endpoints off.
    public let webhooks: WebhookSettings?
    public let mapping: MappingSettings?
    /// Set when a shutdown begins; `/readyz` then answers 503.
    public let draining: Draining

    public init(
        verifier: TokenVerifier, cache: CacheService, policies: CacheSettings, upstreams: Upstreams, redis: RedisClient? = nil,
        metrics: PrometheusCollectorRegistry? = nil, customerRequestsPerMinute: Int = 600, customerBurst: Int = 60, maxBodyBytes: Int = 65536,
        webhooks: WebhookSettings? = nil, mapping: MappingSettings? = nil, draining: Draining = Draining()
    ) {
        self.verifier = verifier
        self.cache = cache
        self.policies = policies
        self.upstreams = upstreams
        self.redis = redis
        self.metrics = metrics
        self.customerRequestsPerMinute = customerRequestsPerMinute
        self.customerBurst = customerBurst
        self.maxBodyBytes = maxBodyBytes
        self.webhooks = webhooks
        self.mapping = mapping
        self.draining = draining
    }
}

/// The portal API's routes and middleware.
public func buildRouter(_ dependencies: PortalDependencies) -> Router<PortalRequestContext> {
    let router = Router(context: PortalRequestContext.self)
    router.add(middleware: RequestIdMiddleware())
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: RequestSizeLimitMiddleware(maxBytes: dependencies.maxBodyBytes))
    if let registry = dependencies.metrics {
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
    router.get("openapi.json") { _, _ in OpenAPIDocument.response() }
    HealthController(redis: dependencies.redis, upstreams: dependencies.upstreams, draining: dependencies.draining).addRoutes(to: router)
    let invalidations = WebhookInvalidations(relations: dependencies.cache.relations, upstreams: dependencies.upstreams)
    if let webhooks = dependencies.webhooks, let mapping = dependencies.mapping {
        WebhookController(
            settings: webhooks, mapping: mapping, cache: dependencies.cache, redis: dependencies.redis,
            invalidations: invalidations,
            metrics: WebhookMetrics(factory: dependencies.metrics.map { PrometheusMetricsFactory(registry: $0) } ?? MetricsSystem.factory),
            now: { Date() }, provisioning: dependencies.redis.map(ProvisioningQueue.init)
        ).addRoutes(to: router)
    }
    let api = router.group("api")
        .add(middleware: AuthenticationMiddleware(verifier: dependencies.verifier))
        .add(middleware: CustomerRateLimitMiddleware(perMinute: dependencies.customerRequestsPerMinute, burst: dependencies.customerBurst))
    let route = CachedRoute(cache: dependencies.cache)
    InvoicesController(route: route, policies: dependencies.policies, upstreams: dependencies.upstreams).addRoutes(to: api)
    BillingAccountController(route: route, policies: dependencies.policies, upstreams: dependencies.upstreams).addRoutes(to: api)
    ProfileController(route: route, policies: dependencies.policies, upstreams: dependencies.upstreams).addRoutes(to: api)
    OrdersController(route: route, policies: dependencies.policies, upstreams: dependencies.upstreams).addRoutes(to: api)
    CatalogController(route: route, policies: dependencies.policies, upstreams: dependencies.upstreams).addRoutes(to: api)
    let writes = IdempotentWrite(store: dependencies.redis.map { IdempotencyStore(redis: $0) })
    OrderPlacementController(route: route, policies: dependencies.policies, upstreams: dependencies.upstreams, writes: writes, invalidations: invalidations)
        .addRoutes(to: api)
    TopUpController(route: route, upstreams: dependencies.upstreams, writes: writes).addRoutes(to: api)
    SimController(route: route, policies: dependencies.policies, upstreams: dependencies.upstreams).addRoutes(to: api)
    DashboardController(route: route, policies: dependencies.policies, upstreams: dependencies.upstreams).addRoutes(to: api)
    return router
}

/// The portal API as a Hummingbird application on `host:port` (0 picks a free port), each connection held
/// to `limits`.
public func buildApplication(
    _ dependencies: PortalDependencies, host: String, port: Int, limits: ConnectionLimits = ConnectionLimits(), logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(dependencies),
        server: .http1(limits: limits),
        configuration: .init(address: .hostname(host, port: port), serverName: "portal-bff"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger
    )
}
