/// The sandbox org's State and Country picklists: `BillingCountryCode` takes only the countries the org
/// enabled, as a real org refuses the rest with `FIELD_INTEGRITY_EXCEPTION` (an assigned ISO code such as
/// `AQ`, Antarctica, is not among them).
enum SalesforceCountryPicklist {
    static let enabled: Set<String> = [
        "JP", "US", "GB", "KR", "CN", "TW", "HK", "SG", "AU", "NZ", "CA", "DE", "FR", "IT", "ES", "NL", "PH", "VN", "TH", "ID", "MY", "IN", "BR",
    ]

    static func check(_ fields: [String: SalesforceValue]) throws(SalesforceFailure) {
        guard case .text(let code)? = fields["BillingCountryCode"], !enabled.contains(code) else { return }
        throw SalesforceFailure(
            "FIELD_INTEGRITY_EXCEPTION",
            "There's a problem with this country, even though it may appear correct. Please select a country/territory from the list of valid countries.",
            fields: ["BillingCountryCode"]
        )
    }
}
