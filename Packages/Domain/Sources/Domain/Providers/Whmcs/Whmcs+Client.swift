extension Providers.Whmcs {
    /// Maps a GetClientsDetails answer to the WHMCS half of a profile. WHMCS repeats the client's fields at
    /// the top level and under `client`; the `client` copy is read when it is there.
    public static func client(from raw: RawJSON, context: WhmcsMappingContext) throws(MappingError) -> WhmcsClient {
        let root = try ObjectReader(raw)
        let row = try root.optionalObject("client") ?? root
        guard let clientId = try row.first("id", "userid", "client_id", read: row.optionalId) else {
            throw row.failure("id", .missing, "a client has an id")
        }
        let fullName = try row.trimmedWhmcsText("fullname")
        let joinedName = [try row.trimmedWhmcsText("firstname"), try row.trimmedWhmcsText("lastname")].compactMap { $0 }.joined(separator: " ")
        guard let name = fullName ?? (joinedName.isEmpty ? nil : joinedName) else {
            throw row.failure("fullname", .missing, "a client has a name")
        }
        return WhmcsClient(
            clientId: clientId,
            name: name,
            companyName: try row.trimmedWhmcsText("companyname"),
            email: try row.email("email"),
            phone: try row.trimmedWhmcsText("phonenumber"),
            address: try whmcsAddress(row),
            currency: try row.currency("currency_code")
        )
    }

    private static func whmcsAddress(_ row: ObjectReader) throws(MappingError) -> Address? {
        let postcode = try row.trimmedWhmcsText("postcode")
        let prefecture = try row.first("state", "fullstate", read: row.trimmedWhmcsText)
        let city = try row.trimmedWhmcsText("city")
        let line1 = try row.trimmedWhmcsText("address1")
        let line2 = try row.trimmedWhmcsText("address2")
        let country = try row.first("countrycode", "country", read: row.trimmedText)
        guard let country else {
            if [postcode, prefecture, city, line1, line2].contains(where: { $0 != nil }) {
                throw row.failure("countrycode", .missing, "an address has a country")
            }
            return nil
        }
        return Address(postcode: postcode, prefecture: prefecture, city: city, line1: line1, line2: line2, country: country.uppercased())
    }
}

extension ObjectReader {
    /// An email address: text with one `@` between a local part and a domain.
    func email(_ key: String) throws(MappingError) -> String {
        guard let text = try trimmedWhmcsText(key) else { throw failure(key, .missing, "an email address is required") }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !text.contains(where: \.isWhitespace) else {
            throw failure(key, .invalidValue, "not an email address")
        }
        return text
    }

    func optionalEmail(_ key: String) throws(MappingError) -> String? {
        try has(key) ? email(key) : nil
    }
}
