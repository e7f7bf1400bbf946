import Hummingbird
import Logging
import PortalCache
import PortalConfig

/// Everything the portal API needs, built once at start-up.
public struct PortalDependencies: Sendable {
    public let verifier: TokenVerifier
    public let cache: CacheService
    public let policies: CacheSettings
    public let upstreams: Upstreams

    public init(verifier: TokenVerifier, cache: CacheService, policies: CacheSettings, upstreams: Upstreams) {
        self.verifier = verifier
        self.cache = cache
        self.policies = policies
        self.upstreams = upstreams
    }
}

/// The portal API's routes and middleware.
public func buildRouter(_ dependencies: PortalDependencies) -> Router<PortalRequestContext> {
    let router = Router(context: PortalRequestContext.self)
    router.add(middleware: RequestIdMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.get("healthz") { _, _ in Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#))) }
    let api = router.group("api").add(middleware: AuthenticationMiddleware(verifier: dependencies.verifier))
    let route = CachedRoute(cache: dependencies.cache)
    InvoicesController(route: route, policies: dependencies.policies, upstreams: dependencies.upstreams).addRoutes(to: api)
    BillingAccountController(route: route, policies: dependencies.policies, upstreams: dependencies.upstreams).addRoutes(to: api)
    ProfileController(route: route, policies: dependencies.policies, upstreams: dependencies.upstreams).addRoutes(to: api)
    OrdersController(route: route, policies: dependencies.policies, upstreams: dependencies.upstreams).addRoutes(to: api)
    SimController(route: route, policies: dependencies.policies, upstreams: dependencies.upstreams).addRoutes(to: api)
    DashboardController(route: route, policies: dependencies.policies, upstreams: dependencies.upstreams).addRoutes(to: api)
    return router
}

/// The portal API as a Hummingbird application on `host:port` (0 picks a free port).
public func buildApplication(
    _ dependencies: PortalDependencies, host: String, port: Int, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(dependencies),
        configuration: .init(address: .hostname(host, port: port), serverName: "portal-bff"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger
    )
}
