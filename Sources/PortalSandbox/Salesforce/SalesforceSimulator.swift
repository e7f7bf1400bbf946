import Domain
import Foundation
import Hummingbird

/// Salesforce's REST API as the BFF uses it, mounted at `{base}/salesforce` (which is also the instance URL):
/// the JWT bearer token endpoint, SOQL queries with pagination, and creating orders and their items (one by
/// one, or all at once through the sObject Tree API, all or nothing). Errors
/// are Salesforce's `[{"message", "errorCode"}]` arrays; an exhausted allowance is HTTP 403
/// `REQUEST_LIMIT_EXCEEDED`.
final class SalesforceSimulator: Sendable {
    static let clientId = "sandbox-connected-app"
    static let username = "integration@portal-sandbox.example"
    static let audience = "https://login.salesforce.com"
    /// The org and user the token endpoint's `id` names.
    static let identity = "\(audience)/id/\(orgId)/\(integrationUserId)"
    static let orgId = SandboxSeed.salesforceId("00D", 1)
    static let integrationUserId = SandboxSeed.salesforceId("005", 1)

    let knobs: SimulatorKnobs
    let tokens: SalesforceTokens
    let store: SalesforceRecordStore
    let cursors = SalesforceQueryCursors()

    init(seed: SandboxSeed, knobs: SimulatorKnobs, key: Sandbox.ConnectedAppKey) {
        self.knobs = knobs
        self.tokens = SalesforceTokens(clientId: Self.clientId, username: Self.username, audience: Self.audience, key: key)
        self.store = SalesforceRecordStore(seed: seed)
    }

    func addRoutes(to router: some RouterMethods<BasicRequestContext>) {
        router.post("/services/oauth2/token") { request, _ in await self.token(request) }
        router.get("/services/data/:version/query") { request, context in
            await self.handle(request, context, action: "query") { version throws(SalesforceFailure) in try self.query(request, version: version) }
        }
        router.get("/services/data/:version/query/:locator") { request, context in
            await self.handle(request, context, action: "queryMore") { version throws(SalesforceFailure) in
                .json(try self.cursors.page(locator: context.parameters.get("locator") ?? "", version: version), style: .utf8)
            }
        }
        router.post("/services/data/:version/sobjects/:object") { request, context in
            let body = await Self.body(of: request)
            return await self.handle(request, context, action: "create") { _ throws(SalesforceFailure) in
                let id = try self.store.create(try Self.writable(context.parameters.get("object"), operation: "inserted"), body: body)
                return .json(.object([("id", .string(id.value)), ("success", .bool(true)), ("errors", .array([]))]), style: .utf8, status: .created)
            }
        }
        router.post("/services/data/:version/composite/tree/:object") { request, context in
            let body = await Self.body(of: request)
            return await self.handle(request, context, action: "createTree") { _ throws(SalesforceFailure) in
                let object = try Self.writable(context.parameters.get("object"), operation: "inserted")
                do throws(SalesforceTreeFailure) {
                    let created = try self.store.createTree(object, roots: try SalesforceTreeRecord.roots(body, object: object))
                    let results = created.map { JSONValue.object([("referenceId", .string($0.referenceId)), ("id", .string($0.id.value))]) }
                    return .json(.object([("hasErrors", .bool(false)), ("results", .array(results))]), style: .utf8, status: .created)
                } catch {
                    return .json(error.json, style: .utf8, status: .badRequest)
                }
            }
        }
        router.patch("/services/data/:version/sobjects/:object/:id") { request, context in
            let body = await Self.body(of: request)
            return await self.handle(request, context, action: "update") { _ throws(SalesforceFailure) in
                let object = try Self.writable(context.parameters.get("object"), operation: "updated")
                try self.store.update(object, id: context.parameters.get("id") ?? "", body: body)
                return Response(status: .noContent)
            }
        }
    }

    /// Applies the knobs, then checks the API version and the access token before answering.
    private func handle(
        _ request: Request,
        _ context: BasicRequestContext,
        action: String,
        answer: (String) throws(SalesforceFailure) -> Response
    ) async -> Response {
        await knobs.run("salesforce.\(action)", traceparent: request.headers[.traceparent], fault: Response.salesforceFault) {
            guard let version = context.parameters.get("version"), Self.isVersion(version) else { return SalesforceFailure.notFound.response }
            guard tokens.isAuthorized(request.headers[.authorization]) else { return SalesforceFailure.invalidSession.response }
            do throws(SalesforceFailure) {
                return try answer(version)
            } catch {
                return error.response
            }
        }
    }

    private func token(_ request: Request) async -> Response {
        let body = await Self.body(of: request)
        return await knobs.run("salesforce.token", traceparent: request.headers[.traceparent], fault: Response.salesforceFault) {
            await self.grant(request, body: body)
        }
    }

    private func grant(_ request: Request, body: Data) async -> Response {
        let form = FormURLEncoded.parse(body)
        let field = { (name: String) in form.first { $0.name == name }?.value }
        guard field("grant_type") == SalesforceTokens.grantType else { return .oauthError("unsupported_grant_type", "grant type not supported") }
        guard let assertion = field("assertion"), !assertion.isEmpty else { return .oauthError("invalid_grant", "invalid assertion") }
        let accessToken: String
        do {
            accessToken = try await tokens.grant(assertion: assertion)
        } catch {
            return .oauthError(error.error, error.description)
        }
        let host = request.head.authority ?? "127.0.0.1"
        return .json(
            .object([
                ("access_token", .string(accessToken)), ("scope", .string("api")), ("instance_url", .string("http://\(host)/salesforce")),
                ("id", .string(Self.identity)), ("token_type", .string("Bearer")),
            ]),
            style: .utf8
        )
    }

    private func query(_ request: Request, version: String) throws(SalesforceFailure) -> Response {
        let parameters = FormURLEncoded.parse(request.uri.query ?? "")
        guard let soql = parameters.first(where: { $0.name == "q" })?.value, !soql.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SalesforceFailure("MALFORMED_QUERY", "A query string has to be specified")
        }
        let plan = try SOQLQueryPlan.resolve(try SOQLStatementParser.parse(soql), soql: soql)
        let records = SOQLEvaluator(snapshot: store.snapshot(), version: version).records(plan)
        return .json(cursors.firstPage(records, version: version), style: .utf8)
    }

    /// The object a create or update names; only orders and their items are writable here.
    private static func writable(_ name: String?, operation: String) throws(SalesforceFailure) -> SObjectType {
        guard let object = name.flatMap(SalesforceSchema.object) else { throw .notFound }
        guard ["Order", "OrderItem"].contains(object.name) || (operation == "updated" && object.name == "Account") else {
            throw SalesforceFailure("INVALID_TYPE_FOR_OPERATION", "entity type cannot be \(operation): \(object.name)")
        }
        return object
    }

    /// `v61.0` and the like.
    private static func isVersion(_ text: String) -> Bool {
        let parts = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        return text.hasPrefix("v") && parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
    }

    private static func body(of request: Request) async -> Data {
        guard let buffer = try? await request.body.collect(upTo: 1 << 20) else { return Data() }
        return Data(buffer.readableBytesView)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
