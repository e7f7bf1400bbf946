import Foundation
import GRPCCore
import SalesforcePubSubAPI
import Synchronization

/// Salesforce's Pub/Sub API (`eventbus.v1.PubSub`) as the sandbox speaks it: every call is checked for the
/// three auth headers (`accesstoken` a live token of the Salesforce simulator, `instanceurl`, `tenantid` the
/// org id), then `GetTopic`, `GetSchema`, `Publish` and `Subscribe` behave as `pubsub.md` describes.
/// Like Salesforce, `Publish` stores payloads without decoding them.
final class PubSubSimulator: Sendable {
    let bus = PubSubEventBus()
    let faults: PubSubFaults
    let reports = PubSubStreamReports()
    /// Every RPC with the `traceparent` its metadata carried (`GET /_control/pubsub/calls`).
    let calls = SimulatorKnobs()
    private let tokens: SalesforceTokens
    let tenantId: String
    private let createdById: String
    private let state = Mutex((settings: PubSubSettings(), shuttingDown: false))

    init(tokens: SalesforceTokens, tenantId: String, createdById: String) {
        self.tokens = tokens
        self.tenantId = tenantId
        self.createdById = createdById
        faults = PubSubFaults(bus: bus)
    }

    var settings: PubSubSettings {
        get { state.withLock { $0.settings } }
        set {
            state.withLock { $0.settings = newValue }
            bus.wakeAll()
        }
    }

    var isShuttingDown: Bool { state.withLock { $0.shuttingDown } }

    /// Lets streams open (again, after a shutdown of an earlier server).
    func acceptStreams() {
        state.withLock { $0.shuttingDown = false }
    }

    /// Ends every open stream with `UNAVAILABLE`, so that a graceful shutdown does not wait for them.
    func endStreamsForShutdown() {
        state.withLock { $0.shuttingDown = true }
        bus.wakeAll()
    }

    /// Lets a call in: the UNAVAILABLE fault first, then the three auth headers. Returns the access token.
    func admit(_ metadata: Metadata, call: String) throws(RPCError) -> String {
        let header = { (name: String) in metadata[stringValues: name].first { _ in true } ?? "" }
        calls.record("pubsub.\(call)", traceparent: metadata[stringValues: "traceparent"].first { _ in true })
        if faults.takeUnavailableCall() { throw .unavailable }
        let token = header("accesstoken")
        guard !token.isEmpty else { throw .authError("Missing the accesstoken header.") }
        guard tokens.isLive(token) else { throw .authError("The access token is invalid or expired.") }
        guard !header("instanceurl").isEmpty else { throw .authError("Missing the instanceurl header.") }
        guard header("tenantid") == tenantId else { throw .authError("The tenantid header does not name the token's org.") }
        return token
    }

    func isLive(_ token: String) -> Bool {
        tokens.isLive(token)
    }

    /// Publishes one event as a Salesforce Flow would: its fields encoded with the topic's current schema.
    /// Returns the event's replay id.
    func publish(eventName: String, fields: [String: PubSubFieldValue]) throws(PubSubPublishRefusal) -> Data {
        let topicName = "/event/\(eventName)"
        guard let schema = bus.currentSchema(of: topicName) else { throw .unknownEvent(eventName) }
        let payload = try PubSubEventEncoder(schema: schema, now: Date(), createdById: createdById).payload(fields)
        var event = Eventbus_V1_ProducerEvent()
        event.id = UUID().uuidString.lowercased()
        event.schemaID = schema.id
        event.payload = Data(payload)
        guard let id = store([event], topicName: topicName)?.first else { throw .unknownEvent(eventName) }
        return PubSubReplayId.bytes(id)
    }

    /// Stores events, breaking the payload of those the malformed-event fault picks.
    func store(_ events: [Eventbus_V1_ProducerEvent], topicName: String) -> [UInt64]? {
        let events = events.map { event in
            var event = event
            if event.id.isEmpty { event.id = UUID().uuidString.lowercased() }
            if faults.takeMalformedEvent() { event.payload = Self.malformedPayload }
            return event
        }
        return bus.publish(events, to: topicName, retention: settings.retention)
    }

    /// Bytes no schema of the simulator decodes: a varint that never ends.
    static let malformedPayload = Data(repeating: 0xFF, count: 16)

    static func rpcId() -> String {
        UUID().uuidString.lowercased()
    }
}
