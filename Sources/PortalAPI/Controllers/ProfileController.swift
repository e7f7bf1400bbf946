import Domain
import Hummingbird
import PortalApplication
import PortalCache

/// `GET /api/me`: the customer profile (`ProfileService`), cached with the caller's WHMCS client (or
/// Salesforce account); a profile one of whose sides failed is shown, not cached.
struct ProfileController {
    let route: CachedRoute
    let policies: CacheSettings
    let profiles: ProfileService

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("me", use: me)
    }

    @Sendable func me(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let profiles = profiles
        let group = try shown { () throws(ServiceError) in try profiles.group(of: customer) }
        let key = CacheKey(group: group, field: customer.userId)
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .profile)) { () async throws(ServiceError) in
            try await profiles.profile(of: customer)
        }
    }
}
