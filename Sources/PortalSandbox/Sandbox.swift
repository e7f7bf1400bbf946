import Domain
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The upstream sandbox: simulators of WHMCS, Salesforce and Freebit on one loopback port, with seeded data
/// and knobs. Tests, demos and benchmarks use it; production never does.
public final class Sandbox: Sendable {
    /// Where each simulator answers.
    public struct BaseURLs: Sendable, Equatable {
        /// One base URL per WHMCS instance (append `/includes/api.php`).
        public let whmcs: [String: URL]
        public let salesforce: URL
        public let freebit: URL
    }

    public let seed: SandboxSeed
    public let whmcsKnobs = SimulatorKnobs()
    public let freebitKnobs = SimulatorKnobs()
    public let salesforceKnobs = SimulatorKnobs()
    let freebit: FreebitSimulator
    let whmcsStore: WhmcsStore
    let whmcsReceived = WhmcsReceivedCalls()
    let salesforce: SalesforceSimulator

    public init(seed: SandboxSeed = SandboxSeed()) {
        self.seed = seed
        self.freebit = FreebitSimulator(seed: seed, knobs: freebitKnobs)
        self.whmcsStore = WhmcsStore(seed: seed)
        self.salesforce = SalesforceSimulator(seed: seed, knobs: salesforceKnobs)
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

    /// The connected app's private key (PKCS#1 PEM, RSA 2048, made for this sandbox): sign assertions with it.
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
    /// over loopback, on a host no resolver knows, so clients are configured exactly as with a socket.
    public static let inProcessBaseURLs = baseURLs(root: "http://sandbox.invalid")

    static func baseURLs(port: Int) -> BaseURLs {
        baseURLs(root: "http://127.0.0.1:\(port)")
    }

    private static func baseURLs(root: String) -> BaseURLs {
        var whmcs: [String: URL] = [:]
        for instance in SandboxSeed.instances {
            whmcs[instance] = URL(string: instance == "default" ? "\(root)/whmcs" : "\(root)/whmcs/\(instance)")
        }
        return BaseURLs(whmcs: whmcs, salesforce: URL(string: "\(root)/salesforce")!, freebit: URL(string: "\(root)/freebit")!)
    }

    /// Every simulator's routes as one responder, which answers a request in process as the loopback server
    /// would: for transports that call the sandbox without a socket (tests).
    public func responder() -> RouterResponder<BasicRequestContext> {
        router().buildResponder()
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        let today: @Sendable () -> LocalDate = { Sandbox.todayInJapan() }
        WhmcsSimulator(seed: seed, store: whmcsStore, received: whmcsReceived, knobs: whmcsKnobs, today: today).addRoutes(to: router.group("whmcs"))
        freebit.addRoutes(to: router.group("freebit"))
        salesforce.addRoutes(to: router.group("salesforce"))
        SandboxControl(knobs: ["whmcs": whmcsKnobs, "salesforce": salesforceKnobs, "freebit": freebitKnobs]).addRoutes(to: router)
        return router
    }

    /// Serves on `host:port` (0 picks a free port) until the task is cancelled; `onRunning` gets the base URLs
    /// as soon as the port is bound.
    public func run(host: String = "127.0.0.1", port: Int = 0, onRunning: @escaping @Sendable (BaseURLs) async -> Void) async throws {
        try await application(host: host, port: port, onRunning: onRunning).run()
    }

    /// Starts serving on `port` (0 picks a free one) in the background and returns once it listens; `stop()`
    /// shuts it down gracefully.
    public func start(port: Int = 0) async throws -> RunningSandbox {
        let (urls, continuation) = AsyncStream.makeStream(of: BaseURLs.self)
        let logger = Logger(label: "portal-bff-sandbox")
        let group = ServiceGroup(
            configuration: .init(services: [application(host: "127.0.0.1", port: port) { continuation.yield($0) }], logger: logger)
        )
        let task = Task { try await group.run() }
        for await baseURLs in urls { return RunningSandbox(baseURLs: baseURLs, group: group, task: task) }
        task.cancel()
        throw SandboxDidNotStart()
    }

    private func application(host: String, port: Int, onRunning: @escaping @Sendable (BaseURLs) async -> Void) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "portal-bff-sandbox"),
            onServerRunning: { channel in await onRunning(Sandbox.baseURLs(port: channel.localAddress?.port ?? port)) }
        )
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
