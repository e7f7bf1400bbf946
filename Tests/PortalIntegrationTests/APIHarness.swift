import APITestSupport
import Configuration
import Domain
import Foundation
import Logging
import PortalCache
import PortalRedis
import PortalSandbox
import PortalServe
import PortalSupport
import PortalUpstream
import Prometheus
import ServiceLifecycle
import TestSupport
import Testing

@testable import PortalAPI
@testable import PortalApplication
@testable import PortalWhmcs

/// The portal API serving on a free loopback port, over the sandbox upstreams and the test Redis.
struct APIHarness {
    static let secret = PortalTestConfiguration.secret
    static let webhookSecrets = PortalTestConfiguration.webhookSecrets

    let sandbox: Sandbox
    let running: RunningSandbox
    /// The application and the Redis client it closes, as `serve` runs them.
    let services: ServiceGroup
    let server: Task<Void, any Error>
    let baseURL: URL
    /// The operator listener: `/metrics` and the detailed `/readyz`.
    let operatorURL: URL
    let verifier: TokenVerifier
    let cache: CacheService
    let redis: RedisClient
    let dependencies: PortalDependencies
    /// The Salesforce Pub/Sub subscription, when the configuration enables it.
    let platformEvents: PlatformEventSubscription?
    let transport = URLSessionTransport()

    /// `redisURL` nil means the test Redis `make test` started. Each upstream's budget is `perMinute` and
    /// `burst`; each customer's share of it is `share`, or the whole budget. Everything else is built as
    /// `serve` builds it (`PortalAssembly`), from configuration values.
    static func start(
        breakerFailures: Int = 100,
        customerBurst: Int = 1000,
        redisURL: String? = nil,
        maxBodyBytes: Int = 65536,
        freshSeconds: Int? = nil,
        sharingSandboxOf other: APIHarness? = nil,
        drainSeconds: Int = 0,
        upstreamTimeout: Duration = .seconds(5),
        writeSettleDelay: Duration = .zero,
        perMinute: Int = 100,
        burst: Int = 20,
        share: (perMinute: Int, burst: Int)? = nil,
        logger applicationLogger: Logger? = nil,
        limits: ConnectionLimits = ConnectionLimits(),
        configuration extra: [AbsoluteConfigKey: ConfigValue] = [:]
    ) async throws -> APIHarness {
        let sandbox = other?.sandbox ?? Sandbox()
        let running: RunningSandbox
        if let other { running = other.running } else { running = try await sandbox.start() }
        do {
            return try await start(
                sandbox: sandbox,
                running: running,
                breakerFailures: breakerFailures,
                customerBurst: customerBurst,
                redisURL: redisURL,
                maxBodyBytes: maxBodyBytes,
                freshSeconds: freshSeconds,
                drainSeconds: drainSeconds,
                upstreamTimeout: upstreamTimeout,
                writeSettleDelay: writeSettleDelay,
                perMinute: perMinute,
                burst: burst,
                share: share,
                logger: applicationLogger,
                limits: limits,
                configuration: extra
            )
        } catch {
            if other == nil { await running.stop() }
            throw error
        }
    }

