import Domain
import Foundation
import PortalUpstream

/// Calls one WHMCS instance's External API: form-encoded POSTs carrying the credential pair, JSON answers,
/// `result: error` envelopes turned into typed errors. Authentication failures are never retried (WHMCS
/// bans IPs that keep failing) and count against the circuit breaker so that it stops trying.
final class WhmcsConnection: Sendable {
    let instance: WhmcsInstance
    let context: WhmcsMappingContext
    /// The caller its calls go through (for health: breaker state, last failure).
    let caller: UpstreamCaller

    init(instance: WhmcsInstance, context: WhmcsMappingContext, caller: UpstreamCaller) {
        self.instance = instance
        self.context = context
        self.caller = caller
    }

    var system: String { caller.system }

    /// Calls `action` with `parameters` and returns the answer once it is known to be a success.
    func call(_ action: String, _ parameters: [(String, String)] = [], idempotent: Bool = true) async throws(UpstreamError) -> RawJSON {
        let fields = [("action", action), ("identifier", instance.identifier), ("secret", instance.secret), ("responsetype", "json")] + parameters
        let system = caller.system
        let response = try await caller.call(
            .form(instance.apiURL, fields: fields),
            action: action,
            idempotent: idempotent
        ) { response in Self.verdict(response, system: system) }
        let raw: RawJSON
        do {
            raw = try RawJSON.parse(response.body)
        } catch {
            throw .invalidResponse(system: system, cause: .malformedAnswer, detail: "\(action): \(error)")
        }
        let failure: WhmcsAPIError?
        do {
            failure = try Providers.Whmcs.failure(in: raw)
        } catch {
            throw .invalidResponse(system: system, cause: .malformedAnswer, detail: "\(action): \(error)")
        }
        if let failure { throw Self.error(failure, action: action, system: system) }
        return raw
    }

    /// Maps an answer with `map`, turning a mapping failure into an invalid-response error.
    func map<Value>(_ raw: RawJSON, action: String, _ map: (RawJSON) throws(MappingError) -> Value) throws(UpstreamError) -> Value {
        do {
            return try map(raw)
        } catch {
            throw .invalidResponse(system: system, cause: .malformedAnswer, detail: "\(action): \(error)")
        }
    }

    private static func verdict(_ response: UpstreamResponse, system: String) -> UpstreamCaller.Verdict {
        switch response.status {
        case 200..<300:
            return .accept
        case 401, 403:
            return .fail(
                .authenticationFailed(system: system, cause: .credentialsRefused, detail: "HTTP \(response.status)"),
                countsAgainstHealth: true
            )
        case 429:
            return .rateLimited(retryAfter: response.retryAfter)
        case 500...:
            return .fail(.unavailable(system: system, cause: .status(response.status), detail: "HTTP \(response.status)"), countsAgainstHealth: true)
        default:
            return .fail(.rejected(system: system, cause: .status(response.status), detail: "HTTP \(response.status)"), countsAgainstHealth: false)
        }
    }

    private static func error(_ failure: WhmcsAPIError, action: String, system: String) -> UpstreamError {
        let detail = "\(action): \(failure.message)"
        return switch failure.kind {
        case .authenticationFailed: .authenticationFailed(system: system, cause: .credentialsRefused, detail: detail)
        case .notFound: .notFound(system: system, cause: .errorEnvelope, detail: detail)
        case .duplicateEmail: .rejected(system: system, cause: .duplicateValue(field: "email"), detail: detail)
        case .invalidRequest, .other: .rejected(system: system, cause: .errorEnvelope, detail: detail)
        }
    }
}
