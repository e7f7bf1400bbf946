import Domain
import Foundation
import Logging
import Metrics
import PortalCache
import PortalUpstream
import ServiceLifecycle

/// Runs the contact synchronisation jobs (`ContactSyncQueue`): brings each customer's Salesforce Account
/// in line with WHMCS (`ContactSynchroniser`), retries what fails with backoff (5 s doubling to 10
/// minutes), and after `maximumAttempts` leaves the job in the dead set and logs it for an operator.
/// Counts `portal_contact_sync_jobs_total{outcome}`.
public struct ContactSyncWorker: Service, Sendable {
    public static let maximumAttempts = 20

    let queue: ContactSyncQueue
    let upstreams: Upstreams
    let cache: CacheService
    let logger: Logger
    let clock: ApplicationClock
    let pollInterval: Duration
    private let outcomes: [String: Counter]

    public init(
        services: ApplicationServices,
        logger: Logger,
        pollInterval: Duration = .seconds(1),
        metrics: any MetricsFactory = MetricsSystem.factory
    )
        throws(ServiceError)
    {
        guard let queue = services.stores?.contactSync else { throw .unavailable }
        self.queue = queue
        self.upstreams = services.upstreams
        self.cache = services.cache
        self.logger = logger
        self.clock = services.clock
        self.pollInterval = pollInterval
        self.outcomes = Dictionary(
            uniqueKeysWithValues: ["synchronised", "reverted", "retried", "dead"].map { outcome in
                (outcome, Counter(label: "portal_contact_sync_jobs_total", dimensions: [("outcome", outcome)], factory: metrics))
            }
        )
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if await runOnce() == 0 { try? await Task.sleep(for: pollInterval) }
        }
    }

    /// Runs the jobs due now; answers how many it took.
    @discardableResult
    public func runOnce() async -> Int {
        let claimed: [ContactSyncQueue.Claimed]
        do {
            claimed = try await queue.claim(limit: 10, lease: .seconds(120), now: clock.now())
        } catch {
            logger.warning("contact sync queue unavailable", metadata: ["error": .string("\(error)")])
            return 0
        }
        for job in claimed { await handle(job) }
        return claimed.count
    }

    private func handle(_ claimed: ContactSyncQueue.Claimed) async {
        var logger = logger
        logger[metadataKey: "contactSync"] = .string(claimed.job.id)
        let job = claimed.job
        guard let whmcs = upstreams.whmcs[job.instance], let salesforce = upstreams.salesforce, let accountId = SalesforceId(job.accountId)
        else {
            await bury(claimed, reason: "its WHMCS instance or Salesforce is not configured", logger)
            return
        }
        do {
            let outcome = try await ContactSynchroniser(whmcs: whmcs, clientId: job.clientId, salesforce: salesforce, accountId: accountId).run()
            if let group = CacheGroups.whmcs(instance: job.instance, clientId: job.clientId, .profile) { try? await cache.invalidate([group]) }
            try await queue.finish(claimed)
            outcomes[outcome.rawValue]?.increment()
            logger.info("contact details synchronised", metadata: ["outcome": .string(outcome.rawValue)])
        } catch let error as UpstreamError where claimed.attempts + 1 < Self.maximumAttempts {
            let delay = Duration.seconds(min(600, 5 << min(claimed.attempts, 8)))
            try? await queue.retry(claimed, after: delay, now: clock.now())
            outcomes["retried"]?.increment()
            logger.warning(
                "contact sync failed; retrying",
                metadata: ["error": .string("\(error)"), "retryInSeconds": "\(delay.components.seconds)"]
            )
        } catch let error as UpstreamError {
            await bury(claimed, reason: "\(error)", logger)
        } catch {
            logger.warning("contact sync not recorded; it runs again when its lease ends", metadata: ["error": .string("\(error)")])
        }
    }

    private func bury(_ claimed: ContactSyncQueue.Claimed, reason: String, _ logger: Logger) async {
        try? await queue.bury(claimed, reason: reason, now: clock.now())
        outcomes["dead"]?.increment()
        logger.error("contact sync given up; WHMCS and Salesforce may differ for this customer", metadata: ["reason": .string(reason)])
    }
}
