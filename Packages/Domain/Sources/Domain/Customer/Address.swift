/// A postal address; `country` is an ISO 3166-1 alpha-2 code where the source gave one.
public struct Address: Sendable, Hashable, Codable {
    public var postcode: String?
    public var prefecture: String?
    public var city: String?
    public var line1: String?
    public var line2: String?
    public var country: String

    public init(postcode: String?, prefecture: String?, city: String?, line1: String?, line2: String?, country: String) {
        self.postcode = postcode
        self.prefecture = prefecture
        self.city = city
        self.line1 = line1
        self.line2 = line2
        self.country = country
    }
}
