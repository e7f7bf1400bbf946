import Foundation
import Hummingbird

/// The Pub/Sub simulator over HTTP, on the sandbox's port, for scripts and demos:
/// - `POST /_control/salesforce/events/{EventApiName}` with a JSON object of field values publishes one event
///   as a Salesforce Flow would (`CreatedDate` and `CreatedById` filled in when absent) and answers
///   `{"replayId": "<base64>"}`; an unknown event is 404, a field the schema lacks or a value of the wrong
///   type 400 with the field named in `field`.
/// - `POST /_control/salesforce/pubsub/faults` with `{"unavailableCalls": 2, "silent": true,
///   "malformedEvents": 1, "schemaChange": "OrderProvisionRequested__e", "endStreams": true, "clear": true}`
///   (any subset; `clear` first resets them all, the omitted ones keep their value) answers the faults in
///   effect, and `GET` the same path reads them.
/// - `PUT /_control/salesforce/pubsub/settings` with `{"keepaliveIntervalMs", "idleTimeoutMs", "retentionMs"}`
///   (omitted ones keep their value) answers the settings in effect.
/// - `GET /_control/salesforce/pubsub/streams`: what the simulator saw of each Subscribe stream.
struct PubSubControl: Sendable {
    let simulator: PubSubSimulator

    private struct FaultsBody: Decodable {
        var clear: Bool?
        var unavailableCalls: Int?
        var silent: Bool?
        var malformedEvents: Int?
        var schemaChange: SchemaChange?
        var endStreams: Bool?
    }

    /// `true` (the default topic) or an event's API name.
    private enum SchemaChange: Decodable {
        case event(String?)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .event(flag ? PubSubTopic.orderProvisionRequested.eventName : nil)
            } else {
                self = .event(try container.decode(String.self))
            }
        }
    }

    private struct SettingsBody: Decodable {
        var keepaliveIntervalMs: Int?
        var idleTimeoutMs: Int?
        var retentionMs: Int?
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/_control/salesforce/events/:event") { request, context in
            guard let body = try? await request.body.collect(upTo: 64 * 1024),
                let fields = try? JSONDecoder().decode([String: PubSubFieldValue].self, from: Data(buffer: body))
            else { return Response.json(.object([("error", .string("expected a JSON object of field values"))]), style: .utf8, status: .badRequest) }
            return Self.publish(simulator, event: context.parameters.get("event") ?? "", fields: fields)
        }
        router.post("/_control/salesforce/pubsub/faults") { request, _ in
            guard let body = try? await request.body.collect(upTo: 4096),
                let faults = try? JSONDecoder().decode(FaultsBody.self, from: Data(buffer: body))
            else {
                return Response.json(.object([("error", .string("expected a faults object"))]), style: .utf8, status: .badRequest)
            }
            return Self.apply(faults, to: simulator)
        }
        router.get("/_control/salesforce/pubsub/faults") { _, _ in
            Response.json(Self.json(simulator.faults.current), style: .utf8)
        }
        router.put("/_control/salesforce/pubsub/settings") { request, _ in
            guard let body = try? await request.body.collect(upTo: 4096),
                let given = try? JSONDecoder().decode(SettingsBody.self, from: Data(buffer: body))
            else {
                return Response.json(.object([("error", .string("expected a settings object"))]), style: .utf8, status: .badRequest)
            }
            var settings = simulator.settings
            if let milliseconds = given.keepaliveIntervalMs { settings.keepaliveInterval = .milliseconds(max(1, milliseconds)) }
            if let milliseconds = given.idleTimeoutMs { settings.idleTimeout = .milliseconds(max(1, milliseconds)) }
            if let milliseconds = given.retentionMs { settings.retention = .milliseconds(max(0, milliseconds)) }
            simulator.settings = settings
            return Response.json(Self.json(settings), style: .utf8)
        }
        router.get("/_control/salesforce/pubsub/streams") { _, _ in
            Response.json(.array(simulator.reports.all.map(Self.json)), style: .utf8)
        }
    }

    private static func publish(_ simulator: PubSubSimulator, event: String, fields: [String: PubSubFieldValue]) -> Response {
        do throws(PubSubPublishRefusal) {
            let replayId = try simulator.publish(eventName: event, fields: fields)
            return .json(.object([("replayId", .string(replayId.base64EncodedString()))]), style: .utf8)
        } catch {
            switch error {
            case .unknownEvent(let name):
                return .json(.object([("error", .string("no such event: \(name)"))]), style: .utf8, status: .notFound)
            case .unknownField(let field):
                return refused("the event has no field \(field)", field: field)
            case .wrongType(let field, let expected):
                return refused("\(field) must be \(expected)", field: field)
            case .missingField(let field):
                return refused("\(field) needs a value", field: field)
            }
        }
    }

    private static func refused(_ message: String, field: String) -> Response {
        .json(.object([("error", .string(message)), ("field", .string(field))]), style: .utf8, status: .badRequest)
    }

    private static func apply(_ body: FaultsBody, to simulator: PubSubSimulator) -> Response {
        var faults = body.clear == true ? PubSubFaults.State() : simulator.faults.current
        if let count = body.unavailableCalls { faults.unavailableCalls = max(0, count) }
        if let silent = body.silent { faults.silent = silent }
        if let count = body.malformedEvents { faults.malformedEvents = max(0, count) }
        simulator.faults.current = faults
        if body.endStreams == true { simulator.faults.endOpenStreams() }
        guard case .event(let name?) = body.schemaChange else { return .json(json(faults), style: .utf8) }
        guard let schemaId = simulator.faults.changeSchema(of: name) else {
            return .json(.object([("error", .string("\(name) has no further schema version"))]), style: .utf8, status: .conflict)
        }
        guard case .object(let fields) = json(faults) else { return .json(json(faults), style: .utf8) }
        return .json(.object(fields + [("schemaId", .string(schemaId))]), style: .utf8)
    }

    private static func json(_ faults: PubSubFaults.State) -> JSONValue {
        .object([
            ("unavailableCalls", .int(faults.unavailableCalls)), ("silent", .bool(faults.silent)),
            ("malformedEvents", .int(faults.malformedEvents)),
        ])
    }

    private static func json(_ settings: PubSubSettings) -> JSONValue {
        .object([
            ("keepaliveIntervalMs", .int(milliseconds(settings.keepaliveInterval))), ("idleTimeoutMs", .int(milliseconds(settings.idleTimeout))),
            ("retentionMs", .int(milliseconds(settings.retention))),
        ])
    }

    private static func json(_ report: PubSubStreamReport) -> JSONValue {
        .object([
            ("id", .string(report.id.uuidString.lowercased())), ("topic", report.topic.map(JSONValue.string) ?? .null),
            ("open", .bool(report.isOpen)), ("eventsDelivered", .int(report.eventsDelivered)), ("keepalivesSent", .int(report.keepalivesSent)),
            ("fetchRequestsReceived", .int(report.fetchRequestsReceived)),
            ("timesPendingReachedZero", .int(report.timesPendingReachedZero)), ("longestAtZeroMs", .int(milliseconds(report.longestAtZero))),
            ("ranDry", .bool(report.ranDry)), ("silenced", .bool(report.isSilenced)), ("ending", report.ending.map(JSONValue.string) ?? .null),
        ])
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
