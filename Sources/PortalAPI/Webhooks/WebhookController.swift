import Domain
import Foundation
import Hummingbird
import Logging
import PortalApplication

/// `POST /webhooks/whmcs/{instance}` and `POST /webhooks/salesforce`. Every request is verified before
/// anything else (unknown instance 404, bad or stale signature 401, not the expected shape 400; the body
/// limit's 413 comes first of all), then handed to `EventIntake` (processed once per event id), and
/// answered 200 only after the cache groups the event touches are gone.
struct WebhookController: Sendable {
    let settings: WebhookSettings
    let events: EventIntake
    let metrics: WebhookMetrics
    let now: @Sendable () -> Date

    func addRoutes(to router: Router<PortalRequestContext>) {
        let webhooks = router.group("webhooks").add(middleware: UpstreamRequesterMiddleware())
        webhooks.post("whmcs/:instance", use: whmcs)
        webhooks.post("salesforce", use: salesforce)
    }

    @Sendable func whmcs(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let instance = context.parameters.get("instance") ?? ""
        guard let secrets = settings.whmcsSecrets[instance] else { throw APIError.notFound("Webhook endpoint") }
        let source = EventSource.whmcs(instance: instance)
        let (id, body) = try await verifiedBody(request, context: context, source: source, secrets: secrets)
        let events = events
        let event = try mapped(source: source, context: context) { () throws(MappingError) in try events.whmcsEvent(body, instance: instance) }
        return try await answer(source: source, id: id, name: event.name, known: event.change.isKnown, context: context) {
            () async throws(EventIntake.RetryLater) in try await events.process(event, id: id)
        }
    }

    @Sendable func salesforce(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard !settings.salesforceSecrets.isEmpty else { throw APIError.notFound("Webhook endpoint") }
        let (id, body) = try await verifiedBody(request, context: context, source: .salesforce, secrets: settings.salesforceSecrets)
        let events = events
        let event = try mapped(source: .salesforce, context: context) { () throws(MappingError) in try events.salesforceEvent(body) }
        return try await answer(source: .salesforce, id: id, name: event.name, known: event.change.isKnown, context: context) {
            () async throws(EventIntake.RetryLater) in try await events.process(event, id: id)
        }
    }

    /// The `webhook-id` and the body, once the signature over both is verified. The id is what a repeat
    /// is recognised by: the signature covers it, whatever the body says.
    private func verifiedBody(
        _ request: Request,
        context: PortalRequestContext,
        source: EventSource,
        secrets: [WebhookSecret]
    ) async throws -> (id: String, body: Data) {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let body = Data(buffer.readableBytesView)
        let verifier = WebhookSignature(secrets: secrets, tolerance: .seconds(settings.toleranceSeconds), now: now)
        do {
            let id = try verifier.verify(
                id: request.headers[.webhookId],
                timestamp: request.headers[.webhookTimestamp],
                signatures: request.headers[.webhookSignature],
                body: body
            )
            return (id, body)
        } catch {
            metrics.verificationFailed(source: source, reason: "\(error)")
            context.logger.warning("webhook refused", metadata: ["source": .string(source.name), "reason": .string("\(error)")])
            throw APIError(status: .unauthorized, code: "WEBHOOK_SIGNATURE_INVALID", message: "The webhook signature is not valid.")
        }
    }

    private func mapped<Event>(source: EventSource, context: PortalRequestContext, _ map: () throws(MappingError) -> Event) throws(APIError) -> Event
    {
        do {
            return try map()
        } catch {
            metrics.received(source: source, event: "-", outcome: "malformed")
            context.logger.warning("webhook payload refused", metadata: ["source": .string(source.name), "error": .string(error.description)])
            throw .validation([error.path.isEmpty ? "body" : error.path: "\(error.reason.rawValue): \(error.detail)"])
        }
    }

    /// Runs the event through `process`, counts and logs what became of it, and answers: 200 for
    /// processed, repeated and ignored events, 503 with `Retry-After` when it could not be processed now
    /// (never 200 then: the sender must retry).
    private func answer(
        source: EventSource,
        id: String,
        name: String,
        known: Bool,
        context: PortalRequestContext,
        process: () async throws(EventIntake.RetryLater) -> EventIntake.Outcome
    ) async throws -> Response {
        let eventLabel = known ? name : "unknown"
        var logger = context.logger
        logger[metadataKey: "webhook"] = .string("\(source.name) \(name) \(id)")
        do {
            switch try await process() {
            case .ignored:
                metrics.received(source: source, event: eventLabel, outcome: "ignored")
                logger.notice("webhook event not known; acknowledged")
                return Self.answer("ignored")
            case .duplicate:
                metrics.received(source: source, event: eventLabel, outcome: "duplicate")
                logger.info("webhook repeated; already processed")
                return Self.answer("duplicate")
            case .processed(let groups, let queuedOrder):
                if let queuedOrder { logger.info("order queued for provisioning", metadata: ["order": .string(queuedOrder.value)]) }
                metrics.invalidated(source: source, groups: groups)
                metrics.received(source: source, event: eventLabel, outcome: "processed")
                logger.info("webhook processed", metadata: ["groups": .stringConvertible(groups)])
                return Self.answer("processed")
            }
        } catch {
            metrics.received(source: source, event: eventLabel, outcome: "retryLater")
            logger.error("webhook not processed; the sender should retry", metadata: ["error": .string(error.detail)])
            throw APIError(
                status: .serviceUnavailable,
                code: "UPSTREAM_UNAVAILABLE",
                message: "The event could not be processed now. Retry later.",
                retryAfterSeconds: 10
            )
        }
    }

    private static func answer(_ status: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"status":"\#(status)"}"#))
        )
    }
}
