import Domain
import Foundation
import PortalUpstream

/// Calls the Salesforce REST API with a bearer token from the JWT flow. A 401 (`INVALID_SESSION_ID`,
/// `sessionExpired`) gets one new token and one repeat; error arrays become typed errors; `REQUEST_LIMIT_EXCEEDED`, which
/// Salesforce sends as HTTP 403, is a rate limit, not a refusal.
final class SalesforceConnection: Sendable {
    let credentials: SalesforceCredentials
    /// The caller its calls go through (for health: breaker state, last failure).
    let caller: UpstreamCaller
    /// The JWT bearer session, shared with the Pub/Sub subscriber.
    let session: SalesforceSession

    /// `tokenLifetime` is the org's session timeout: tokens are renewed 5 minutes before it.
    init(credentials: SalesforceCredentials, caller: UpstreamCaller, tokenLifetime: Duration = .seconds(7200)) {
        self.credentials = credentials
        self.caller = caller
        self.session = SalesforceSession(credentials: credentials, caller: caller, lifetime: tokenLifetime)
    }

    var system: String { caller.system }

    /// Every page of the query's result, following `nextRecordsUrl`.
    func query(_ query: SOQLQuery, action: String) async throws(UpstreamError) -> [RawJSON] {
        var pages: [RawJSON] = []
        var path = "/services/data/\(credentials.apiVersion)/query?q=" + Self.encodeQueryValue(query.text)
        while true {
            let page = try Self.parse(try await send("GET", path, action: action, idempotent: true).body, action: action, system: system)
            pages.append(page)
            let next: String?
            do {
                next = try Providers.Salesforce.nextRecordsPath(in: page)
            } catch {
                throw .invalidResponse(system: system, cause: .malformedAnswer, detail: "\(action): \(error)")
            }
            guard let next else { return pages }
            guard pages.count < 1000 else {
                throw .invalidResponse(system: system, cause: .malformedAnswer, detail: "\(action): more than 1000 pages")
            }
            path = next
        }
    }

    /// Creates a record and returns its id. Not retried after a network error: it might exist already.
    func create(_ object: String, _ fields: [String: any Sendable]) async throws(UpstreamError) -> SalesforceId {
        let response = try await send(
            "POST",
            "/services/data/\(credentials.apiVersion)/sobjects/\(object)/",
            body: fields,
            action: "create \(object)",
            idempotent: false
        )
        let raw = try Self.parse(response.body, action: "create \(object)", system: system)
        do {
            return try Providers.Salesforce.createdId(from: raw)
        } catch {
            throw .invalidResponse(system: system, cause: .malformedAnswer, detail: "create \(object): \(error)")
        }
    }

    /// Creates records of `object` with their children in one all-or-nothing request (the sObject Tree API:
    /// `attributes.referenceId` names each record, child relationships hold `{"records": [...]}`) and returns
    /// the new ids by reference id. Not retried after a network error: the records might exist already.
    func createTree(_ object: String, records: [[String: any Sendable]]) async throws(UpstreamError) -> [String: SalesforceId] {
        let action = "create tree \(object)"
        let response = try await send(
            "POST",
            "/services/data/\(credentials.apiVersion)/composite/tree/\(object)",
            body: ["records": records],
            action: action,
            idempotent: false
        )
        let raw = try Self.parse(response.body, action: action, system: system)
        do {
            return try Providers.Salesforce.treeIds(from: raw)
        } catch {
            throw .invalidResponse(system: system, cause: .malformedAnswer, detail: "\(action): \(error)")
        }
    }

    /// Updates fields of a record. PATCH sets values, so repeating it is harmless.
    func update(_ object: String, id: SalesforceId, _ fields: [String: any Sendable]) async throws(UpstreamError) {
        _ = try await send(
            "PATCH",
            "/services/data/\(credentials.apiVersion)/sobjects/\(object)/\(id.value)",
            body: fields,
            action: "update \(object)",
            idempotent: true
        )
    }

    /// Maps an answer with `map`, turning a mapping failure into an invalid-response error.
    func map<Value>(_ raw: RawJSON, action: String, _ map: (RawJSON) throws(MappingError) -> Value) throws(UpstreamError) -> Value {
        do {
            return try map(raw)
        } catch {
            throw .invalidResponse(system: system, cause: .malformedAnswer, detail: "\(action): \(error)")
        }
    }

    private func send(
        _ method: String,
        _ path: String,
        body: [String: any Sendable]? = nil,
        action: String,
        idempotent: Bool
    ) async throws(UpstreamError) -> UpstreamResponse {
        var bodyData: Data?
        if let body {
            do {
                bodyData = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
            } catch {
                throw .rejected(system: system, cause: .invalidRequest, detail: "\(action): request is not JSON")
            }
        }
        var token = try await session.token()
        var renewed = false
        while true {
            guard let url = URL(string: token.instanceURL.absoluteString + path) else {
                throw .invalidResponse(system: system, cause: .malformedAnswer, detail: "\(action): bad instance URL")
            }
            var headers = ["Authorization": "Bearer \(token.accessToken)", "Accept": "application/json"]
            if bodyData != nil { headers["Content-Type"] = "application/json" }
            let system = system
            do {
                return try await caller.call(
                    UpstreamRequest(method: method, url: url, headers: headers, body: bodyData),
                    action: action,
                    idempotent: idempotent
                ) { response in Self.verdict(response, action: action, system: system) }
            } catch .authenticationFailed(_, .sessionExpired, _) where !renewed {
                renewed = true
                token = try await session.token(replacing: token)
            }
        }
    }

    private static func verdict(_ response: UpstreamResponse, action: String, system: String) -> UpstreamCaller.Verdict {
        if (200..<300).contains(response.status) { return .accept }
        let failure = (try? RawJSON.parse(response.body)).flatMap { try? Providers.Salesforce.failure(in: $0) }
        let detail = "\(action): HTTP \(response.status) \(failure?.errorCode ?? "")"
        switch (response.status, failure?.code) {
        case (401, _):
            return .fail(.authenticationFailed(system: system, cause: .sessionExpired, detail: detail), countsAgainstHealth: false)
        case (_, .requestLimitExceeded?), (429, _):
            return .fail(.rateLimited(system: system, cause: .status(response.status), retryAfter: response.retryAfter), countsAgainstHealth: false)
        case (404, _), (_, .notFound?), (_, .entityIsDeleted?):
            return .fail(.notFound(system: system, cause: .status(response.status), detail: detail), countsAgainstHealth: false)
        case (500..., _):
            return .fail(.unavailable(system: system, cause: .status(response.status), detail: detail), countsAgainstHealth: true)
        case (400, .validationFailed?):
            let fields = failure?.fields ?? []
            return .fail(.rejected(system: system, cause: .valuesRefused(fields: fields), detail: detail), countsAgainstHealth: false)
        default:
            return .fail(.rejected(system: system, cause: .status(response.status), detail: detail), countsAgainstHealth: false)
        }
    }

    private static func parse(_ body: Data, action: String, system: String) throws(UpstreamError) -> RawJSON {
        do {
            return try RawJSON.parse(body)
        } catch {
            throw .invalidResponse(system: system, cause: .malformedAnswer, detail: "\(action): \(error)")
        }
    }

    /// Percent-encodes a query-string value, `+` and `&` included.
    static func encodeQueryValue(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
