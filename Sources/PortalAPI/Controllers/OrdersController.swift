import Domain
import Hummingbird
import PortalCache
import PortalConfig
import PortalSalesforce
import PortalUpstream

/// `GET /api/orders`, `GET /api/orders/{id}` (cached per Salesforce account in group `orders`) and
/// `GET /api/catalog/{category}` (cached per category, for everyone).
struct OrdersController {
    let route: CachedRoute
    let policies: CacheSettings
    let upstreams: Upstreams

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("orders", use: orders)
        group.get("orders/:id", use: order)
        group.get("catalog", use: categories)
        group.get("catalog/:category", use: catalog)
    }

    @Sendable func orders(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (services, accountId) = try upstreams.salesforce(for: try context.requireCustomer())
        let key = CacheKey(group: try Self.ordersGroup(accountId), field: "all")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .orders), notFound: "Orders") { () async throws(UpstreamError) in
            let items = try await services.orders(accountId: accountId)
            return ListBody(items: items, page: 1, pageSize: max(items.count, 1), total: items.count)
        }
    }

    @Sendable func order(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (services, accountId) = try upstreams.salesforce(for: try context.requireCustomer())
        guard let text = context.parameters.get("id"), let id = SalesforceId(text) else {
            throw APIError.validation(["id": "must be a 15- or 18-character Salesforce id"])
        }
        let key = CacheKey(group: try Self.ordersGroup(accountId), field: "id=\(id.value)")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .order), notFound: "Order") { () async throws(UpstreamError) in
            try await services.order(id, accountId: accountId)
        }
    }

    /// The categories `GET /api/catalog/{category}` accepts.
    @Sendable func categories(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard let services = upstreams.salesforce, let group = CacheGroups.catalogCategories else { throw APIError.notFound("Catalog") }
        return try await route.respond(
            to: request, key: CacheKey(group: group, field: "all"), policy: policies.policy(for: .catalog), notFound: "Catalog"
        ) { () async throws(UpstreamError) in
            let items = try await services.categories()
            return ListBody(items: items, page: 1, pageSize: max(items.count, 1), total: items.count)
        }
    }

    @Sendable func catalog(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard let services = upstreams.salesforce else { throw APIError.notFound("Catalog") }
        let category = context.parameters.get("category") ?? ""
        guard Self.isCategory(category), let group = CacheGroups.catalog(category: category) else {
            throw APIError.validation(["category": "must be 1 to 40 lower-case letters, digits or hyphens"])
        }
        return try await route.respond(
            to: request, key: CacheKey(group: group, field: "products"), policy: policies.policy(for: .catalog), notFound: "Catalog"
        ) { () async throws(UpstreamError) in
            if let relation = CacheGroups.cachedCategories { await route.cache.relations.record(category, in: relation) }
            let items = try await services.catalog(category: category)
            return ListBody(items: items, page: 1, pageSize: max(items.count, 1), total: items.count)
        }
    }

    static func ordersGroup(_ accountId: SalesforceId) throws(APIError) -> CacheGroup {
        guard let group = CacheGroups.orders(accountId: accountId) else { throw .internalError }
        return group
    }

    static func isCategory(_ text: String) -> Bool {
        (1...40).contains(text.utf8.count)
            && text.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }
    }
}
