import Domain
import Foundation
import Hummingbird
import Logging
import Metrics
import PortalApplication
import PortalCache
import Prometheus

/// Everything the portal API needs, built once at start-up (by the composition root, `PortalServe`).
public struct PortalDependencies: Sendable {
    public let verifier: TokenVerifier
    public let cache: CacheService
    public let policies: CacheSettings
    public let services: ApplicationServices
    /// Where write routes keep their idempotency keys and answers; nil without Redis (writes then answer 503).
    public let idempotency: IdempotencyStore?
    /// Where the metrics are collected, served at `/metrics` in Prometheus text format.
    public let metrics: PrometheusCollectorRegistry?
    /// Each customer's request budget on `/api/*`.
    public let customerRequestsPerMinute: Int
    public let customerBurst: Int
    /// Each customer's budget of payment links (`POST /api/invoices/{id}/payment-session`), apart from the above.
    public let paymentSessionsPerMinute: Int
    public let paymentSessionBurst: Int
    /// The largest request body accepted; larger ones answer 413.
    public let maxBodyBytes: Int
    /// Who may send webhooks; nil turns the webhook endpoints off.
    public let webhooks: WebhookSettings?
    /// Set when a shutdown begins; `/readyz` then answers 503.
    public let draining: Draining
    /// How long after sending, a write that shows no trace upstream may still take effect; only then does
    /// reconciliation call it not done and let a retry do it again.
    public let writeSettleDelay: Duration

    public init(
        verifier: TokenVerifier,
        cache: CacheService,
        policies: CacheSettings,
        services: ApplicationServices,
        idempotency: IdempotencyStore?,
        metrics: PrometheusCollectorRegistry? = nil,
        customerRequestsPerMinute: Int = 600,
        customerBurst: Int = 60,
        paymentSessionsPerMinute: Int = 2,
        paymentSessionBurst: Int = 5,
        maxBodyBytes: Int = 65536,
        webhooks: WebhookSettings? = nil,
        draining: Draining = Draining(),
        writeSettleDelay: Duration = .seconds(30)
    ) {
        self.verifier = verifier
        self.cache = cache
        self.policies = policies
        self.services = services
        self.idempotency = idempotency
        self.metrics = metrics
        self.customerRequestsPerMinute = customerRequestsPerMinute
        self.customerBurst = customerBurst
        self.paymentSessionsPerMinute = paymentSessionsPerMinute
        self.paymentSessionBurst = paymentSessionBurst
        self.maxBodyBytes = maxBodyBytes
        self.webhooks = webhooks
        self.draining = draining
        self.writeSettleDelay = writeSettleDelay
    }
}

/// The portal API's routes and middleware, as the public listener serves them.
public func buildRouter(_ dependencies: PortalDependencies) -> Router<PortalRequestContext> {
    let router = Router(context: PortalRequestContext.self, options: .autoGenerateHeadEndpoints)
    let metricsFactory = dependencies.metrics.map { PrometheusMetricsFactory(registry: $0) } ?? MetricsSystem.factory
    let services = dependencies.services
    router.add(middleware: HeadResponseMiddleware())
    router.add(middleware: RequestIdMiddleware())
    // One server span per request, continuing the caller's W3C traceparent; everything below logs and calls
    // upstreams inside it.
    router.add(middleware: TracingMiddleware())
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: RequestMetricsMiddleware(factory: metricsFactory))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: RequestSizeLimitMiddleware(maxBytes: dependencies.maxBodyBytes))
    router.get("openapi.json") { _, _ in OpenAPIDocument.response() }
    HealthController(readiness: services.readiness, draining: dependencies.draining).addRoutes(to: router)
    if let webhooks = dependencies.webhooks {
        WebhookController(settings: webhooks, events: services.events, metrics: WebhookMetrics(factory: metricsFactory), now: services.clock.now)
            .addRoutes(to: router)
    }
    let api = router.group("api")
        .add(middleware: AuthenticationMiddleware(verifier: dependencies.verifier))
        .add(middleware: CustomerRateLimitMiddleware(perMinute: dependencies.customerRequestsPerMinute, burst: dependencies.customerBurst))
        .add(middleware: UpstreamRequesterMiddleware())
    let (route, policies) = (CachedRoute(cache: dependencies.cache), dependencies.policies)
    InvoicesController(route: route, policies: policies, billing: services.billing).addRoutes(to: api)
    BillingAccountController(route: route, policies: policies, billing: services.billing).addRoutes(to: api)
    ProfileController(route: route, policies: policies, profiles: services.profile).addRoutes(to: api)
    OrdersController(route: route, policies: policies, orders: services.orders).addRoutes(to: api)
    CatalogController(route: route, policies: policies, catalog: services.catalog).addRoutes(to: api)
    let writes = IdempotentWrite(store: dependencies.idempotency, settleDelay: dependencies.writeSettleDelay, now: services.clock.now)
    OrderPlacementController(placement: services.placement, writes: writes).addRoutes(to: api)
    TopUpController(sims: services.sims, writes: writes).addRoutes(to: api)
    ContactChangeController(profiles: services.profile, writes: writes).addRoutes(to: api)
    PaymentSessionController(
        billing: services.billing,
        clock: services.clock,
        writes: writes.keepingRecords(forSeconds: PaymentSession.lifetimeSeconds),
        perMinute: dependencies.paymentSessionsPerMinute,
        burst: dependencies.paymentSessionBurst
    )
    .addRoutes(to: api)
    TicketsController(route: route, policies: policies, tickets: services.tickets).addRoutes(to: api)
    TicketWritesController(tickets: services.tickets, writes: writes).addRoutes(to: api)
    SimController(route: route, policies: policies, sims: services.sims).addRoutes(to: api)
    DashboardController(route: route, policies: policies, billing: services.billing, dashboards: services.dashboard).addRoutes(to: api)
    PlanChangeController(route: route, policies: policies, sims: services.sims, plans: services.simPlans, writes: writes).addRoutes(to: api)
    // Last, after every route: it sees only the requests no route matched.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}

/// What only operators may see, for the operator listener: `/metrics` (Prometheus text format), the detailed
/// `/readyz`, and `/healthz`.
public func buildOperatorRouter(_ dependencies: PortalDependencies) -> Router<PortalRequestContext> {
    let router = Router(context: PortalRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: HeadResponseMiddleware())
    router.add(middleware: RequestIdMiddleware())
    router.add(middleware: ErrorMiddleware())
    if let registry = dependencies.metrics {
        router.get("metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
    }
    HealthController(readiness: dependencies.services.readiness, draining: dependencies.draining).addOperatorRoutes(to: router)
    ProvisioningAdministrationController(administration: dependencies.services.administration).addRoutes(to: router)
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}

/// The portal API as a Hummingbird application on `host:port` (0 picks a free port), each connection held
/// to `limits`.
public func buildApplication(
    _ dependencies: PortalDependencies,
    host: String,
    port: Int,
    limits: ConnectionLimits = ConnectionLimits(),
    logger: Logger,
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

/// The operator listener on `host:port` (0 picks a free one): keep it on loopback or an internal network.
public func buildOperatorApplication(
    _ dependencies: PortalDependencies,
    host: String,
    port: Int,
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildOperatorRouter(dependencies),
        configuration: .init(address: .hostname(host, port: port), serverName: "portal-bff"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger
    )
}
