import Domain
import Hummingbird
import PortalCache
import PortalConfig
import PortalUpstream
import PortalWhmcs

/// `GET /api/invoices` (a page of the caller's invoices) and `GET /api/invoices/{id}` (one, with items),
/// cached in the caller's WHMCS client group `invoices`.
struct InvoicesController {
    let route: CachedRoute
    let policies: CacheSettings
    let upstreams: Upstreams

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("invoices", use: list)
        group.get("invoices/:id", use: show)
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let query = request.uri.queryParameters
        var problems: [String: String] = [:]
        let page = Self.integer(query.get("page"), default: 1, range: 1...10_000, field: "page", problems: &problems)
        let pageSize = Self.integer(query.get("pageSize"), default: 25, range: 1...100, field: "pageSize", problems: &problems)
        var status: InvoiceStatus?
        if let text = query.get("status") {
            status = InvoiceStatus.knownCases.first { $0.name == text }
            if status == nil { problems["status"] = "must be one of " + InvoiceStatus.knownCases.map(\.name).joined(separator: ", ") }
        }
        guard problems.isEmpty else { throw APIError.validation(problems) }
        let filter = status
        let (connection, clientId) = try upstreams.whmcs(for: customer)
        let key = CacheKey(
            group: try CachedRoute.whmcsGroup(customer, clientId: clientId, .invoices),
            field: "page=\(page)&pageSize=\(pageSize)&status=\(filter?.name ?? "")")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .invoices), notFound: "Invoices") { () async throws(UpstreamError) in
            try await WhmcsInvoiceService(connection: connection).page(clientId: clientId, page: page, pageSize: pageSize, status: filter)
        }
    }

    @Sendable func show(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let id = try context.positiveId("id")
        let (connection, clientId) = try upstreams.whmcs(for: customer)
        let key = CacheKey(group: try CachedRoute.whmcsGroup(customer, clientId: clientId, .invoices), field: "id=\(id)")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .invoice), notFound: "Invoice") { () async throws(UpstreamError) in
            try await WhmcsInvoiceService(connection: connection).invoice(id: id, clientId: clientId)
        }
    }

    static func integer(_ text: String?, default fallback: Int, range: ClosedRange<Int>, field: String, problems: inout [String: String]) -> Int {
        guard let text else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            problems[field] = "must be a whole number from \(range.lowerBound) to \(range.upperBound)"
            return fallback
        }
        return value
    }
}
