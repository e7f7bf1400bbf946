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
    /// fails `.rejected` with cause `.valuesRefused`, naming the portal's fields (`address.country`).
    func updateContact(_ id: SalesforceId, _ change: ContactChange) async throws(UpstreamError) {
        var fields: [String: any Sendable] = [:]
        for (field, value) in context.fields.accountFields(for: change) { fields[field] = value }
        guard !fields.isEmpty else { return }
        do {
            try await connection.update("Account", id: id, fields)
        } catch .rejected(let system, .valuesRefused(let refused), let detail) {
            throw .rejected(system: system, cause: .valuesRefused(fields: refused.map(portalField)), detail: detail)
        }
    }

    /// The portal's name (`email`, `address.postcode`, …) of an Account field a contact change writes.
    private func portalField(_ accountField: String) -> String {
        let names = context.fields
        let known = [
            (names.accountEmail, "email"), (names.accountPhone, "phone"), (names.accountStreet, "address.line1"), (names.accountCity, "address.city"),
            (names.accountState, "address.prefecture"), (names.accountPostalCode, "address.postcode"), (names.accountCountryCode, "address.country"),
        ]
        return known.first { $0.0.caseInsensitiveCompare(accountField) == .orderedSame }?.1 ?? "body"
    }
}
