import Domain
import Foundation
import Hummingbird
import PortalApplication
import PortalCache

/// `GET /api/invoices` (a page of the caller's invoices) and `GET /api/invoices/{id}` (one, with items),
/// cached in the caller's WHMCS client group `invoices`.
struct InvoicesController {
    let route: CachedRoute
    let policies: CacheSettings
    let billing: BillingService

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("invoices", use: list)
        group.get("invoices/:id", use: show)
    }

    /// The page sizes a listing accepts: few, so that distinct sizes cannot multiply upstream calls.
    static let pageSizes = [5, 10, 25, 50, 100]

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let query = request.uri.queryParameters
        var problems: [String: String] = [:]
        let page = Self.integer(query.get("page"), default: 1, range: 1...10_000, field: "page", problems: &problems)
        let pageSize = Self.pageSize(query.get("pageSize"), problems: &problems)
        var status: InvoiceStatus?
        if let text = query.get("status") {
            status = InvoiceStatus.knownCases.first { $0.name == text }
            if status == nil { problems["status"] = "must be one of " + InvoiceStatus.knownCases.map(\.name).joined(separator: ", ") }
        }
        guard problems.isEmpty else { throw APIError.validation(problems) }
        let (filter, billing) = (status, billing)
        let account = try shown { () throws(ServiceError) in try billing.account(of: customer) }
        let group = try CachedRoute.whmcsGroup(account, .invoices)
        let key = CacheKey(group: group, field: "page=\(page)&pageSize=\(pageSize)&status=\(filter?.name ?? "")")
        let totalKey = CacheKey(group: group, field: "total&status=\(filter?.name ?? "")")
        let cache = route.cache
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .invoices)) {
            () async throws(ServiceError) -> CachedRoute.Loaded<InvoicePage> in
            // Past the last page the answer is known without asking WHMCS: served, not stored, so that
            // such pages do not crowd out real ones.
            if page > 1, let total = await cache.fresh(totalKey).flatMap(Self.total(from:)), (page - 1) * pageSize >= total {
                return .init(value: InvoicePage(items: [], page: page, pageSize: pageSize, total: total), complete: false)
            }
            let loaded = try await billing.invoicePage(account, page: page, pageSize: pageSize, status: filter)
            return .init(value: loaded, complete: true, alongside: [totalKey.field: Data(String(loaded.total).utf8)])
        }
    }

    @Sendable func show(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let id = try context.positiveId("id")
        let billing = billing
        let account = try shown { () throws(ServiceError) in try billing.account(of: customer) }
        let key = CacheKey(group: try CachedRoute.whmcsGroup(account, .invoices), field: "id=\(id)")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .invoice)) { () async throws(ServiceError) in
            try await billing.invoice(account, id: id)
        }
    }

    static func pageSize(_ text: String?, problems: inout [String: String]) -> Int {
        guard let text else { return 25 }
        guard let value = Int(text), pageSizes.contains(value) else {
            problems["pageSize"] = "must be one of " + pageSizes.map(String.init).joined(separator: ", ")
            return 25
        }
        return value
    }

    static func total(from body: Data) -> Int? {
        Int(String(decoding: body, as: UTF8.self)).flatMap { $0 >= 0 ? $0 : nil }
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
