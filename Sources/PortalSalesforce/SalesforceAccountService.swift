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

    /// Writes the Account fields of `change` (named by the mapping context). PATCH sets values, so a
    /// repeat is harmless; a value Salesforce refuses (a validation rule, a country its picklist lacks)
    /// fails `.rejected` with cause `.valuesRefused`.
    func updateContact(_ id: SalesforceId, _ change: ContactChange) async throws(UpstreamError) {
        var fields: [String: any Sendable] = [:]
        for (field, value) in context.fields.accountFields(for: change) { fields[field] = value }
        guard !fields.isEmpty else { return }
        try await connection.update("Account", id: id, fields)
    }
}
