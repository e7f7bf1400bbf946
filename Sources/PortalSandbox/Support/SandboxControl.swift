import Foundation
import Hummingbird

/// The sandbox's knobs over HTTP, for scripts that drive a running sandbox (benchmarks, chaos runs):
/// `PUT /_control/{system}/knobs` with `{"latencyMs": 50, "errorRate": 0.2, "timeoutRate": 0.1,
/// "timeoutDelayMs": 30000, "malformedRate": 0, "lostAnswerRate": 0, "droppedRate": 0, "actions": ["freebit.addSpec"]}` (omitted fields are reset; `actions`
/// limits the knobs to those actions), and
/// `GET /_control/{system}/calls` for the calls answered so far, by action, or with `?detail=true` the
/// latest 1000 calls in order, each with the W3C `traceparent` it carried (`{"action", "traceparent"}`).
/// `system` is `whmcs`, `salesforce` or `freebit`, and for calls only `pubsub` (the Pub/Sub RPCs). The
/// sandbox only ever listens on loopback and never runs in production.
struct SandboxControl: Sendable {
    let knobs: [String: SimulatorKnobs]
    /// Systems whose calls are recorded but that have no knobs of this kind.
    var recordedOnly: [String: SimulatorKnobs] = [:]

    struct KnobsBody: Decodable {
        var latencyMs: Int?
        var errorRate: Double?
        var timeoutRate: Double?
        var timeoutDelayMs: Int?
        var malformedRate: Double?
        var lostAnswerRate: Double?
        var droppedRate: Double?
        var actions: [String]?
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.put("/_control/:system/knobs") { request, context in
            guard let knobs = knobs[context.parameters.get("system") ?? ""] else { return Response.json(.notFound, #"{"error":"no such system"}"#) }
            guard let body = try? JSONDecoder().decode(KnobsBody.self, from: Data(buffer: try await request.body.collect(upTo: 4096))) else {
                return Response.json(.badRequest, #"{"error":"expected a knobs object"}"#)
            }
            var settings = SimulatorKnobs.Settings()
            settings.latency = .milliseconds(max(0, body.latencyMs ?? 0))
            settings.errorRate = min(1, max(0, body.errorRate ?? 0))
            settings.timeoutRate = min(1, max(0, body.timeoutRate ?? 0))
            settings.timeoutDelay = .milliseconds(max(0, body.timeoutDelayMs ?? 30_000))
            settings.malformedRate = min(1, max(0, body.malformedRate ?? 0))
            settings.lostAnswerRate = min(1, max(0, body.lostAnswerRate ?? 0))
            settings.droppedRate = min(1, max(0, body.droppedRate ?? 0))
            settings.actions = body.actions.map(Set.init)
            knobs.settings = settings
            return Response.json(.ok, #"{"status":"set"}"#)
        }
        router.get("/_control/:system/calls") { request, context in
            let system = context.parameters.get("system") ?? ""
            guard let knobs = knobs[system] ?? recordedOnly[system] else { return Response.json(.notFound, #"{"error":"no such system"}"#) }
            if request.uri.queryParameters.get("detail") == "true" {
                let data = (try? JSONEncoder().encode(knobs.recentCalls())) ?? Data("[]".utf8)
                return Response.json(.ok, String(decoding: data, as: UTF8.self))
            }
            let calls = knobs.callsByAction()
            let data = (try? JSONSerialization.data(withJSONObject: calls, options: [.sortedKeys])) ?? Data("{}".utf8)
            return Response.json(.ok, String(decoding: data, as: UTF8.self))
        }
    }

}
