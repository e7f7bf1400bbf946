/// A SOQL statement built from validated parts: field and object names must be identifiers, values are
/// `SOQLLiteral`s. The builders in this module are the only way the BFF writes SOQL.
public struct SOQLQuery: Sendable, Equatable {
    public enum Direction: String, Sendable {
        case ascending = "ASC"
        case descending = "DESC"
    }

    /// One comparison; conditions of a query are joined with AND.
    public struct Condition: Sendable, Equatable {
        let field: String
        let comparison: String
        let values: [SOQLLiteral]

        public static func equals(_ field: String, _ value: SOQLLiteral) -> Condition {
            Condition(field: field, comparison: "=", values: [value])
        }

        public static func isIn(_ field: String, _ values: [SOQLLiteral]) -> Condition {
            Condition(field: field, comparison: "IN", values: values)
        }

        var rendered: String {
            comparison == "IN"
                ? "\(field) IN (\(values.map(\.rendered).joined(separator: ", ")))"
                : "\(field) \(comparison) \(values[0].rendered)"
        }
    }

    let fields: [String]
    let subqueries: [SOQLQuery]
    let object: String
    let conditions: [Condition]
    let order: (field: String, direction: Direction)?
    let limit: Int?

    /// Nil when a name is not a SOQL identifier (`Name`, `Account.Name`, `Portal_Category__c`) or an IN list
    /// is empty.
    public init?(
        select fields: [String],
        subqueries: [SOQLQuery] = [],
        from object: String,
        where conditions: [Condition] = [],
        orderBy order: (String, Direction)? = nil,
        limit: Int? = nil
    ) {
        let names = fields + [object] + conditions.map(\.field) + (order.map { [$0.0] } ?? [])
        guard !fields.isEmpty, names.allSatisfy(Self.isIdentifier), conditions.allSatisfy({ !$0.values.isEmpty }),
            limit.map({ $0 > 0 }) ?? true
        else { return nil }
        self.fields = fields
        self.subqueries = subqueries
        self.object = object
        self.conditions = conditions
        self.order = order.map { (field: $0.0, direction: $0.1) }
        self.limit = limit
    }

    public var text: String {
        var text = "SELECT " + (fields + subqueries.map { "(\($0.text))" }).joined(separator: ", ") + " FROM \(object)"
        if !conditions.isEmpty { text += " WHERE " + conditions.map(\.rendered).joined(separator: " AND ") }
        if let order { text += " ORDER BY \(order.field) \(order.direction.rawValue)" }
        if let limit { text += " LIMIT \(limit)" }
        return text
    }

    /// Letters, digits and underscores, starting with a letter, in dot-separated parts.
    static func isIdentifier(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty
            && parts.allSatisfy { part in
                guard let first = part.unicodeScalars.first, first.isASCIILetter else { return false }
                return part.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "_" }
            }
    }

    public static func == (lhs: SOQLQuery, rhs: SOQLQuery) -> Bool { lhs.text == rhs.text }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
