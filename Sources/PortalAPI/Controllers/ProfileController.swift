import Domain
import Hummingbird
import PortalCache
import PortalConfig
import PortalSalesforce
import PortalUpstream
import PortalWhmcs

/// `GET /api/me`: the customer profile, merged from the Salesforce account and the WHMCS client (fetched in
/// parallel). When one side fails the other still makes a profile; when both fail, the error is shown.
struct ProfileController {
    let route: CachedRoute
    let policies: CacheSettings
    let upstreams: Upstreams

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("me", use: me)
    }

    @Sendable func me(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let whmcs = try? upstreams.whmcs(for: customer)
        let salesforce = try? upstreams.salesforce(for: customer)
        guard whmcs != nil || salesforce != nil else { throw APIError.notFound("Profile") }
        let group: CacheGroup?
        if let whmcs {
            group = try CachedRoute.whmcsGroup(customer, clientId: whmcs.clientId, .profile)
        } else {
            group = customer.salesforceAccountId.flatMap(CacheGroups.salesforceProfile)
        }
        guard let group else { throw APIError.internalError }
        return try await route.respond(
            to: request, key: CacheKey(group: group, field: customer.userId), policy: policies.policy(for: .profile), notFound: "Profile"
        ) { () async throws(UpstreamError) in
            async let account = Self.account(salesforce)
            async let client = Self.client(whmcs)
            let (accountResult, clientResult) = await (account, client)
            let accountValue = try? accountResult.get()
            let clientValue = try? clientResult.get()
            if accountValue == nil, clientValue == nil {
                if case .failure(let error) = clientResult { throw error }
                if case .failure(let error) = accountResult { throw error }
            }
            do {
                let profile = try CustomerProfile.merged(customerId: customer.userId, account: accountValue, client: clientValue)
                return CachedRoute.Loaded(value: profile, complete: Self.succeeded(accountResult) && Self.succeeded(clientResult))
            } catch {
                throw .invalidResponse(system: "profile", cause: .malformedAnswer, detail: "\(error)")
            }
        }
    }

    private static func succeeded<Value>(_ result: Result<Value, UpstreamError>) -> Bool {
        if case .success = result { true } else { false }
    }

    private static func account(_ salesforce: (services: SalesforceServices, accountId: SalesforceId)?) async -> Result<SalesforceAccount?, UpstreamError> {
        guard let salesforce else { return .success(nil) }
        do {
            return .success(try await salesforce.services.account(salesforce.accountId))
        } catch {
            return .failure(error)
        }
    }

    private static func client(_ whmcs: (connection: WhmcsConnection, clientId: Int)?) async -> Result<WhmcsClient?, UpstreamError> {
        guard let whmcs else { return .success(nil) }
        do {
            return .success(try await WhmcsClientService(connection: whmcs.connection).client(clientId: whmcs.clientId))
        } catch {
            return .failure(error)
        }
    }
}
