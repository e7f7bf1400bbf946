import Foundation
import Logging
import Metrics
import PortalCache
import ServiceLifecycle
import Synchronization

/// The Salesforce Pub/Sub subscription of the fleet: whichever instance holds the subscriber lease runs
/// `subscribe` (the stream, feeding a `PlatformEventIntake`), renewing the lease as it goes; the others
/// stand by and take over when the lease expires. Losing the lease stops the stream at once, and the
/// intake refuses to move the replay position for a holder that lost it.
public struct PlatformEventSubscription: Service, Sendable {
    /// Where this instance stands, for `/readyz`.
    public enum Role: String, Sendable {
        case starting, standby, subscribing, stopped
    }

    /// Runs the stream into the intake until cancelled.
    public typealias Subscribe = @Sendable (PlatformEventIntake) async throws -> Void

    public let holder: String
    let lease: SubscriberLease
    let intake: PlatformEventIntake
    let settings: PlatformEventSubscriptionSettings
    let subscribe: Subscribe
    let logger: Logger
    let metrics: PlatformEventMetrics
    private let currentRole = RoleBox()

    /// Nil without Redis, which holds the lease, the replay ids and the provisioning queue.
    public init?(
        services: ApplicationServices,
        holder: String,
        settings: PlatformEventSubscriptionSettings,
        logger: Logger,
        metrics factory: any MetricsFactory = MetricsSystem.factory,
        subscribe: @escaping Subscribe
    ) {
        guard let stores = services.stores else { return nil }
        let metrics = PlatformEventMetrics(factory: factory)
        self.holder = holder
        self.lease = stores.subscriberLease
        self.settings = settings
        self.subscribe = subscribe
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

    public var role: Role { currentRole.value }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if await self.acquire() {
                    await self.subscribeWhileHoldingTheLease()
                    guard !Task.isCancelled else { break }
                    try? await Task.sleep(for: self.settings.standbyInterval)
                } else {
                    self.currentRole.value = .standby
                    try? await Task.sleep(for: self.settings.standbyInterval)
                }
            }
        }
        currentRole.value = .stopped
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

    /// Runs the stream and the lease renewal side by side until either ends: the stream by cancellation
    /// or a lost lease, the renewal when the lease is lost or cannot be renewed within its lifetime.
    private func subscribeWhileHoldingTheLease() async {
        currentRole.value = .subscribing
        metrics.leaseAcquired.increment()
        metrics.leader.record(1)
        logger.notice("holding the Salesforce Pub/Sub subscriber lease: subscribing", metadata: ["holder": .string(holder)])
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await self.subscribe(self.intake)
                } catch is PlatformEventIntake.LeaseLost {
                    self.logger.warning("the subscriber lease was lost while handling events: stopping the stream")
                } catch {
                    if !Task.isCancelled { self.logger.error("the Pub/Sub stream stopped", metadata: ["error": "\(error)"]) }
                }
            }
            group.addTask { await self.keepRenewing() }
            await group.next()
            group.cancelAll()
        }
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

private final class RoleBox: Sendable {
    private let role = Mutex(PlatformEventSubscription.Role.starting)

    var value: PlatformEventSubscription.Role {
        get { role.withLock { $0 } }
        set { role.withLock { $0 = newValue } }
    }
}
