import Domain
import Foundation
import PortalCache

/// What the BFF does with a verified event: maps its payload once, records its delivery id (a repeat does
/// nothing), empties the cache groups it touches, and queues the order it asks to provision; the sender
/// hears of success only after all of that.
public struct EventIntake: Sendable {
    /// What became of an event.
    public enum Outcome: Sendable, Equatable {
        /// A kind of event the BFF does not act on.
        case ignored
        /// Already processed: this delivery is a repeat.
        case duplicate
        /// Its groups are gone (`groups` of them); `queuedOrder` was queued for provisioning now.
        case processed(groups: Int, queuedOrder: SalesforceId?)
    }

    /// The event could not be processed now (the cache or an upstream needed to find its groups is down):
    /// what could be reached was invalidated, and the sender should retry. `detail` is for logs.
    public struct RetryLater: Error, Sendable {
        public let detail: String
    }

    let invalidation: InvalidationPolicy
    let cache: CacheService
    let receipts: WebhookReceipts?
    let provisioning: ProvisioningQueue?
    let mapping: MappingSettings

    public func whmcsEvent(_ body: Data, instance: String) throws(MappingError) -> WhmcsEvent {
        try Providers.Whmcs.event(from: try RawJSON.parse(body), context: mapping.whmcs(instance: instance))
    }

    public func salesforceEvent(_ body: Data) throws(MappingError) -> SalesforceEvent {
        try Providers.Salesforce.event(from: try RawJSON.parse(body), context: mapping.salesforce)
    }

    public func process(_ event: WhmcsEvent, id: String) async throws(RetryLater) -> Outcome {
        let invalidation = invalidation
        return try await process(source: .whmcs(instance: event.instance), id: id, known: event.change.isKnown) {
            () async throws(InvalidationPolicy.Unresolved) in try await invalidation.groups(for: event)
        }
    }

    public func process(_ event: SalesforceEvent, id: String) async throws(RetryLater) -> Outcome {
        let (invalidation, provisioning) = (invalidation, provisioning)
        return try await process(source: .salesforce, id: id, known: event.change.isKnown) { () async throws(InvalidationPolicy.Unresolved) in
            try await invalidation.groups(for: event)
        } then: {
            guard let (orderId, accountId) = Self.readyForProvisioning(event) else { return nil }
            guard let provisioning else { throw RetryLater(detail: "no provisioning queue: Redis is not configured") }
            return try await provisioning.enqueue(orderId: orderId.value, accountId: accountId.value) ? orderId : nil
        }
    }

    /// The order a notification asks to provision: `OrderProvisionRequested`, or a status change to the
    /// org's processing status.
    static func readyForProvisioning(_ event: SalesforceEvent) -> (orderId: SalesforceId, accountId: SalesforceId)? {
        switch event.change {
        case .provisionRequested(let accountId, let orderId), .orderStatusChanged(let accountId, let orderId, .processing?):
            (orderId, accountId)
        default:
            nil
        }
    }

    /// Records the delivery, empties the event's groups, then runs `follow`. When the receipt, the groups
    /// or `follow` fail, what could be reached is still invalidated, the receipt is released so the
    /// sender's retry is processed, and the sender is told to retry.
    private func process(
        source: EventSource,
        id: String,
        known: Bool,
        groups: () async throws(InvalidationPolicy.Unresolved) -> [CacheGroup],
        then follow: () async throws -> SalesforceId? = { nil }
    ) async throws(RetryLater) -> Outcome {
        guard known else { return .ignored }
        let firstTime: Bool?
        do {
            firstTime = try await receipts?.claim(source: source.name, id: id)
        } catch {
            firstTime = nil
        }
        if firstTime == false { return .duplicate }
        do {
            let touched = Set(try await groups())
            try await cache.invalidate(Array(touched))
            guard firstTime == true else { throw RetryLater(detail: "the delivery could not be recorded: Redis unavailable") }
            let queued = try await follow()
            return .processed(groups: touched.count, queuedOrder: queued)
        } catch {
            if firstTime == true, let receipts { await receipts.release(source: source.name, id: id) }
            throw (error as? RetryLater) ?? RetryLater(detail: "\(error)")
        }
    }
}
