import Domain
import Foundation
import PortalUpstream

/// A customer's Account.
struct SalesforceAccountService: Sendable {
    let connection: SalesforceConnection
    let context: SalesforceMappingContext

    func account(_ id: SalesforceId) async throws(UpstreamError) -> SalesforceAccount {
        let pages = try await connection.query(try connection.statement(SalesforceQueries.account(id, fields: context.fields)), action: "query Account")
        let context = context
        guard let account = try connection.map(pages[0], action: "query Account", { raw throws(MappingError) in
            try Providers.Salesforce.account(from: raw, context: context)
        }) else { throw .notFound(system: connection.system, detail: "query Account: no such account") }
        return account
    }
}
