import Foundation
import GRPCCore
import Logging
import Metrics
import SalesforcePubSubAPI

/// Salesforce Platform Events over the Pub/Sub API: one Subscribe stream per configured topic over one
/// gRPC connection, each handing its batches to the sink in order until `run()` is cancelled. Made by
/// `SalesforceOrchestrator.pubSubSubscriber`.
public final class SalesforcePubSubSubscriber: Sendable {
    public let settings: SalesforcePubSubSettings
    private let board: PubSubStateBoard
    private let body: @Sendable () async throws -> Void

    init<Transport: ClientTransport>(
        settings: SalesforcePubSubSettings,
        session: SalesforceSession,
        sink: some PlatformEventSink,
        metrics: any MetricsFactory,
        logger: Logger,
        transport makeTransport: @escaping @Sendable () throws -> Transport,
        wallClock: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        let topics = settings.topics.reduce(into: [String]()) { unique, topic in if !unique.contains(topic) { unique.append(topic) } }
        let board = PubSubStateBoard(topics: topics)
        let counters = PubSubMetrics(topics: topics, factory: metrics)
        let schemas = PubSubSchemaCache()
        self.settings = settings
        self.board = board
        self.body = {
            let transport: Transport
            do {
                transport = try makeTransport()
            } catch {
                throw PubSubFailure(.other, detail: "no transport to \(settings.host):\(settings.port): \(error)")
            }
            try await withGRPCClient(transport: transport) { client in
                let pubSub = Eventbus_V1_PubSub.Client(wrapping: client)
                await withDiscardingTaskGroup { group in
                    for topic in topics {
                        let subscription = PubSubTopicSubscription(
                            topic: topic,
                            client: pubSub,
                            session: session,
                            sink: sink,
                            settings: settings,
                            schemas: schemas,
                            board: board,
                            metrics: counters.topic(topic),
                            logger: logger,
                            wallClock: wallClock,
                            random: random
                        )
                        group.addTask { await subscription.run() }
                    }
                }
            }
        }
    }

    /// Subscribes every topic until the task is cancelled, then returns. Call it once: the connection
    /// it opens is closed when it returns. Throws only when the transport cannot be made.
    public func run() async throws {
        try await body()
    }

    /// Each topic's state.
    public var states: [String: PubSubSubscriberState] { board.snapshot }

    /// The state of `topic` (`idle` for a topic not configured).
    public func state(of topic: String) -> PubSubSubscriberState { board.snapshot[topic] ?? .idle }
}
