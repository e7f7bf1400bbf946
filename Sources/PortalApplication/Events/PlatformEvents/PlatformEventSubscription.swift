import Foundation
import GRPCCore
import Logging
import Metrics
import PortalCache
import PortalSalesforce
import PortalSupport
import ServiceLifecycle

/// The Salesforce Pub/Sub subscription of the fleet: whichever instance holds the subscriber lease runs
/// the streams (a `SalesforcePubSubSubscriber` feeding a `PlatformEventIntake`), renewing the lease as it goes; the others
/// stand by and take over when the lease expires. Losing the lease stops the stream at once, and the
/// intake refuses to move the replay position for a holder that lost it.
public struct PlatformEventSubscription: Service, Sendable {
    public let holder: String
    let lease: SubscriberLease
    let intake: PlatformEventIntake
    let settings: PlatformEventSubscriptionSettings
    let subscriber: @Sendable (PlatformEventIntake) -> SalesforcePubSubSubscriber
    let status: PlatformEventStatus
    let logger: Logger
    let metrics: PlatformEventMetrics

    /// Subscribes to Salesforce as `pubSub` configures it (TLS to its host and port). Nil without Redis
    /// (which holds the lease, the replay ids and the provisioning queue) or without Salesforce.
    public init?(
        services: ApplicationServices,
        holder: String,
        settings: PlatformEventSubscriptionSettings,
        pubSub: SalesforcePubSubSettings,
        logger: Logger,
        metrics factory: any MetricsFactory = MetricsSystem.factory
    ) {
        guard let salesforce = services.upstreams.salesforce else { return nil }
        self.init(services: services, holder: holder, settings: settings, logger: logger, metrics: factory) { intake in
            salesforce.pubSubSubscriber(settings: pubSub, sink: intake, metrics: factory, logger: logger)
        }
    }

    /// The same over transports `makeTransport` makes, one per stream run (in-process ones in tests).
    public init?<Transport: ClientTransport>(
        services: ApplicationServices,
        holder: String,
        settings: PlatformEventSubscriptionSettings,
        pubSub: SalesforcePubSubSettings,
        transport makeTransport: @escaping @Sendable () -> Transport,
        logger: Logger,
        metrics factory: any MetricsFactory = MetricsSystem.factory
    ) {
        guard let salesforce = services.upstreams.salesforce else { return nil }
        self.init(services: services, holder: holder, settings: settings, logger: logger, metrics: factory) { intake in
            salesforce.pubSubSubscriber(settings: pubSub, sink: intake, transport: makeTransport(), metrics: factory, logger: logger)
        }
    }

    private init?(
        services: ApplicationServices,
        holder: String,
        settings: PlatformEventSubscriptionSettings,
        logger: Logger,
        metrics factory: any MetricsFactory,
        subscriber: @escaping @Sendable (PlatformEventIntake) -> SalesforcePubSubSubscriber
    ) {
        guard let stores = services.stores else { return nil }
        let metrics = PlatformEventMetrics(factory: factory)
        var logger = logger
        logger[metadataKey: "subscriber"] = .string(holder)
        self.holder = holder
        self.lease = stores.subscriberLease
        self.settings = settings
        self.subscriber = subscriber
        self.status = services.platformEventStatus
        self.logger = logger
        self.metrics = metrics
        self.intake = PlatformEventIntake(
            queue: stores.provisioning,
            replayIds: stores.replayIds,
            records: stores.platformEvents,
            holder: holder,
            fields: settings.fields,
            metrics: metrics,
            clock: services.clock,
            logger: logger
        )
    }

    public func run() async throws {
        status.set(.standby)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if await self.acquire() {
                    await self.subscribeWhileHoldingTheLease()
                    guard !Task.isCancelled else { break }
                    try? await Task.sleep(for: self.settings.standbyInterval)
                } else {
                    try? await Task.sleep(for: self.settings.standbyInterval)
                }
            }
        }
        status.set(.stopped)
        metrics.leader.record(0)
        await lease.release(holder: holder)
    }

    private func acquire() async -> Bool {
        do {
            return try await lease.acquire(holder: holder, for: settings.leaseLifetime)
        } catch {
            logger.warning("the subscriber lease could not be read: standing by", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Runs the streams and the lease renewal side by side until either ends: the streams by cancellation
    /// or a lost lease, the renewal when the lease is lost or cannot be renewed within its lifetime.
    private func subscribeWhileHoldingTheLease() async {
        let streams = subscriber(intake)
        status.set(.subscribing, subscriber: streams)
        metrics.leaseAcquired.increment()
        metrics.leader.record(1)
        logger.notice("holding the Salesforce Pub/Sub subscriber lease: subscribing")
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    // Once cancelled, this instance stops waiting for the streams at once (a gRPC stream stuck
                    // in the transport must not hold a shutdown); they end by themselves.
                    try await stopWaitingWhenCancelled { try await streams.run() }
                } catch {
                    // The subscriber handles the sink's errors (`LeaseLost` among them) itself; only a
                    // transport that cannot be made ends its run. A lost lease is ended by the renewal.
                    if !Task.isCancelled { self.logger.error("the Pub/Sub streams stopped", metadata: ["error": "\(error)"]) }
                }
            }
            group.addTask { await self.keepRenewing() }
            await group.next()
            group.cancelAll()
        }
        status.set(.standby)
        metrics.leader.record(0)
    }

    private func keepRenewing() async {
        var lastRenewed = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: settings.renewInterval)
            guard !Task.isCancelled else { return }
            do {
                guard try await lease.renew(holder: holder, for: settings.leaseLifetime) else {
                    logger.warning("the subscriber lease passed to another instance: standing by")
                    return
                }
                lastRenewed = .now
            } catch {
                guard ContinuousClock.now - lastRenewed < settings.leaseLifetime else {
                    logger.warning("the subscriber lease could not be renewed in time: standing by", metadata: ["error": "\(error)"])
                    return
                }
            }
        }
    }
}
