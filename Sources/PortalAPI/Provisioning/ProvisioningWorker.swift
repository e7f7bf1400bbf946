import Domain
import Foundation
import Logging
import Metrics
import PortalCache
import PortalConfig
import PortalRedis
import PortalUpstream
import PortalWhmcs
import ServiceLifecycle

/// Runs provisioning jobs: WHMCS AddOrder for the account's client, AcceptOrder, then the Salesforce order
/// marked provisioned with the WHMCS order id. Each step is recorded before the next, so a job taken over
/// from a dead worker resumes where it stopped and never places a second WHMCS order. Transient failures
/// retry with backoff; permanent ones go to the dead-letter stream.
public struct ProvisioningWorker: Service, Sendable {
    /// The steps, for tests that stop a worker between two of them.
    public enum Step: Sendable {
        case whmcsOrderAdded, whmcsOrderAccepted, salesforceUpdated
    }

    enum Failure: Error {
        case permanent(String)
        case transient(String)
    }

    let name: String
    let queue: ProvisioningQueue
    let upstreams: Upstreams
    let cache: CacheService
    let settings: ProvisioningSettings
    let logger: Logger
    let metrics: any MetricsFactory
    let afterStep: @Sendable (Step) async throws -> Void

    public init(
        name: String, redis: RedisClient, upstreams: Upstreams, cache: CacheService, settings: ProvisioningSettings, logger: Logger,
        metrics: any MetricsFactory = MetricsSystem.factory, afterStep: @escaping @Sendable (Step) async throws -> Void = { _ in }
    ) {
        self.name = name
        self.queue = ProvisioningQueue(redis: redis)
        self.upstreams = upstreams
        self.cache = cache
        self.settings = settings
        var logger = logger
        logger[metadataKey: "worker"] = .string(name)
        self.logger = logger
        self.metrics = metrics
        self.afterStep = afterStep
    }

