import Domain
import Foundation

/// The body of `POST /api/orders`: `{"items": [{"productId": "01t…", "quantity": 1, "billingCycle": "monthly"}]}`.
/// Products and prices come from the catalog; a body that tries to set anything else (a price, a name)
/// is refused, naming the field.
public struct PlaceOrderRequest: Encodable, Sendable, Equatable {
    public struct Item: Encodable, Sendable, Equatable {
        public let productId: SalesforceId
        public let quantity: Int
        public let billingCycle: BillingCycle?
    }

    static let maximumItems = 20
    static let quantities = 1...99

    public let items: [Item]

    public static func parse(_ body: Data) throws(ServiceError) -> PlaceOrderRequest {
        guard case .object(let root)? = try? RawJSON.parse(body) else { throw .invalid(["body": "must be a JSON object"]) }
        var problems: [String: String] = [:]
        for key in root.keys where key != "items" { problems[key] = "is not accepted" }
        guard case .array(let rawItems)? = root["items"], (1...maximumItems).contains(rawItems.count) else {
            problems["items"] = "must be a list of 1 to \(maximumItems) items"
            throw .invalid(problems)
        }
        var items: [Item] = []
        for (index, raw) in rawItems.enumerated() {
            let path = "items[\(index)]"
            guard case .object(let object) = raw else {
                problems[path] = "must be an object"
                continue
            }
            for key in object.keys where !["productId", "quantity", "billingCycle"].contains(key) {
                problems["\(path).\(key)"] = key.lowercased().contains("price") ? "is not accepted: prices come from the catalog" : "is not accepted"
            }
            let productId: SalesforceId? = if case .string(let text)? = object["productId"] { SalesforceId(text) } else { nil }
            if productId == nil { problems["\(path).productId"] = "must be a catalog product id" }
            let quantity = Self.wholeNumber(object["quantity"] ?? .number("1"))
            if quantity.map(quantities.contains) != true { problems["\(path).quantity"] = "must be a whole number from 1 to 99" }
            var cycle: BillingCycle?
            if let text = object["billingCycle"] {
                cycle = if case .string(let name) = text { BillingCycle(name: name) } else { nil }
                if cycle == nil || cycle.map({ if case .unknown = $0 { true } else { false } }) == true {
                    problems["\(path).billingCycle"] = "must be one of \(BillingCycle.knownCases.map(\.name).joined(separator: ", "))"
                }
            }
            if let productId, let quantity { items.append(Item(productId: productId, quantity: quantity, billingCycle: cycle)) }
        }
        guard problems.isEmpty else { throw .invalid(problems) }
        return PlaceOrderRequest(items: items)
    }

    /// A JSON number that is a small whole number (`2`, not `2.5`, `true` or `"2"`).
    private static func wholeNumber(_ value: RawJSON) -> Int? {
        guard case .number(let literal) = value, literal.utf8.count <= 9 else { return nil }
        return Int(literal)
    }
}
