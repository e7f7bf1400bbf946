import Domain
import Foundation

/// The body of `PATCH /api/me`: any of `email`, `phone` and `address` (`{"postcode", "prefecture", "city",
/// "line1", "line2"?, "country"}`, replaced as a whole). What is left out stays as it is.
public enum ContactChangeRequest {
    static let addressKeys = ["postcode", "prefecture", "city", "line1", "line2", "country"]

    /// The change in `body`, or every problem with it by field (`address.postcode`, …).
    public static func parse(_ body: Data) throws(ServiceError) -> ContactChange {
        guard case .object(let root)? = try? RawJSON.parse(body) else { throw .invalid(["body": "must be a JSON object"]) }
        var problems = Problems()
        for key in root.keys where !["email", "phone", "address"].contains(key) { problems.add(key, "is not accepted") }
        let email = problems.check(root["email"], "email", "must be an email address", ContactRules.email)
        let phone = problems.check(root["phone"], "phone", "must be a phone number of 10 to 15 digits", ContactRules.phone)
        let address = root["address"].flatMap { problems.address($0) }
        if root["email"] == nil, root["phone"] == nil, root["address"] == nil, problems.byField.isEmpty {
            problems.add("body", "must change at least one of email, phone, address")
        }
        guard problems.byField.isEmpty else { throw .invalid(problems.byField) }
        return ContactChange(email: email, phone: phone, address: address)
    }

    private struct Problems {
        var byField: [String: String] = [:]

        mutating func add(_ field: String, _ reason: String) { byField[field] = reason }

        /// The value of a text member that `rule` accepts; a problem when it is not text, breaks the rule,
        /// or is missing and `required`.
        mutating func check(_ raw: RawJSON?, _ field: String, _ reason: String, required: Bool = false, _ rule: (String) -> String?) -> String? {
            switch raw {
            case .string(let text)?:
                if let value = rule(text) { return value }
                add(field, reason)
            case nil: if required { add(field, "is required") }
            case .null?: add(field, "cannot be removed")
            default: add(field, "must be text")
            }
            return nil
        }

        mutating func address(_ raw: RawJSON) -> Address? {
            guard case .object(let fields) = raw else {
                add("address", "must be an object")
                return nil
            }
            for key in fields.keys where !addressKeys.contains(key) { add("address.\(key)", "is not accepted") }
            let country = check(
                fields["country"],
                "address.country",
                "must be an ISO 3166-1 alpha-2 country code",
                required: true,
                ContactRules.country
            )
            let postcodeRule = country == "JP" ? "must be a Japanese postcode NNN-NNNN" : "must be 2 to 12 letters, digits, spaces or hyphens"
            let postcode = check(fields["postcode"], "address.postcode", postcodeRule, required: true) { text in
                guard let country else { return text }
                return ContactRules.postcode(text, country: country)
            }
            let line = "must be 1 to \(ContactRules.maximumLineLength) characters"
            let prefecture = check(fields["prefecture"], "address.prefecture", line, required: true, ContactRules.line)
            let city = check(fields["city"], "address.city", line, required: true, ContactRules.line)
            let line1 = check(fields["line1"], "address.line1", line, required: true, ContactRules.line)
            let line2 = check(fields["line2"], "address.line2", line, ContactRules.line)
            guard let country, let postcode, let prefecture, let city, let line1 else { return nil }
            return Address(postcode: postcode, prefecture: prefecture, city: city, line1: line1, line2: line2, country: country)
        }
    }
}
