import Domain
import Foundation
import PortalUpstream

/// A customer's Account.
struct SalesforceAccountService: Sendable {
    let connection: SalesforceConnection
    let context: SalesforceMappingContext

    func account(_ id: SalesforceId) async throws(UpstreamError) -> SalesforceAccount {
        let context = context
        return try await connection.record(SalesforceQueries.account(id, fields: context.fields), action: "query Account", missing: "no such account")
        {
            raw throws(MappingError) in try Providers.Salesforce.account(from: raw, context: context)
        }
    }
}
