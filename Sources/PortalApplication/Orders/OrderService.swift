import Domain
import PortalSalesforce
import PortalUpstream

/// The caller's orders in Salesforce.
public struct OrderService: Sendable {
    let upstreams: Upstreams

    /// The caller's Salesforce account; not found without Salesforce or an account in the token.
    public func account(of customer: Customer) throws(ServiceError) -> SalesforceId {
        try upstreams.salesforceAccount(of: customer).accountId
    }

    public func orders(of customer: Customer) async throws(ServiceError) -> [OrderSummary] {
        let (salesforce, accountId) = try upstreams.salesforceAccount(of: customer)
        return try await ServiceError.showing(notFound: "Orders") { () async throws(UpstreamError) in
            try await salesforce.orders(accountId: accountId)
        }
    }

    /// One of the caller's orders with its items; another account's order is not found.
    public func order(_ id: SalesforceId, of customer: Customer) async throws(ServiceError) -> Order {
        let (salesforce, accountId) = try upstreams.salesforceAccount(of: customer)
        return try await ServiceError.showing(notFound: "Order") { () async throws(UpstreamError) in
            try await salesforce.order(id, accountId: accountId)
        }
    }
}
