extension ObjectReader {
    /// WHMCS free text (names, descriptions, notes, addresses) as it was typed: WHMCS stores every request
    /// variable HTML-escaped, so its escapes are undone.
    func whmcsText(_ key: String) throws(MappingError) -> String? {
        try optionalText(key).map(HTMLEntities.decoded)
    }

    /// WHMCS free text as typed, trimmed of surrounding white space; nil when nothing is left.
    func trimmedWhmcsText(_ key: String) throws(MappingError) -> String? {
        let trimmed = try whmcsText(key)?.trimmed
        return trimmed?.isEmpty == false ? trimmed : nil
    }
}