    /// Builds and starts the application over a running sandbox; on any failure what it started is stopped.
    private static func start(
        sandbox: Sandbox,
        running: RunningSandbox,
        breakerFailures: Int,
        customerBurst: Int,
        redisURL: String?,
        maxBodyBytes: Int,
        freshSeconds: Int?,
        drainSeconds: Int,
        upstreamTimeout: Duration,
        writeSettleDelay: Duration,
        perMinute: Int,
        burst: Int,
        share: (perMinute: Int, burst: Int)?,
        logger applicationLogger: Logger?,
        limits: ConnectionLimits,
        configuration extra: [AbsoluteConfigKey: ConfigValue]
    ) async throws -> APIHarness {
        var values = PortalTestConfiguration.values(
            breakerFailures: breakerFailures,
            freshSeconds: freshSeconds,
            upstreamTimeout: upstreamTimeout,
            perMinute: perMinute,
            burst: burst,
            share: share
        )
        for (key, value) in [
            "redis.url": ConfigValue(.string(redisURL ?? TestRedis.url ?? ""), isSecret: true),
            "redis.poolSize": .init(.int(redisURL == nil ? 4 : 2), isSecret: false),
            "redis.acquireTimeoutMilliseconds": .init(.int(5000), isSecret: false),
            "http.maxBodyBytes": .init(.int(maxBodyBytes), isSecret: false),
            "http.drainSeconds": .init(.int(drainSeconds), isSecret: false),
            "http.maxConnections": .init(.int(limits.maxConnections), isSecret: false),
            "http.idleTimeoutSeconds": .init(.int(Int(limits.idleTimeout.components.seconds)), isSecret: false),
            "http.headerTimeoutSeconds": .init(.int(Int(limits.headerTimeout.components.seconds)), isSecret: false),
            "api.customerBurst": .init(.int(customerBurst), isSecret: false),
            "writes.settleSeconds": .init(.int(Int(writeSettleDelay.components.seconds)), isSecret: false),
        ] as [AbsoluteConfigKey: ConfigValue] {
            values[key] = value
        }
        values.merge(extra) { _, given in given }
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let assembly = try await PortalAssembly.build(
            config: ConfigReader(provider: InMemoryProvider(values: values)),
            upstreams: .sandbox(sandbox, running.baseURLs),
            registry: PrometheusCollectorRegistry(),
            logger: applicationLogger ?? logger,
            openFiles: 65536
        )
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let (operatorPorts, operatorContinuation) = AsyncStream.makeStream(of: Int.self)
        let services = try assembly.serviceGroup(
            logger: applicationLogger ?? logger,
            gracefulShutdownSignals: [],
            onListening: { continuation.yield($0) },
            onOperatorListening: { operatorContinuation.yield($0) }
        )
        let server = Task {
            // A group that stops before it listens ends the port streams, so `start` does not wait forever.
            defer {
                continuation.finish()
                operatorContinuation.finish()
            }
            try await services.run()
        }
        var bound: Int?
        for await port in ports {
            bound = port
            break
        }
        var operatorBound: Int?
        for await port in operatorPorts {
            operatorBound = port
            break
        }
        guard let bound, let baseURL = URL(string: "http://127.0.0.1:\(bound)"), let operatorBound,
            let operatorURL = URL(string: "http://127.0.0.1:\(operatorBound)"), let redis = assembly.redis
        else {
            await services.triggerGracefulShutdown()
            _ = await server.result
            throw Sandbox.DidNotStart()
        }
        let dependencies = assembly.dependencies
        return APIHarness(
            sandbox: sandbox,
            running: running,
            services: services,
            server: server,
            baseURL: baseURL,
            operatorURL: operatorURL,
            verifier: dependencies.verifier,
            cache: dependencies.cache,
            redis: redis,
            dependencies: dependencies,
            platformEvents: assembly.platformEvents
        )
    }

    /// Starts a harness as `start` does, runs `body` with it and stops it before returning, whether the body
    /// returned or threw. A harness `sharingSandboxOf` another leaves the sandbox to its owner, whose scope
    /// encloses this one, so the sharer is stopped first.
    @discardableResult
    static func withRunning<Result>(
        breakerFailures: Int = 100,
        customerBurst: Int = 1000,
        redisURL: String? = nil,
        maxBodyBytes: Int = 65536,
        freshSeconds: Int? = nil,
        sharingSandboxOf other: APIHarness? = nil,
        drainSeconds: Int = 0,
        upstreamTimeout: Duration = .seconds(5),
        writeSettleDelay: Duration = .zero,
        perMinute: Int = 100,
        burst: Int = 20,
        share: (perMinute: Int, burst: Int)? = nil,
        logger applicationLogger: Logger? = nil,
        limits: ConnectionLimits = ConnectionLimits(),
        configuration extra: [AbsoluteConfigKey: ConfigValue] = [:],
        _ body: (APIHarness) async throws -> Result
    ) async throws -> Result {
        let api = try await start(
            breakerFailures: breakerFailures,
            customerBurst: customerBurst,
            redisURL: redisURL,
            maxBodyBytes: maxBodyBytes,
            freshSeconds: freshSeconds,
            sharingSandboxOf: other,
            drainSeconds: drainSeconds,
            upstreamTimeout: upstreamTimeout,
            writeSettleDelay: writeSettleDelay,
            perMinute: perMinute,
            burst: burst,
            share: share,
            logger: applicationLogger,
            limits: limits,
            configuration: extra
        )
        return try await withTeardown(api, stop: { await $0.stop(keepingSandbox: other != nil) }, body)
    }

