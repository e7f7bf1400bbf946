import Domain
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The upstream sandbox: simulators of WHMCS, Salesforce and Freebit on one loopback port, and of Salesforce's
/// Pub/Sub API (gRPC) on a second one, with seeded data and knobs. Tests, demos and benchmarks use it;
/// production never does.
public final class Sandbox: Sendable {
    /// Where each simulator answers.
    public struct BaseURLs: Sendable, Equatable {
        /// One base URL per WHMCS instance (append `/includes/api.php`).
        public let whmcs: [String: URL]
        public let salesforce: URL
        public let freebit: URL
        /// Salesforce's Pub/Sub API (plaintext HTTP/2).
        public let pubSub: PubSubEndpoint

        public init(whmcs: [String: URL], salesforce: URL, freebit: URL, pubSub: PubSubEndpoint) {
            self.whmcs = whmcs
            self.salesforce = salesforce
            self.freebit = freebit
            self.pubSub = pubSub
        }
    }

    public let seed: SandboxSeed
    public let whmcsKnobs = SimulatorKnobs()
    public let freebitKnobs = SimulatorKnobs()
    public let salesforceKnobs = SimulatorKnobs()
    let freebit: FreebitSimulator
    let whmcsStore: WhmcsStore
    let whmcsTickets: WhmcsTicketStore
    let whmcsReceived = WhmcsReceivedCalls()
    let salesforce: SalesforceSimulator
    let pubSubSimulator: PubSubSimulator

    /// Which RSA key the Salesforce connected app signs with.
    public enum ConnectedAppKey: Sendable {
        /// One key for every sandbox of this process.
        case sharedInProcess
        /// A key of this sandbox's own.
        case fresh
    }

    public init(seed: SandboxSeed = SandboxSeed(), connectedAppKey: ConnectedAppKey = .sharedInProcess) {
        self.seed = seed
        self.freebit = FreebitSimulator(seed: seed, knobs: freebitKnobs)
        self.whmcsStore = WhmcsStore(seed: seed)
        self.whmcsTickets = WhmcsTicketStore(seed: seed)
        self.salesforce = SalesforceSimulator(seed: seed, knobs: salesforceKnobs, key: connectedAppKey)
        self.pubSubSimulator = PubSubSimulator(
            tokens: salesforce.tokens,
            tenantId: SalesforceSimulator.orgId.value,
            createdById: SalesforceSimulator.integrationUserId.value
        )
    }

    /// The Freebit OEM credentials the sandbox accepts (dev-only values).
    public static let freebitCredentials = (oemId: FreebitSimulator.oemId, oemKey: FreebitSimulator.oemKey)

    /// How long Freebit auth keys live; shorten it to exercise key refresh.
    public var freebitAuthKeyLifetime: Duration {
        get { freebit.authKeyLifetime }
        set { freebit.authKeyLifetime = newValue }
    }

    /// Ends every Freebit auth key now.
    public func expireFreebitAuthKeys() {
        freebit.expireAuthKeys()
    }

    /// The connected app the Salesforce token endpoint accepts (`iss`), its integration user (`sub`) and the
    /// audience (`aud`) of the JWT bearer assertion.
    public static let salesforceClientId = SalesforceSimulator.clientId
    public static let salesforceUsername = SalesforceSimulator.username
    public static let salesforceAudience = SalesforceSimulator.audience

    /// The connected app's private key (PKCS#1 PEM, RSA 2048, made in this process): sign assertions with it.
    public var connectedAppPrivateKeyPEM: String { salesforce.tokens.privateKeyPEM }

    /// Records per Salesforce query page (2000 like Salesforce); lower it to exercise `nextRecordsUrl`.
    public var salesforceQueryBatchSize: Int {
        get { salesforce.cursors.batchSize }
        set { salesforce.cursors.batchSize = newValue }
    }

    /// How long Salesforce access tokens live (2 hours by default).
    public var salesforceAccessTokenLifetime: Duration {
        get { salesforce.tokens.lifetime }
        set { salesforce.tokens.lifetime = newValue }
    }

    /// Ends every Salesforce access token now: the next call answers 401 `INVALID_SESSION_ID`.
    public func expireSalesforceAccessTokens() {
        salesforce.tokens.expireAll()
    }

    /// The last WHMCS calls the sandbox received (up to 64, oldest first), as WHMCS's PHP read them and
    /// without the API credentials: what a client really sent.
    public var whmcsReceivedCalls: [WhmcsReceivedCall] { whmcsReceived.all }

    /// Today in Japan (UTC+9, no daylight saving), where the simulated WHMCS keeps its calendar.
    static func todayInJapan(now: Date = Date()) -> LocalDate {
        let days = Int(((now.timeIntervalSince1970 + 9 * 3600) / 86_400).rounded(.down))
        guard let date = LocalDate(daysSinceEpoch: days) else { preconditionFailure("the system clock is outside years 1-9999") }
        return date
    }

    /// The base URLs of the sandbox answered in process by `responder()`, with no socket: the same paths as
    /// over loopback, on a host no resolver knows, so clients are configured exactly as with a socket. The
    /// Pub/Sub endpoint is the placeholder `PubSubEndpoint.inProcess`: serve `pubSubService` over an in-process
    /// gRPC transport instead.
    public static let inProcessBaseURLs = baseURLs(root: inProcessRoot, pubSub: .inProcess)
    static let inProcessRoot = "http://sandbox.invalid"

