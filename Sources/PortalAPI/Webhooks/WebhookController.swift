import Domain
import Foundation
import Hummingbird
import Logging
import PortalCache
import PortalConfig
import PortalRedis

/// `POST /webhooks/whmcs/{instance}` and `POST /webhooks/salesforce`. Every request is verified before
/// anything else (unknown instance 404, bad or stale signature 401, not the expected shape 400; the body
/// limit's 413 comes first of all), then processed once per event id, and answered 200 only after the
/// cache groups the event touches are gone.
struct WebhookController: Sendable {
    let settings: WebhookSettings
    let mapping: MappingSettings
    let cache: CacheService
    let redis: RedisClient?
    let invalidations: WebhookInvalidations
    let metrics: WebhookMetrics
    let now: @Sendable () -> Date
    /// Where orders that Salesforce marks ready for provisioning are queued; nil when Redis is not configured.
    let provisioning: ProvisioningQueue?

    func addRoutes(to router: Router<PortalRequestContext>) {
        let webhooks = router.group("webhooks").add(middleware: UpstreamRequesterMiddleware())
        webhooks.post("whmcs/:instance", use: whmcs)
        webhooks.post("salesforce", use: salesforce)
    }

    @Sendable func whmcs(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let instance = context.parameters.get("instance") ?? ""
        guard let secrets = settings.whmcsSecrets[instance] else { throw APIError.notFound("Webhook endpoint") }
        let source = WebhookSource.whmcs(instance: instance)
        let (id, body) = try await verifiedBody(request, context: context, source: source, secrets: secrets)
        let whmcsContext = mapping.whmcs(instance: instance)
        let event = try mapped(source: source, context: context) { () throws(MappingError) in
            try Providers.Whmcs.event(from: try RawJSON.parse(body), context: whmcsContext)
        }
        return try await process(source: source, id: id, name: event.name, known: event.change.isKnown, context: context) {
            () async throws(WebhookInvalidations.Unresolved) in try await invalidations.groups(for: event)
        }
    }

    @Sendable func salesforce(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard !settings.salesforceSecrets.isEmpty else { throw APIError.notFound("Webhook endpoint") }
        let (id, body) = try await verifiedBody(request, context: context, source: .salesforce, secrets: settings.salesforceSecrets)
        let salesforceContext = mapping.salesforce
        let event = try mapped(source: .salesforce, context: context) { () throws(MappingError) in
            try Providers.Salesforce.event(from: try RawJSON.parse(body), context: salesforceContext)
        }
        let provisioning = provisioning
        return try await process(source: .salesforce, id: id, name: event.name, known: event.change.isKnown, context: context) {
            () async throws(WebhookInvalidations.Unresolved) in try await invalidations.groups(for: event)
        } then: {
            guard let (orderId, accountId) = Self.readyForProvisioning(event) else { return }
            guard let provisioning else { throw RedisError.shutDown }
            if try await provisioning.enqueue(orderId: orderId.value, accountId: accountId.value) {
                context.logger.info("order queued for provisioning", metadata: ["order": .string(orderId.value)])
            }
        }
    }

    /// The `webhook-id` and the body, once the signature over both is verified. The id is what a repeat
    /// is recognised by: the signature covers it, whatever the body says.
    private func verifiedBody(
        _ request: Request, context: PortalRequestContext, source: WebhookSource, secrets: [WebhookSecret]
    ) async throws -> (id: String, body: Data) {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let body = Data(buffer.readableBytesView)
        let verifier = WebhookSignature(secrets: secrets, tolerance: .seconds(settings.toleranceSeconds), now: now)
        do {
            let id = try verifier.verify(
                id: request.headers[.webhookId], timestamp: request.headers[.webhookTimestamp], signatures: request.headers[.webhookSignature],
                body: body)
            return (id, body)
        } catch {
            metrics.verificationFailed(source: source, reason: "\(error)")
            context.logger.warning("webhook refused", metadata: ["source": .string(source.metricLabel), "reason": .string("\(error)")])
            throw APIError(status: .unauthorized, code: "WEBHOOK_SIGNATURE_INVALID", message: "The webhook signature is not valid.")
        }
    }

    private func mapped<Event>(source: WebhookSource, context: PortalRequestContext, _ map: () throws(MappingError) -> Event) throws(APIError) -> Event {
        do {
            return try map()
        } catch {
            metrics.received(source: source, event: "-", outcome: "malformed")
            context.logger.warning("webhook payload refused", metadata: ["source": .string(source.metricLabel), "error": .string(error.description)])
            throw .validation([error.path.isEmpty ? "body" : error.path: "\(error.reason.rawValue): \(error.detail)"])
        }
    }

    /// Records the delivery's `webhook-id`, empties the event's groups, and answers; a repeat does nothing. When Redis or
    /// the upstream needed to find the groups is down, what can be reached is still invalidated (loads in
    /// this process) and the sender is told to retry (503), never 200.
    private func process(
        source: WebhookSource, id: String, name: String, known: Bool, context: PortalRequestContext,
        groups: () async throws(WebhookInvalidations.Unresolved) -> [CacheGroup], then follow: () async throws -> Void = {}
    ) async throws -> Response {
        let eventLabel = known ? name : "unknown"
        var logger = context.logger
        logger[metadataKey: "webhook"] = .string("\(source) \(name) \(id)")
        guard known else {
            metrics.received(source: source, event: eventLabel, outcome: "ignored")
            logger.notice("webhook event not known; acknowledged")
            return Self.answer("ignored")
        }
        let receipts = redis.map(WebhookReceipts.init)
        let firstTime: Bool?
        do {
            firstTime = try await receipts?.claim(source: source.receiptKey, id: id)
        } catch {
            firstTime = nil
        }
        if firstTime == false {
            metrics.received(source: source, event: eventLabel, outcome: "duplicate")
            logger.info("webhook repeated; already processed")
            return Self.answer("duplicate")
        }
        do {
            let touched = Set(try await groups())
            try await cache.invalidate(Array(touched))
            guard firstTime == true else { throw RedisError.backingOff }
            try await follow()
            metrics.invalidated(source: source, groups: touched.count)
            metrics.received(source: source, event: eventLabel, outcome: "processed")
            logger.info("webhook processed", metadata: ["groups": .stringConvertible(touched.count)])
            return Self.answer("processed")
        } catch {
            if firstTime == true, let receipts { await receipts.release(source: source.receiptKey, id: id) }
            metrics.received(source: source, event: eventLabel, outcome: "retryLater")
            logger.error("webhook not processed; the sender should retry", metadata: ["error": .string("\(error)")])
            throw APIError(
                status: .serviceUnavailable, code: "UPSTREAM_UNAVAILABLE", message: "The event could not be processed now. Retry later.",
                retryAfterSeconds: 10)
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

    private static func answer(_ status: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"status":"\#(status)"}"#)))
    }
}
