import Domain
import Foundation
import PortalUpstream

/// Calls Freebit's MVNO API: form POSTs with one `json` field holding the request object and the current
/// auth key. A refused key (`sessionExpired`) is replaced once (through `authOem`) and the call repeated;
/// any other non-`"100"` result code becomes a typed error.
final class FreebitConnection: Sendable {
    private let credentials: FreebitCredentials
    /// The caller its calls go through (for health: breaker state, last failure).
    let caller: UpstreamCaller
    private let keys = FreebitAuthKeys()

    init(credentials: FreebitCredentials, caller: UpstreamCaller) {
        self.credentials = credentials
        self.caller = caller
    }

    var system: String { caller.system }

    /// Calls `path` (e.g. `mvno/getDetail/`) with `fields` plus the auth key; returns the successful answer.
    func call(_ path: String, _ fields: [String: any Sendable], idempotent: Bool) async throws(UpstreamError) -> RawJSON {
        let (raw, failure) = try await answer(path, fields, idempotent: idempotent)
        if let failure { throw Self.error(failure, action: path, system: system) }
        return raw
    }

    /// Calls `path` as `call` does, but hands back a failure that is not about the auth key with its
    /// answer, for callers that tell Freebit's refusals apart.
    func answer(
        _ path: String,
        _ fields: [String: any Sendable],
        idempotent: Bool
    ) async throws(UpstreamError) -> (raw: RawJSON, failure: FreebitAPIError?) {
        var refreshed = false
        while true {
            let key = try await authKey()
            let raw = try await post(path, fields.merging(["authKey": key]) { $1 }, idempotent: idempotent)
            let refused = try failure(in: raw, action: path)
            guard let refused, refused.kind == .authenticationFailed else { return (raw, refused) }
            guard !refreshed else { throw Self.error(refused, action: path, system: system) }
            await keys.invalidate(key)
            refreshed = true
        }
    }

    /// Maps an answer with `map`, turning a mapping failure into an invalid-response error.
    func map<Value>(_ raw: RawJSON, action: String, _ map: (RawJSON) throws(MappingError) -> Value) throws(UpstreamError) -> Value {
        do {
            return try map(raw)
        } catch {
            throw .invalidResponse(system: system, cause: .malformedAnswer, detail: "\(action): \(error)")
        }
    }

    private func authKey() async throws(UpstreamError) -> String {
        do {
            return try await keys.key { try await self.authenticate() }
        } catch let error as UpstreamError {
            throw error
        } catch {
            throw .unavailable(system: system, cause: .cancelled, detail: "authOem: interrupted")
        }
    }

    private func authenticate() async throws(UpstreamError) -> String {
        let raw = try await post("authOem/", ["oemId": credentials.oemId, "oemKey": credentials.oemKey], idempotent: true)
        if let failure = try failure(in: raw, action: "authOem/") {
            throw failure.kind == .authenticationFailed
                ? .authenticationFailed(system: system, cause: .credentialsRefused, detail: "authOem: result \(failure.resultCode)")
                : Self.error(failure, action: "authOem/", system: system)
        }
        guard case .object(let fields) = raw, case .string(let key)? = fields["authKey"], !key.isEmpty else {
            throw .invalidResponse(system: system, cause: .malformedAnswer, detail: "authOem: no authKey")
        }
        return key
    }

    private func post(_ path: String, _ fields: [String: any Sendable], idempotent: Bool) async throws(UpstreamError) -> RawJSON {
        let json: Data
        do {
            json = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        } catch {
            throw .rejected(system: system, cause: .invalidRequest, detail: "\(path): request is not JSON")
        }
        let url = credentials.baseURL.appendingPathComponent("emptool/api/" + path)
        let request = UpstreamRequest.form(Self.withTrailingSlash(url), fields: [("json", String(decoding: json, as: UTF8.self))])
        let system = system
        let response = try await caller.call(request, action: path, idempotent: idempotent) { response in
            switch response.status {
            case 200..<300: .accept
            case 429: .rateLimited(retryAfter: response.retryAfter)
            case 500...:
                .fail(.unavailable(system: system, cause: .status(response.status), detail: "HTTP \(response.status)"), countsAgainstHealth: true)
            default: .fail(.rejected(system: system, cause: .status(response.status), detail: "HTTP \(response.status)"), countsAgainstHealth: false)
            }
        }
        do {
            return try RawJSON.parse(response.body)
        } catch {
            throw .invalidResponse(system: system, cause: .malformedAnswer, detail: "\(path): \(error)")
        }
    }

    /// Freebit's paths end in a slash, which `appendingPathComponent` drops.
    private static func withTrailingSlash(_ url: URL) -> URL {
        url.absoluteString.hasSuffix("/") ? url : URL(string: url.absoluteString + "/") ?? url
    }

    private func failure(in raw: RawJSON, action: String) throws(UpstreamError) -> FreebitAPIError? {
        do {
            return try Providers.Freebit.failure(in: raw)
        } catch {
            throw .invalidResponse(system: system, cause: .malformedAnswer, detail: "\(action): \(error)")
        }
    }

    static func error(_ failure: FreebitAPIError, action: String, system: String) -> UpstreamError {
        let detail = "\(action): result \(failure.resultCode)/\(failure.statusCode ?? "-") \(failure.message ?? "")"
        return switch failure.kind {
        case .authenticationFailed: .authenticationFailed(system: system, cause: .sessionExpired, detail: detail)
        case .invalidRequest, .other: .rejected(system: system, cause: .errorEnvelope, detail: detail)
        }
    }
}
