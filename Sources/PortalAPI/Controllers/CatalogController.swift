import Domain
import Foundation
import Hummingbird
import PortalApplication
import PortalCache

/// `GET /api/catalog` (the categories) and `GET /api/catalog/{category}` (its products with prices), cached
/// for everyone. A category the (cached) list does not name is answered from the list, so it costs no
/// Salesforce call and adds nothing to Redis.
struct CatalogController {
    let route: CachedRoute
    let policies: CacheSettings
    let catalog: CatalogService

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("catalog", use: categories)
        group.get("catalog/:category", use: products)
    }

    @Sendable func categories(_ request: Request, context: PortalRequestContext) async throws -> Response {
        CachedResponse.response(try await categoryList().value, for: request)
    }

    @Sendable func products(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let category = context.parameters.get("category") ?? ""
        guard CatalogService.isCategory(category) else {
            throw APIError.validation(["category": "must be 1 to 40 lower-case letters, digits or hyphens"])
        }
        guard try await categoryList().names.contains(category), let group = CacheGroups.catalog(category: category) else {
            throw APIError.notFound("Catalog category")
        }
        let catalog = catalog
        return try await route.respond(to: request, key: CacheKey(group: group, field: "products"), policy: policies.policy(for: .catalog)) {
            () async throws(ServiceError) in ListBody.whole(try await catalog.products(in: category))
        }
    }

    /// The category list as cached (`value`), and the names in it (plain strings of our own encoding).
    private func categoryList() async throws -> (value: CachedValue, names: [String]) {
        guard let group = CacheGroups.catalogCategories else { throw APIError.internalError }
        let catalog = catalog
        let value = try await route.value(key: CacheKey(group: group, field: "all"), policy: policies.policy(for: .catalog)) {
            () async throws(ServiceError) -> CachedRoute.Loaded<ListBody<String>> in
            .init(value: ListBody.whole(try await catalog.categories()), complete: true)
        }
        struct Names: Decodable { let items: [String] }
        return (value, try JSONDecoder().decode(Names.self, from: value.body).items)
    }
}
