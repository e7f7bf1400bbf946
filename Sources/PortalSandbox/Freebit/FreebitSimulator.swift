import Domain
import Foundation
import Hummingbird
import Synchronization

/// Freebit's MVNO API as `../shared/design/freebit.md` records it: form POSTs carrying one field
/// `json=<request object>`, `resultCode` as a string (`"100"` is success), an auth key from `authOem` that
/// expires, and quotas and traffic in KB. Top-ups change the SIM's quota; plan changes its plan, now or on a
/// reserved date (`FreebitPlanBook`).
final class FreebitSimulator: Sendable {
    static let oemId = "sandbox-oem"
    static let oemKey = "sandbox-oem-key"

    let seed: SandboxSeed
    let knobs: SimulatorKnobs
    let plans: FreebitPlanBook
    private let state: Mutex<(keys: [String: ContinuousClock.Instant], quotaKB: [String: Int])>
    private let keyLifetime: Mutex<Duration>

    init(seed: SandboxSeed, knobs: SimulatorKnobs) {
        self.seed = seed
        self.knobs = knobs
        self.plans = FreebitPlanBook(seed: seed)
        self.state = Mutex(([:], Dictionary(seed.sims.map { ($0.msisdn, $0.quotaKB) }, uniquingKeysWith: { first, _ in first })))
        self.keyLifetime = Mutex(.seconds(600))
    }

    /// How long an auth key stays valid (tests shorten it to force a refresh).
    var authKeyLifetime: Duration {
        get { keyLifetime.withLock { $0 } }
        set { keyLifetime.withLock { $0 = newValue } }
    }

    /// Ends every auth key now.
    func expireAuthKeys() {
        state.withLock { $0.keys.removeAll() }
    }

    func addRoutes(to router: some RouterMethods<BasicRequestContext>) {
        router.post("/emptool/api/authOem/") { request, _ in await self.handle(request, call: "authOem") { self.authenticate($0) } }
        router.post("/emptool/api/mvno/getDetail/") { request, _ in await self.handle(request, call: "getDetail") { self.authorized($0, self.detail) }
        }
        router.post("/emptool/api/mvno/getTrafficInfo/") { request, _ in
            await self.handle(request, call: "getTrafficInfo") { self.authorized($0, self.traffic) }
        }
        router.post("/emptool/api/mvno/changePlan/") { request, _ in
            await self.handle(request, call: "changePlan") { self.authorized($0, self.changePlan) }
        }
        router.post("/emptool/api/master/addSpec/") { request, _ in await self.handle(request, call: "addSpec") { self.authorized($0, self.addSpec) }
        }
    }

    private func handle(_ request: Request, call: String, answer: ([String: Any]) -> JSONValue) async -> Response {
        let body = (try? await request.body.collect(upTo: 1 << 20)).map { Array($0.readableBytesView) } ?? []
        return await knobs.run("freebit.\(call)", traceparent: request.headers[.traceparent], fault: Response.fault) {
            guard let json = FormURLEncoded.parse(body).first(where: { $0.name == "json" })?.value,
                let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            else { return .json(failure("400", "Parameter error: json", "301"), style: .utf8) }
            return .json(answer(object), style: .utf8)
        }
    }

    func failure(_ code: String, _ message: String, _ statusCode: String) -> JSONValue {
        .object([("resultCode", .string(code)), ("status", .object([("message", .string(message)), ("statusCode", .string(statusCode))]))])
    }

    func success(_ fields: [(String, JSONValue)] = []) -> JSONValue {
        .object([("resultCode", .string("100")), ("status", .object([("message", .string("OK")), ("statusCode", .string("200"))]))] + fields)
    }

    private func authenticate(_ request: [String: Any]) -> JSONValue {
        guard request["oemId"] as? String == Self.oemId, request["oemKey"] as? String == Self.oemKey else {
            return failure("210", "Authentication error", "201")
        }
        let key = UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let lifetime = authKeyLifetime
        state.withLock { $0.keys[key] = .now + lifetime }
        return success([("authKey", .string(key))])
    }

    private func authorized(_ request: [String: Any], _ answer: ([String: Any]) -> JSONValue) -> JSONValue {
        let key = request["authKey"] as? String ?? ""
        let valid = state.withLock { state in state.keys[key].map { ContinuousClock.now < $0 } ?? false }
        return valid ? answer(request) : failure("200", "Authentication key is invalid or expired", "202")
    }

    func sim(_ account: Any?) -> SeedSim? {
        guard let account = account as? String else { return nil }
        return seed.sims.first { $0.msisdn == account }
    }

    private func detail(_ request: [String: Any]) -> JSONValue {
        let wanted = (request["requestDatas"] as? [[String: Any]])?.first?["account"]
        guard let sim = sim(wanted) else { return failure("400", "Parameter error: account", "356") }
        let quota = state.withLock { $0.quotaKB[sim.msisdn] ?? sim.quotaKB }
        return success([
            (
                "responseDatas",
                .array([
                    .object(
                        [
                            ("kind", .string("MVNO")), ("account", .string(sim.msisdn)), ("state", .string(sim.state)),
                            ("startDate", .string(sim.startDate.description.replacingOccurrences(of: "-", with: ""))),
                        ] + planFields(sim) + [
                            ("iccid", .string(sim.iccid)), ("imsi", .string("44010" + sim.msisdn.suffix(10))), ("eid", .string("")),
                            ("contractLine", .string("5G")),
                            ("size", .string("nano")), ("sms", .string("10")), ("talk", .string("20")), ("quota", .string(String(quota))),
                        ]
                    )
                ])
            )
        ])
    }

    private func traffic(_ request: [String: Any]) -> JSONValue {
        guard let sim = sim(request["account"]) else { return failure("400", "Parameter error: account", "356") }
        return success([
            ("account", .string(sim.msisdn)),
            (
                "traffic",
                .object([
                    ("today", .string(String(sim.recentKB[0]))),
                    ("inRecentDays", .string(sim.recentKB.dropFirst().map(String.init).joined(separator: ","))),
                    ("blackList", .string("10")),
                ])
            ),
        ])
    }

    private func addSpec(_ request: [String: Any]) -> JSONValue {
        guard let sim = sim(request["account"]) else { return failure("400", "Parameter error: account", "356") }
        guard let text = request["quota"] as? String, let megabytes = Int(text), megabytes > 0 else {
            return failure("400", "Parameter error: quota", "357")
        }
        state.withLock { $0.quotaKB[sim.msisdn, default: sim.quotaKB] += megabytes * 1024 }
        return success()
    }
}
