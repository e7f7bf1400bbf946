import Domain
import Foundation
import Hummingbird
import PortalCache
import PortalConfig
import PortalSalesforce
import PortalUpstream

/// `GET /api/catalog` (the categories) and `GET /api/catalog/{category}` (its products with prices), cached
/// for everyone.
struct CatalogController {
    let route: CachedRoute
    let policies: CacheSettings
    let upstreams: Upstreams

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("catalog", use: categories)
        group.get("catalog/:category", use: products)
    }

    @Sendable func categories(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let catalog = try CachedCatalog(route: route, policies: policies, upstreams: upstreams)
        return CachedResponse.response(try await catalog.categories(), for: request)
    }

    @Sendable func products(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let catalog = try CachedCatalog(route: route, policies: policies, upstreams: upstreams)
        let category = context.parameters.get("category") ?? ""
        guard CachedCatalog.isCategory(category) else {
            throw APIError.validation(["category": "must be 1 to 40 lower-case letters, digits or hyphens"])
        }
        return CachedResponse.response(try await catalog.products(in: category), for: request)
    }
}

/// The catalog as the cache holds it, read through by the catalog routes and by order placement (which
/// takes its products and prices from here, never from the caller).
struct CachedCatalog: Sendable {
    private let route: CachedRoute
    private let policy: CachePolicy
    private let services: SalesforceServices

    init(route: CachedRoute, policies: CacheSettings, upstreams: Upstreams) throws(APIError) {
        guard let services = upstreams.salesforce else { throw .notFound("Catalog") }
        self.route = route
        self.policy = policies.policy(for: .catalog)
        self.services = services
    }

    func categories() async throws -> CachedValue {
        guard let group = CacheGroups.catalogCategories else { throw APIError.internalError }
        let services = services
        return try await route.value(key: CacheKey(group: group, field: "all"), policy: policy, notFound: "Catalog") {
            () async throws(UpstreamError) in
            let items = try await services.categories()
            return .init(value: ListBody.whole(items), complete: true)
        }
    }

    /// The products of `category`, which must be one the category list names: a category no one sells is
    /// answered from the (cached) list, so it costs no Salesforce call and adds nothing to Redis.
    func products(in category: String) async throws -> CachedValue {
        guard Self.isCategory(category), try await names().contains(category) else { throw APIError.notFound("Catalog category") }
        return try await listed(category)
    }

    /// The products of a category the list names.
    private func listed(_ category: String) async throws -> CachedValue {
        guard let group = CacheGroups.catalog(category: category) else { throw APIError.notFound("Catalog category") }
        let (services, relations) = (services, route.cache.relations)
        return try await route.value(key: CacheKey(group: group, field: "products"), policy: policy, notFound: "Catalog") {
            () async throws(UpstreamError) in
            if let relation = CacheGroups.cachedCategories { await relations.record(category, in: relation) }
            let items = try await services.catalog(category: category)
            return .init(value: ListBody.whole(items), complete: true)
        }
    }

    /// The names in the category list.
    private func names() async throws -> [String] {
        try JSONDecoder().decode(Page<String>.self, from: try await categories().body).items
    }

    private struct Page<Item: Decodable>: Decodable { let items: [Item] }

    /// Every product of every category, by id.
    func productsById() async throws -> [SalesforceId: CatalogProduct] {
        let decoder = JSONDecoder()
        var found: [SalesforceId: CatalogProduct] = [:]
        for category in try await names() where Self.isCategory(category) {
            for product in try decoder.decode(Page<CatalogProduct>.self, from: try await listed(category).body).items {
                found[product.id] = product
            }
        }
        return found
    }

    static func isCategory(_ text: String) -> Bool {
        (1...40).contains(text.utf8.count)
            && text.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }
    }
}