    static func baseURLs(host: String, port: Int, pubSub: PubSubEndpoint) -> BaseURLs {
        baseURLs(root: "http://\(host.contains(":") ? "[\(host)]" : host):\(port)", pubSub: pubSub)
    }

    static func baseURLs(root: String, pubSub: PubSubEndpoint) -> BaseURLs {
        var whmcs: [String: URL] = [:]
        for instance in SandboxSeed.instances {
            whmcs[instance] = URL(string: instance == "default" ? "\(root)/whmcs" : "\(root)/whmcs/\(instance)")
        }
        return BaseURLs(whmcs: whmcs, salesforce: URL(string: "\(root)/salesforce")!, freebit: URL(string: "\(root)/freebit")!, pubSub: pubSub)
    }

    /// Every simulator's routes as one responder, which answers a request in process as the loopback server
    /// would: for transports that call the sandbox without a socket (tests).
    public func responder() -> RouterResponder<BasicRequestContext> {
        router(pubSub: { .inProcess }).buildResponder()
    }

    /// The HTTP routes; `pubSub` tells where the Pub/Sub simulator listens, once it does.
    func router(pubSub: @escaping @Sendable () async -> PubSubEndpoint) -> Router<BasicRequestContext> {
        let router = Router()
        let today: @Sendable () -> LocalDate = { Sandbox.todayInJapan() }
        WhmcsSimulator(seed: seed, store: whmcsStore, tickets: whmcsTickets, received: whmcsReceived, knobs: whmcsKnobs, today: today).addRoutes(
            to: router.group("whmcs")
        )
        freebit.addRoutes(to: router.group("freebit"))
        salesforce.addRoutes(to: router.group("salesforce"))
        SandboxControl(
            knobs: ["whmcs": whmcsKnobs, "salesforce": salesforceKnobs, "freebit": freebitKnobs],
            recordedOnly: ["pubsub": pubSubSimulator.calls]
        ).addRoutes(to: router)
        FreebitDateControl(plans: freebit.plans).addRoutes(to: router)
        WhmcsInvoiceControl(store: whmcsStore).addRoutes(to: router)
        PubSubControl(simulator: pubSubSimulator).addRoutes(to: router)
        SandboxEndpoints(pubSub: pubSub, connectedAppPrivateKeyPEM: connectedAppPrivateKeyPEM).addRoutes(to: router)
        return router
    }

    /// Serves on `host:port` (0 picks a free port), and the Pub/Sub API on `host:pubSubPort`, until the task is
    /// cancelled; `onRunning` gets the base URLs as soon as both ports are bound.
    public func run(
        host: String = "127.0.0.1",
        port: Int = 0,
        pubSubPort: Int = 0,
        onRunning: @escaping @Sendable (BaseURLs) async -> Void
    ) async throws {
        let logger = Logger(label: "portal-bff-sandbox")
        try await ServiceGroup(services: services(host: host, port: port, pubSubPort: pubSubPort, onRunning: onRunning), logger: logger).run()
    }

    /// Starts serving on `port` and the Pub/Sub API on `pubSubPort` (0 picks a free one) in the background and
    /// returns once both listen; `stop()` shuts them down gracefully.
    public func start(port: Int = 0, pubSubPort: Int = 0) async throws -> RunningSandbox {
        let (urls, continuation) = AsyncStream.makeStream(of: BaseURLs.self)
        let logger = Logger(label: "portal-bff-sandbox")
        let services = services(host: "127.0.0.1", port: port, pubSubPort: pubSubPort) { continuation.yield($0) }
        let group = ServiceGroup(configuration: .init(services: services, logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        for await baseURLs in urls { return RunningSandbox(baseURLs: baseURLs, group: group, task: task) }
        task.cancel()
        _ = try await task.value
        throw SandboxDidNotStart()
    }

    private func services(host: String, port: Int, pubSubPort: Int, onRunning: @escaping @Sendable (BaseURLs) async -> Void) -> [any Service] {
        let pubSub = PubSubServer(simulator: pubSubSimulator, host: host, port: pubSubPort)
        let endpoint: @Sendable () async -> PubSubEndpoint = { (try? await pubSub.endpoint()) ?? .inProcess }
        let application = Application(
            router: router(pubSub: endpoint),
            configuration: .init(address: .hostname(host, port: port), serverName: "portal-bff-sandbox"),
            onServerRunning: { channel in
                guard let pubSubEndpoint = try? await pubSub.endpoint() else { return }
                await onRunning(Sandbox.baseURLs(host: host, port: channel.localAddress?.port ?? port, pubSub: pubSubEndpoint))
            }
        )
        return [pubSub, application]
    }
}

public struct SandboxDidNotStart: Error {}

/// A sandbox serving in the background.
public struct RunningSandbox: Sendable {
    public let baseURLs: Sandbox.BaseURLs
    let group: ServiceGroup
    let task: Task<Void, any Error>

    /// Stops accepting, lets the calls in flight finish, and returns when the server has closed.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
