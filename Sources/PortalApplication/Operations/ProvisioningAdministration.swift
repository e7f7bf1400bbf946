import Foundation
import PortalCache

/// What an operator does with provisioning jobs and the Pub/Sub records: lists them, shows one, retries or
/// discards a job. The CLI (`portal-bff provisioning`, `portal-bff pubsub`) and the operator listener's
/// routes both go through it.
public struct ProvisioningAdministration: Sendable {
    public static let listLimits = 1...1000

    let queue: ProvisioningQueue
    let events: PlatformEventRecords
    let clock: ApplicationClock

    public init(stores: RedisStores, clock: ApplicationClock = ApplicationClock()) {
        queue = stores.provisioning
        events = stores.platformEvents
        self.clock = clock
    }

    /// The jobs waiting on the stream (taken and not acknowledged, then not taken), oldest first.
    public func waitingJobs(limit: Int) async throws(ServiceError) -> [ProvisioningQueue.WaitingJob] {
        let limit = try Self.checked(limit)
        return try await Self.reading { try await queue.waitingJobs(limit: limit) }
    }

    /// The dead-lettered jobs, newest first.
    public func deadLetteredJobs(limit: Int) async throws(ServiceError) -> [ProvisioningQueue.DeadLetteredJob] {
        let limit = try Self.checked(limit)
        return try await Self.reading { try await queue.deadLetteredJobs(limit: limit) }
    }

    public func job(_ orderId: String) async throws(ServiceError) -> ProvisioningQueue.JobDetails {
        let orderId = try Self.checked(orderId: orderId)
        let details = try await Self.reading { try await queue.details(of: orderId) }
        guard let details else { throw .notFound("Provisioning job") }
        return details
    }

    public func retry(_ orderId: String, _ request: JobAdministrationRequest) async throws(ServiceError) -> ProvisioningQueue.Transition {
        let orderId = try Self.checked(orderId: orderId)
        return try await Self.administering { () async throws(ProvisioningQueue.AdministrationError) in
            try await queue.retry(orderId, resolution: request.resolution, by: request.by, reason: request.reason, at: clock.now())
        }
    }

    public func discard(_ orderId: String, _ request: JobAdministrationRequest) async throws(ServiceError) -> ProvisioningQueue.Transition {
        let orderId = try Self.checked(orderId: orderId)
        return try await Self.administering { () async throws(ProvisioningQueue.AdministrationError) in
            try await queue.discard(orderId, by: request.by, reason: request.reason, at: clock.now())
        }
    }

    /// The Platform Events that could not be read, newest first.
    public func pubSubDeadLetters(limit: Int) async throws(ServiceError) -> [PlatformEventRecords.KeptDeadLetter] {
        let limit = try Self.checked(limit)
        return try await Self.reading { try await events.keptDeadLetters(limit: limit) }
    }

    /// The replay gaps to reconcile, newest first.
    public func pubSubGaps(limit: Int) async throws(ServiceError) -> [PlatformEventRecords.KeptGap] {
        let limit = try Self.checked(limit)
        return try await Self.reading { try await events.keptGaps(limit: limit) }
    }

    /// An order id as the queue's keys take it: Salesforce ids are letters and digits; nothing that could
    /// change a key's meaning (`:`, `{`, spaces) gets through.
    static func checked(orderId: String) throws(ServiceError) -> String {
        let allowed = orderId.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
        }
        guard (1...64).contains(orderId.utf8.count), allowed else {
            throw .invalid(["orderId": "must be 1 to 64 letters, digits, '-' or '_'"])
        }
        return orderId
    }

    static func checked(_ limit: Int) throws(ServiceError) -> Int {
        guard listLimits.contains(limit) else { throw .invalid(["limit": "must be from \(listLimits.lowerBound) to \(listLimits.upperBound)"]) }
        return limit
    }

    private static func reading<Value>(_ work: () async throws -> Value) async throws(ServiceError) -> Value {
        do {
            return try await work()
        } catch {
            throw .unavailable
        }
    }

    private static func administering(
        _ work: () async throws(ProvisioningQueue.AdministrationError) -> ProvisioningQueue.Transition
    ) async throws(ServiceError) -> ProvisioningQueue.Transition {
        do {
            return try await work()
        } catch {
            throw ServiceError(error)
        }
    }
}

extension ServiceError {
    /// How a refused retry or discard is shown: what stands in the way, in words for the operator.
    init(_ error: ProvisioningQueue.AdministrationError) {
        switch error {
        case .notFound:
            self = .notFound("Provisioning job")
        case .running(let holder):
            self = .conflict(message: "The job is running now (worker \(holder)); try again once it stops.")
        case .finished(let state):
            self = .conflict(message: "The job is \(state.rawValue); there is nothing to do.")
        case .needsResolution:
            self = .conflict(
                message:
                    "AddOrder was sent for this job and its answer was lost. Check the client's orders in WHMCS, then retry with the WHMCS order id, or say that no order was placed.",
                fields: ["whmcsOrderId": "required, or notPlaced: true"]
            )
        case .resolutionNotApplicable(let state):
            self = .conflict(
                message: "The job's steps are recorded (it is \(state.rawValue)); retry it without a WHMCS order id or notPlaced.",
                fields: ["whmcsOrderId": "not applicable"]
            )
        case .redis:
            self = .unavailable
        }
    }
}
