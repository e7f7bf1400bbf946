import Domain
import Logging
import PortalCache
import PortalSalesforce
import PortalUpstream
import PortalWhmcs

/// Why a provisioning job failed: permanently (dead-lettered) or for now (retried with backoff).
enum ProvisioningFailure: Error {
    case permanent(String)
    case transient(String)
}

/// The steps of one provisioning job: WHMCS AddOrder for the account's client, AcceptOrder, then the
/// Salesforce order marked provisioned with the WHMCS order id, then the invalidations. Each step is
/// recorded before the next, so a job taken over from a dead worker resumes where it stopped and never
/// places a second WHMCS order.
struct ProvisioningSteps: Sendable {
    let queue: ProvisioningQueue
    let upstreams: Upstreams
    let invalidation: InvalidationPolicy
    let cache: CacheService
    let settings: ProvisioningSettings
    let afterStep: @Sendable (ProvisioningWorker.Step) async throws -> Void

    func provision(_ delivery: ProvisioningQueue.Delivery, _ job: ProvisioningQueue.Job, logger: Logger) async throws(ProvisioningFailure) {
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
                    "AddOrder was sent for WHMCS client \(order.whmcsClientId) but its answer was not recorded; check that client's orders before re-queueing"
                )
            }
            let lines = try whmcsLines(order)
            do {
                try await record(delivery, ["state": ProvisioningQueue.State.adding.rawValue])
            } catch {
                // AddOrder was not sent: a step that may stand unreplicated must not make the job look sent.
                try? await record(delivery, ["state": ProvisioningQueue.State.queued.rawValue])
                throw error
            }
            let receipt: WhmcsOrderReceipt
            do {
                receipt = try await whmcs.addOrder(
                    clientId: order.whmcsClientId,
                    lines: lines,
                    paymentMethod: settings.paymentMethod
                )
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
                try await whmcs.acceptOrder(whmcsOrderId)
            } catch {
                // A worker that died after sending AcceptOrder leaves an order WHMCS no longer calls pending
                // (its answer, "Order ID not found or Status not Pending", reads as not found): it counts as
                // accepted only if WHMCS shows the order's services, none still pending.
                guard job.state == .added, Self.isRefusal(error) else { throw Self.failure(error) }
                guard try await Self.wasAccepted(whmcsOrderId, clientId: order.whmcsClientId, whmcs) else {
                    throw .permanent("AcceptOrder refused WHMCS order \(whmcsOrderId), whose services are missing or still pending: \(error)")
                }
                logger.notice("AcceptOrder refused on a resumed job; the order's services are active", metadata: ["error": .string("\(error)")])
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
    private func whmcsLines(_ order: ProvisioningOrder) throws(ProvisioningFailure) -> [WhmcsOrderLine] {
        var lines: [WhmcsOrderLine] = []
        for line in order.lines {
            guard let mapped = settings.whmcsProducts[line.productCode] else {
                throw .permanent("product \(line.productCode) has no WHMCS product in provisioning.whmcsProducts")
            }
            guard let productId = mapped else { continue }
            guard let cycle = line.billingCycle.whmcsName else {
                throw .permanent("product \(line.productCode) has a billing cycle WHMCS does not know: \(line.billingCycle)")
            }
            lines += Array(repeating: WhmcsOrderLine(productId: productId, billingCycle: cycle), count: line.quantity)
        }
        guard !lines.isEmpty else { throw .permanent("nothing in the order is provisioned in WHMCS") }
        return lines
    }

    private func invalidate(_ order: ProvisioningOrder, instance: String) async {
        let salesforceGroups = (try? await invalidation.orderGroups(of: order.accountId)) ?? []
        let whmcsGroups = [CacheGroups.Whmcs.subscriptions, .invoices, .dashboard].compactMap {
            CacheGroups.whmcs(instance: instance, clientId: order.whmcsClientId, $0)
        }
        try? await cache.invalidate(salesforceGroups + whmcsGroups)
    }

    private func record(_ delivery: ProvisioningQueue.Delivery, _ fields: [String: String]) async throws(ProvisioningFailure) {
        do {
            try await queue.record(delivery.orderId, fields)
        } catch {
            throw .transient("Redis: \(error)")
        }
    }

    private func step(_ step: ProvisioningWorker.Step) async throws(ProvisioningFailure) {
        do {
            try await afterStep(step)
        } catch {
            throw .transient("stopped after \(step)")
        }
    }

    private static func upstream<Value>(_ work: () async throws(UpstreamError) -> Value) async throws(ProvisioningFailure) -> Value {
        do {
            return try await work()
        } catch {
            throw failure(error)
        }
    }

    private static func isRefusal(_ error: UpstreamError) -> Bool {
        switch error {
        case .rejected, .notFound: true
        case .unavailable, .outcomeUnknown, .rateLimited, .shareSpent, .authenticationFailed, .invalidResponse: false
        }
    }

    /// Whether WHMCS shows order `orderId` accepted: the client has services of it and none is pending.
    private static func wasAccepted(_ orderId: Int, clientId: Int, _ whmcs: WhmcsOrchestrator) async throws(ProvisioningFailure) -> Bool {
        let services = try await upstream { () async throws(UpstreamError) in try await whmcs.subscriptions(clientId: clientId) }
            .filter { $0.orderId == orderId }
        return !services.isEmpty && !services.contains { $0.status == .pending }
    }

    private static func failure(_ error: UpstreamError) -> ProvisioningFailure {
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