    /// Stops the application; the sandbox too unless `keepingSandbox` (another harness shares it).
    func stop(keepingSandbox: Bool = false) async {
        await services.triggerGracefulShutdown()
        _ = await server.result
        if !keepingSandbox { await running.stop() }
    }

    /// A token for seeded customer `index`, its cache dropped so the test starts cold. Tests run in parallel
    /// against one Redis, so a test that looks at cache behaviour uses a customer no other test uses.
    /// `cold: false` only mints the token, for tests that do not care about the cache.
    func token(customer index: Int, expiresIn seconds: Int = 600, cold: Bool = true) async throws -> String {
        let seeded = sandbox.seed.customers[index]
        let customer = seeded.portalCustomer
        let groups =
            CacheGroups.Whmcs.allCases.compactMap {
                CacheGroups.whmcs(instance: seeded.whmcsInstance, clientId: seeded.whmcsClientId, $0)
            } + [CacheGroups.orders(accountId: seeded.salesforceAccountId)].compactMap { $0 }
        if cold { try await cache.invalidate(groups) }
        return try await verifier.token(for: customer, expiresIn: seconds)
    }

    /// Places an order of `productIds` (by default SIM-D-3G and its fee) as customer `index`, expecting 201;
    /// the customer's token and the order's id.
    func placeOrder(
        customer index: Int,
        productIds: [String] = ["01t5g0000000001AAA", "01t5g0000000004AAA"]
    ) async throws -> (token: String, orderId: SalesforceId) {
        let token = try await token(customer: index)
        let items = productIds.map { #"{"productId":"\#($0)"}"# }.joined(separator: ",")
        let placed = try await send(
            "POST",
            "/api/orders",
            token: token,
            headers: ["Idempotency-Key": UUID().uuidString, "Content-Type": "application/json"],
            body: Data(#"{"items":[\#(items)]}"#.utf8)
        )
        #expect(placed.status == 201)
        return (token, try #require((placed.json["id"] as? String).flatMap(SalesforceId.init)))
    }

    func get(_ path: String, token: String? = nil, headers: [String: String] = [:]) async throws -> UpstreamResponse {
        try await send("GET", path, token: token, headers: headers)
    }

    /// A GET on the operator listener.
    func operatorGet(_ path: String) async throws -> UpstreamResponse {
        try await transport.send(UpstreamRequest(method: "GET", url: URL(string: operatorURL.absoluteString + path)!, headers: [:], body: nil))
    }

    /// A POST of a JSON `body` on the operator listener.
    func operatorPost(_ path: String, _ body: String) async throws -> UpstreamResponse {
        try await transport.send(
            UpstreamRequest(
                method: "POST",
                url: URL(string: operatorURL.absoluteString + path)!,
                headers: ["Content-Type": "application/json"],
                body: Data(body.utf8)
            )
        )
    }

    /// Posts `body` to a webhook endpoint as delivery `id` (default: a new one), signed as Standard Webhooks
    /// says with `secret` (default: the endpoint's own), dated `age` ago.
    func webhook(
        _ path: String,
        _ body: String,
        id: String? = nil,
        secret: String? = nil,
        age: Duration = .zero,
        signature: String? = nil
    ) async throws -> UpstreamResponse {
        let endpoint = path.split(separator: "/").last.map(String.init) ?? ""
        let key = try WebhookSecret(secret ?? Self.webhookSecrets[endpoint] ?? "")
        let data = Data(body.utf8)
        let id = id ?? "msg-\(UUID().uuidString)"
        let timestamp = Int64(Date().timeIntervalSince1970) - age.components.seconds
        return try await send(
            "POST",
            path,
            headers: [
                "webhook-id": id, "webhook-timestamp": String(timestamp),
                "webhook-signature": signature ?? WebhookSignature.sign(id: id, timestamp: timestamp, body: data, secret: key),
                "Content-Type": "application/json",
            ],
            body: data
        )
    }

    func send(
        _ method: String,
        _ path: String,
        token: String? = nil,
        headers: [String: String] = [:],
        body: Data? = nil
    ) async throws -> UpstreamResponse {
        var allHeaders = headers
        if let token { allHeaders["Authorization"] = "Bearer \(token)" }
        return try await transport.send(
            UpstreamRequest(method: method, url: URL(string: baseURL.absoluteString + path)!, headers: allHeaders, body: body)
        )
    }
}

extension Sandbox {
    struct DidNotStart: Error {}
}
