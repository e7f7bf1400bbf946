import Foundation

extension Providers.Salesforce {
    /// Maps an Account to the Salesforce half of a profile. Takes a query result (nil when it found no
    /// Account) or a record as `GET /sobjects/Account/{id}` returns it.
    public static func account(from raw: RawJSON, context: SalesforceMappingContext) throws(MappingError) -> SalesforceAccount? {
        let root = try ObjectReader(raw)
        guard root.fields["records"] != nil else { return try account(root, context: context) }
        let rows = try root.list("records")
        guard let row = rows.first else { return nil }
        guard rows.count == 1 else { throw root.failure("records", .outOfRange, "expected one Account, found \(rows.count)") }
        return try account(row, context: context)
    }

    static func account(_ row: ObjectReader, context: SalesforceMappingContext) throws(MappingError) -> SalesforceAccount {
        guard let name = try row.trimmedText("Name") else { throw row.failure("Name", .missing, "an account has a name") }
        return SalesforceAccount(
            id: try row.salesforceId("Id"),
            name: name,
            email: try row.optionalEmail(context.fields.accountEmail),
            phone: try row.first(context.fields.accountPhone, "PersonMobilePhone", "Phone", read: row.trimmedText),
            address: try billingAddress(row, context: context)
        )
    }

    /// The billing address from the compound `BillingAddress` or the separate `Billing*` fields. A street of
    /// several lines becomes line1 and the rest line2.
    private static func billingAddress(_ row: ObjectReader, context: SalesforceMappingContext) throws(MappingError) -> Address? {
        let compound = try row.optionalObject("BillingAddress")
        func field(_ separate: String, _ inCompound: String) throws(MappingError) -> String? {
            if let text = try row.trimmedText(separate) { return text }
            return try compound?.trimmedText(inCompound)
        }
        let names = context.fields
        let street = try field(names.accountStreet, "street")
        let streetLines = street.map { $0.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        let line1 = streetLines.first
        let line2 = streetLines.count > 1 ? streetLines.dropFirst().joined(separator: " ") : nil
        let postcode = try field(names.accountPostalCode, "postalCode")
        let prefecture = try field(names.accountState, "state")
        let city = try field(names.accountCity, "city")
        var country = try field(names.accountCountryCode, "countryCode")
        if country == nil { country = try field("BillingCountry", "country") }
        guard [postcode, prefecture, city, line1, country].contains(where: { $0 != nil }) else { return nil }
        return Address(
            postcode: postcode,
            prefecture: prefecture,
            city: city,
            line1: line1,
            line2: line2,
            country: country ?? context.defaultCountry
        )
    }
}