    /// Works until the service group shuts down: new jobs first, then jobs abandoned by other workers. The
    /// stream and its group are created once, and again after a Redis failure (Redis may come back empty).
    public func run() async throws {
        var prepared = false
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            var worked = false
            do {
                if !prepared {
                    try await queue.prepare()
                    prepared = true
                }
                worked = try await poll()
            } catch {
                prepared = false
                queueUnavailable(error)
            }
            if !worked { try? await Task.sleep(for: .milliseconds(settings.pollMilliseconds)) }
        }
    }

    /// Prepares the queue and runs what is waiting now; true when there was something.
    @discardableResult
    public func runOnce() async -> Bool {
        do {
            try await queue.prepare()
            return try await poll()
        } catch {
            queueUnavailable(error)
            return false
        }
    }

    private func poll() async throws(RedisError) -> Bool {
        var deliveries = try await queue.claimAbandoned(consumer: name, idle: .seconds(settings.claimIdleSeconds))
        if let next = try await queue.next(consumer: name) { deliveries.append(next) }
        for delivery in deliveries { await handle(delivery) }
        return !deliveries.isEmpty
    }

    private func queueUnavailable(_ error: RedisError) {
        logger.warning("provisioning queue unavailable", metadata: ["error": .string("\(error)")])
    }

    private func handle(_ delivery: ProvisioningQueue.Delivery) async {
        var logger = logger
        logger[metadataKey: "order"] = .string(delivery.orderId)
        do {
            guard let job = try await queue.job(delivery.orderId), job.state != .done, job.state != .failed else {
                try await queue.acknowledge(delivery)
                return
            }
            guard Int64(Date().timeIntervalSince1970 * 1000) >= job.nextAttemptAt else { return }
            guard try await queue.lock(delivery.orderId, holder: name, for: .seconds(max(120, settings.claimIdleSeconds))) else { return }
            defer { Task { await queue.unlock(delivery.orderId, holder: name) } }
            let outcome: Result<Void, Failure>
            do {
                try await provision(delivery, job, logger: logger)
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success:
                try await queue.acknowledge(delivery)
                count("provisioned")
                logger.info("order provisioned")
            case .failure(.transient(let reason)) where job.attempts + 1 < settings.maxAttempts:
                let delay = settings.retryBaseSeconds * (1 << min(job.attempts, 16))
                let next = Int64(Date().timeIntervalSince1970 * 1000) + Int64(delay) * 1000
                try await queue.record(delivery.orderId, ["attempts": String(job.attempts + 1), "nextAttemptAt": String(next), "lastError": reason])
                count("retried")
                logger.warning("provisioning failed; will retry", metadata: ["reason": .string(reason), "retryInSeconds": .stringConvertible(delay)])
            case .failure(let failure):
                let reason = switch failure {
                case .permanent(let reason): reason
                case .transient(let reason): "gave up after \(settings.maxAttempts) attempts: \(reason)"
                }
                try await queue.deadLetter(delivery, reason: reason)
                count("deadLettered")
                logger.error("provisioning failed for good; job moved to the dead-letter stream", metadata: ["reason": .string(reason)])
            }
        } catch {
            logger.warning("provisioning job left for later: Redis unavailable", metadata: ["error": .string("\(error)")])
        }
    }

    private func provision(_ delivery: ProvisioningQueue.Delivery, _ job: ProvisioningQueue.Job, logger: Logger) async throws(Failure) {
        guard let salesforce = upstreams.salesforce, let orderId = SalesforceId(delivery.orderId) else {
            throw .permanent("Salesforce is not configured, or \(delivery.orderId) is not an order id")
        }
        let order = try await Self.upstream { () async throws(UpstreamError) in try await salesforce.provisioningOrder(orderId) }
        let instance = order.whmcsInstance ?? "default"
        guard let whmcs = upstreams.whmcs[instance] else { throw .permanent("the account's WHMCS instance \(instance) is not configured") }
        var whmcsOrderId = job.whmcsOrderId ?? order.whmcsOrderId
        var state = job.state
        if whmcsOrderId == nil {
            guard state != .adding else {
                throw .permanent(
                    "AddOrder was sent for WHMCS client \(order.whmcsClientId) but its answer was not recorded; check that client's orders before re-queueing")
            }
            let lines = try whmcsLines(order)
            try await record(delivery, ["state": ProvisioningQueue.State.adding.rawValue])
            let receipt: WhmcsOrderReceipt
            do {
                receipt = try await WhmcsOrderService(connection: whmcs).addOrder(
                    clientId: order.whmcsClientId, lines: lines, paymentMethod: settings.paymentMethod)
            } catch {
                if Self.wasNotSent(error) { try await record(delivery, ["state": ProvisioningQueue.State.queued.rawValue]) }
                throw Self.failure(error)
            }
            whmcsOrderId = receipt.orderId
            state = .added
            try await record(delivery, ["state": state.rawValue, "whmcsOrderId": String(receipt.orderId)])
            try await step(.whmcsOrderAdded)
        }
        guard let whmcsOrderId else { throw .permanent("no WHMCS order id") }
        if state == .queued || state == .added {
            do {
                try await WhmcsOrderService(connection: whmcs).acceptOrder(whmcsOrderId)
            } catch .rejected(_, _, let detail) where job.state == .added {
                logger.notice("AcceptOrder refused on a resumed job; taking the order as accepted", metadata: ["detail": .string(detail)])
            } catch {
                throw Self.failure(error)
            }
            try await record(delivery, ["state": ProvisioningQueue.State.accepted.rawValue])
            try await step(.whmcsOrderAccepted)
        }
        try await Self.upstream { () async throws(UpstreamError) in try await salesforce.markProvisioned(orderId, whmcsOrderId: whmcsOrderId) }
        try await record(delivery, ["state": ProvisioningQueue.State.done.rawValue])
        try await step(.salesforceUpdated)
        await invalidate(order, instance: instance)
    }

    /// The WHMCS products of the order: one line per unit, products mapped to `-` left out.
    private func whmcsLines(_ order: ProvisioningOrder) throws(Failure) -> [WhmcsOrderService.Line] {
        var lines: [WhmcsOrderService.Line] = []
        for line in order.lines {
            guard let mapped = settings.whmcsProducts[line.productCode] else {
                throw .permanent("product \(line.productCode) has no WHMCS product in provisioning.whmcsProducts")
            }
            guard let productId = mapped else { continue }
            guard let cycle = line.billingCycle.whmcsName else {
                throw .permanent("product \(line.productCode) has a billing cycle WHMCS does not know: \(line.billingCycle)")
            }
            lines += Array(repeating: WhmcsOrderService.Line(productId: productId, billingCycle: cycle), count: line.quantity)
        }
        guard !lines.isEmpty else { throw .permanent("nothing in the order is provisioned in WHMCS") }
        return lines
    }

    private func invalidate(_ order: ProvisioningOrder, instance: String) async {
        let invalidations = WebhookInvalidations(relations: cache.relations, upstreams: upstreams)
        let salesforceGroups = (try? await invalidations.orderGroups(of: order.accountId)) ?? []
        let whmcsGroups = [CacheGroups.Whmcs.subscriptions, .invoices, .dashboard].compactMap {
            CacheGroups.whmcs(instance: instance, clientId: order.whmcsClientId, $0)
        }
        try? await cache.invalidate(salesforceGroups + whmcsGroups)
    }

    private func record(_ delivery: ProvisioningQueue.Delivery, _ fields: [String: String]) async throws(Failure) {
        do {
            try await queue.record(delivery.orderId, fields)
        } catch {
            throw .transient("Redis: \(error)")
        }
    }

    private func step(_ step: Step) async throws(Failure) {
        do {
            try await afterStep(step)
        } catch {
            throw .transient("stopped after \(step)")
        }
    }

    private func count(_ outcome: String) {
        Counter(label: "portal_provisioning_jobs_total", dimensions: [("outcome", outcome)], factory: metrics).increment()
    }

    private static func upstream<Value>(_ work: () async throws(UpstreamError) -> Value) async throws(Failure) -> Value {
        do {
            return try await work()
        } catch {
            throw failure(error)
        }
    }

    private static func failure(_ error: UpstreamError) -> Failure {
        switch error {
        case .unavailable, .rateLimited, .shareSpent, .outcomeUnknown: .transient("\(error)")
        case .notFound, .rejected, .authenticationFailed, .invalidResponse: .permanent("\(error)")
        }
    }

    /// Whether a failed call certainly never reached WHMCS, so sending it again cannot duplicate anything.
    private static func wasNotSent(_ error: UpstreamError) -> Bool {
        switch error {
        case .rateLimited, .shareSpent, .unavailable: true
        case .outcomeUnknown, .authenticationFailed, .notFound, .rejected, .invalidResponse: false
        }
    }
}

extension BillingCycle {
    /// WHMCS's spelling in AddOrder: the case name in lower case, `onetime` for one-time; none for unknown.
    var whmcsName: String? {
        switch self {
        case .oneTime: "onetime"
        case .unknown: nil
        default: name
        }
    }
}
