import Domain
import Foundation
import Logging
import Metrics
import PortalCache
import PortalUpstream
import ServiceLifecycle

/// Polls the provisioning queue, claims jobs (new ones, and those a dead worker abandoned), runs each
/// under its order's lock with `ProvisioningSteps`, and retries transient failures with backoff;
/// permanent ones go to the dead-letter stream.
public struct ProvisioningWorker: Service, Sendable {
    /// The steps, for tests that stop a worker between two of them.
    public enum Step: Sendable {
        case whmcsOrderAdded, whmcsOrderAccepted, salesforceUpdated
    }

    let name: String
    let queue: ProvisioningQueue
    let steps: ProvisioningSteps
    let settings: ProvisioningSettings
    let logger: Logger
    let clock: ApplicationClock
    let outcomes: ProvisioningOutcomes

    /// A worker of `services`' provisioning, with their settings unless `settings` are given;
    /// `afterStep` runs after each recorded step (tests stop a worker there).
    public init(
        name: String,
        services: ApplicationServices,
        settings: ProvisioningSettings? = nil,
        logger: Logger,
        metrics: any MetricsFactory = MetricsSystem.factory,
        afterStep: @escaping @Sendable (Step) async throws -> Void = { _ in }
    ) throws(ServiceError) {
        guard let queue = services.stores?.provisioning else { throw .unavailable }
        let settings = settings ?? services.provisioning
        self.name = name
        self.queue = queue
        self.settings = settings
        self.clock = services.clock
        self.steps = ProvisioningSteps(
            queue: queue,
            upstreams: services.upstreams,
            invalidation: services.invalidation,
            cache: services.cache,
            settings: settings,
            afterStep: afterStep
        )
        var logger = logger
        logger[metadataKey: "worker"] = .string(name)
        self.logger = logger
        self.outcomes = ProvisioningOutcomes(factory: metrics)
    }

    /// Works until the service group shuts down: new jobs first, then jobs abandoned by other workers. The
    /// stream and its group are created once, and again after a Redis failure (Redis may come back empty).
    public func run() async throws {
        var prepared = false
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            var worked = false
            do {
                if !prepared {
                    report(try await queue.prepare())
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
            report(try await queue.prepare())
            return try await poll()
        } catch {
            queueUnavailable(error)
            return false
        }
    }

    private func poll() async throws -> Bool {
        var deliveries = try await queue.claimAbandoned(consumer: name, idle: .seconds(settings.claimIdleSeconds))
        if let next = try await queue.next(consumer: name) { deliveries.append(next) }
        for delivery in deliveries { await handle(delivery) }
        return !deliveries.isEmpty
    }

    private func report(_ untagged: ProvisioningQueue.UntaggedKeys) {
        guard untagged != ProvisioningQueue.UntaggedKeys() else { return }
        let level: Logger.Level = untagged.leftBehind > 0 ? .error : .notice
        logger.log(
            level: level,
            "provisioning keys moved to the {provisioning} hash tag",
            metadata: ["moved": "\(untagged.moved)", "left_behind": "\(untagged.leftBehind)"]
        )
    }

    private func queueUnavailable(_ error: any Error) {
        logger.warning("provisioning queue unavailable", metadata: ["error": .string("\(error)")])
    }

    private func handle(_ delivery: ProvisioningQueue.Delivery) async {
        var logger = logger
        logger[metadataKey: "order"] = .string(delivery.orderId)
        do {
            guard let job = try await queue.job(delivery.orderId), !job.state.isFinal else {
                try await queue.acknowledge(delivery)
                return
            }
            guard Int64(clock.now().timeIntervalSince1970 * 1000) >= job.nextAttemptAt else { return }
            guard try await queue.lock(delivery.orderId, holder: name, for: .seconds(max(120, settings.claimIdleSeconds))) else { return }
            do {
                try await runLocked(delivery, job, logger: logger)
            } catch {
                await queue.unlock(delivery.orderId, holder: name)
                throw error
            }
            await queue.unlock(delivery.orderId, holder: name)
        } catch {
            logger.warning("provisioning job left for later: Redis unavailable", metadata: ["error": .string("\(error)")])
        }
    }

    /// Runs one job under its order's lock and records what became of it: acknowledged, retried later,
    /// or dead-lettered.
    private func runLocked(_ delivery: ProvisioningQueue.Delivery, _ job: ProvisioningQueue.Job, logger: Logger) async throws {
        let outcome: Result<Void, ProvisioningFailure>
        do {
            // The job's upstream calls are background work, logged with the job's order and worker.
            try await UpstreamCallContext.with(requester: .background, logger: logger) {
                try await steps.provision(delivery, job, logger: logger)
            }
            outcome = .success(())
        } catch let failure as ProvisioningFailure {
            outcome = .failure(failure)
        } catch {
            outcome = .failure(.transient("\(error)"))
        }
        switch outcome {
        case .success:
            try await queue.acknowledge(delivery)
            outcomes.provisioned.increment()
            logger.info("order provisioned")
        case .failure(.transient(let reason)) where job.attempts + 1 < settings.maxAttempts:
            let delay = settings.retryBaseSeconds * (1 << min(job.attempts, 16))
            let next = Int64(clock.now().timeIntervalSince1970 * 1000) + Int64(delay) * 1000
            try await queue.record(delivery.orderId, ["attempts": String(job.attempts + 1), "nextAttemptAt": String(next), "lastError": reason])
            outcomes.retried.increment()
            logger.warning("provisioning failed; will retry", metadata: ["reason": .string(reason), "retryInSeconds": .stringConvertible(delay)])
        case .failure(let failure):
            let reason =
                switch failure {
                case .permanent(let reason): reason
                case .transient(let reason): "gave up after \(settings.maxAttempts) attempts: \(reason)"
                }
            try await queue.deadLetter(delivery, reason: reason, at: clock.now())
            outcomes.deadLettered.increment()
            logger.error("provisioning failed for good; job moved to the dead-letter stream", metadata: ["reason": .string(reason)])
        }
    }
}
