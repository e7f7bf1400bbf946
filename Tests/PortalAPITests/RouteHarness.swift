import APITestSupport
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PortalCache
import PortalSandbox
import PortalServe
import PortalUpstream
import Prometheus
import TestSupport
import Testing

@testable import PortalAPI
@testable import PortalApplication

/// The portal's routes as `serve` builds them (`PortalAssembly`), driven through Hummingbird's router test
/// framework: no socket, no Redis. The cache is the in-memory store and the upstreams are the sandbox's
/// simulators, called in process (`InProcessTransport`). Writes, which need Redis for their idempotency keys,
/// are tested by the integration suites.
struct RouteHarness: Sendable {
    let sandbox: Sandbox
    let dependencies: PortalDependencies
    let client: any TestClientProtocol

    /// Runs `body` with a harness over a new sandbox, every entity fresh for `freshSeconds` when given.
    static func withRouter<Result: Sendable>(
        freshSeconds: Int? = nil,
        breakerFailures: Int = 100,
        clock: ApplicationClock = ApplicationClock(),
        _ body: @Sendable (RouteHarness) async throws -> Result
    ) async throws -> Result {
        let sandbox = Sandbox()
        var values = PortalTestConfiguration.values(breakerFailures: breakerFailures, freshSeconds: freshSeconds)
        values["api.customerBurst"] = .init(.int(1000), isSecret: false)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let assembly = try await PortalAssembly.build(
            config: ConfigReader(provider: InMemoryProvider(values: values)),
            upstreams: .sandbox(sandbox, Sandbox.inProcessBaseURLs),
            registry: PrometheusCollectorRegistry(),
            logger: logger,
            openFiles: 65536,
            transport: InProcessTransport(sandbox: sandbox),
            cacheStore: .inMemory,
            clock: clock
        )
        let application = Application(router: buildRouter(assembly.dependencies), logger: logger)
        let dependencies = assembly.dependencies
        return try await application.test(.router) { client in
            try await body(RouteHarness(sandbox: sandbox, dependencies: dependencies, client: client))
        }
    }

    /// A token for seeded customer `index`. Each harness has a cache of its own, so every customer starts
    /// cold; `cold` is there for tests written for a shared cache.
    func token(customer index: Int, expiresIn seconds: Int = 600, cold: Bool = true) async throws -> String {
        let seeded = sandbox.seed.customers[index]
        let customer = seeded.portalCustomer
        return try await dependencies.verifier.token(for: customer, expiresIn: seconds)
    }

    /// A response's JSON body as the Domain type it is (the portal sends Domain values as they are).
    func decode<Value: Decodable>(_ type: Value.Type, from response: UpstreamResponse) throws -> Value {
        try JSONDecoder().decode(type, from: response.body)
    }

    func get(_ path: String, token: String? = nil, headers: [String: String] = [:]) async throws -> UpstreamResponse {
        var fields = HTTPFields()
        for (name, value) in headers { fields[try #require(HTTPField.Name(name), "\(name) is not a header name")] = value }
        if let token { fields[.authorization] = "Bearer \(token)" }
        let response = try await client.executeRequest(uri: path, method: .get, headers: fields, body: nil)
        return UpstreamResponse(status: Int(response.status.code), headers: response.headers.flattenedByName, body: Data(buffer: response.body))
    }
}
