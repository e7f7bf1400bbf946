import Configuration
import Foundation
import Logging
import PortalAPI
import PortalCache
import PortalConfig
import PortalRedis
import PortalSandbox
import PortalServe
import PortalUpstream
import PortalWhmcs
import Prometheus
import TestSupport

/// The portal API serving on a free loopback port, over the sandbox upstreams and the test Redis.
struct APIHarness {
    static let secret = "test-only-hmac-secret-0123456789abcdef"

    let sandbox: Sandbox
    let running: RunningSandbox
    let server: Task<Void, any Error>
    let baseURL: URL
    let verifier: TokenVerifier
    let cache: CacheService
    let transport = URLSessionTransport()

    static func start(breakerFailures: Int = 100, customerBurst: Int = 1000) async throws -> APIHarness {
        let sandbox = Sandbox()
        let running = try await sandbox.start()
        let settings = UpstreamCaller.Settings(
            breaker: .init(failureThreshold: breakerFailures), retry: RetryPolicy(maximumAttempts: 2, baseDelay: .milliseconds(5), maximumDelay: .milliseconds(10)),
            timeout: .seconds(5))
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let upstreams = SandboxUpstreams.make(
            sandbox, running, mapping: try MappingSettings(config: ConfigReader(provider: InMemoryProvider(values: [:]))), settings: settings, logger: logger)
        let verifier = await TokenVerifier(hmacSecret: secret)
        let redis = try TestRedis.client()
        let registry = PrometheusCollectorRegistry()
        let cache = CacheService(redis: redis, metrics: CacheMetrics(factory: PrometheusMetricsFactory(registry: registry)))
        let dependencies = PortalDependencies(
            verifier: verifier, cache: cache, policies: try CacheSettings(config: ConfigReader(provider: InMemoryProvider(values: [:]))),
            upstreams: upstreams, redis: redis, metrics: registry, customerRequestsPerMinute: 1, customerBurst: customerBurst)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task {
            try await buildApplication(dependencies, host: "127.0.0.1", port: 0, logger: logger) { continuation.yield($0) }.run()
        }
        var bound: Int?
        for await port in ports {
            bound = port
            break
        }
        guard let bound, let baseURL = URL(string: "http://127.0.0.1:\(bound)") else { throw Sandbox.DidNotStart() }
        return APIHarness(sandbox: sandbox, running: running, server: server, baseURL: baseURL, verifier: verifier, cache: cache)
    }

    func stop() async {
        server.cancel()
        await running.stop()
    }

    /// A token for seeded customer `index`, its cache dropped so the test starts cold. Tests run in parallel
    /// against one Redis, so a test that looks at cache behaviour uses a customer no other test uses.
    /// `cold: false` only mints the token, for tests that do not care about the cache.
    func token(customer index: Int, expiresIn seconds: Int = 600, cold: Bool = true) async throws -> String {
        let seeded = sandbox.seed.customers[index]
        let customer = Customer(
            userId: seeded.customerId, whmcsClientId: seeded.whmcsClientId, whmcsInstance: seeded.whmcsInstance,
            salesforceAccountId: seeded.salesforceAccountId)
        let groups = ["invoices", "subscriptions", "paymethods", "profile", "sim", "dashboard"].compactMap {
            CacheGroup(tag: "whmcs:\(seeded.whmcsInstance):\(seeded.whmcsClientId)", name: $0)
        } + [CacheGroup(tag: "sf:\(seeded.salesforceAccountId.value)", name: "orders")].compactMap { $0 }
        if cold { try await cache.invalidate(groups) }
        return try await verifier.token(for: customer, expiresIn: seconds)
    }

    func get(_ path: String, token: String? = nil, headers: [String: String] = [:]) async throws -> UpstreamResponse {
        var allHeaders = headers
        if let token { allHeaders["Authorization"] = "Bearer \(token)" }
        return try await transport.send(UpstreamRequest(method: "GET", url: URL(string: baseURL.absoluteString + path)!, headers: allHeaders))
    }
}

extension Sandbox {
    struct DidNotStart: Error {}
}

extension UpstreamResponse {
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }
}
