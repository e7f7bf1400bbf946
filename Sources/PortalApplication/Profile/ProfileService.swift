import Domain
import PortalCache
import PortalSalesforce
import PortalUpstream
import PortalWhmcs

/// The customer profile, merged from the Salesforce account and the WHMCS client (fetched in parallel).
/// When one side fails the other still makes a profile (not complete, so not cached); when both fail,
/// the failure is shown.
public struct ProfileService: Sendable {
    let upstreams: Upstreams
    let cache: CacheService
    /// Where contact changes that Salesforce could not take yet wait (nil without Redis).
    let sync: ContactSyncQueue?

    /// Where the caller's profile is kept in the cache: with the WHMCS client when there is one, else with
    /// the Salesforce account; not found with neither.
    public func group(of customer: Customer) throws(ServiceError) -> CacheGroup {
        let group: CacheGroup?
        if let account = try? upstreams.billingAccount(of: customer) {
            group = CacheGroups.whmcs(instance: account.instance, clientId: account.clientId, .profile)
        } else if let (_, accountId) = try? upstreams.salesforceAccount(of: customer) {
            group = CacheGroups.salesforceProfile(accountId: accountId)
        } else {
            throw .notFound("Profile")
        }
        guard let group else { throw .upstreamFailed(message: nil) }
        return group
    }

    public func profile(of customer: Customer) async throws(ServiceError) -> Assembled<CustomerProfile> {
        let whmcs = try? upstreams.billingAccount(of: customer)
        let salesforce = try? upstreams.salesforceAccount(of: customer)
        guard whmcs != nil || salesforce != nil else { throw .notFound("Profile") }
        async let account = Self.account(salesforce)
        async let client = Self.client(whmcs)
        let (accountResult, clientResult) = await (account, client)
        let accountValue = try? accountResult.get()
        let clientValue = try? clientResult.get()
        if accountValue == nil, clientValue == nil {
            if case .failure(let error) = clientResult { throw ServiceError(error, notFound: "Profile") }
            if case .failure(let error) = accountResult { throw ServiceError(error, notFound: "Profile") }
        }
        do {
            let profile = try CustomerProfile.merged(customerId: customer.userId, account: accountValue, client: clientValue)
            return Assembled(profile, complete: accountResult.succeeded && clientResult.succeeded)
        } catch {
            throw .upstreamFailed(message: nil)
        }
    }

    private static func account(
        _ salesforce: (salesforce: SalesforceOrchestrator, accountId: SalesforceId)?
    ) async -> Result<SalesforceAccount?, UpstreamError> {
        guard let salesforce else { return .success(nil) }
        return await Result { () async throws(UpstreamError) in try await salesforce.salesforce.account(salesforce.accountId) }
    }

    private static func client(_ account: BillingAccount?) async -> Result<WhmcsClient?, UpstreamError> {
        guard let account else { return .success(nil) }
        return await Result { () async throws(UpstreamError) in try await account.whmcs.client(clientId: account.clientId) }
    }
}
