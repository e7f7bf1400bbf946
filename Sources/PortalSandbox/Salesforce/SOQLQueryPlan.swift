import Domain

/// A `SOQLStatement` resolved against the schema: objects, fields and lookups named by their canonical names,
/// literals checked against their fields' types. Resolution fails the way Salesforce does: `INVALID_TYPE`
/// for an unknown object or child relationship, `INVALID_FIELD` for an unknown field or lookup,
/// `INVALID_QUERY_FILTER_OPERATOR` for a literal of the wrong type.
struct SOQLQueryPlan: Sendable {
    struct Hop: Sendable {
        /// The lookup's relationship name (`Account`).
        let name: String
        /// Its reference field (`AccountId`).
        let field: SObjectField
        let object: SObjectType
    }

    /// A field, possibly through lookups: `Product2.Name`.
    struct Path: Sendable {
        let hops: [Hop]
        let field: SObjectField

        var droppingFirstHop: Path { Path(hops: Array(hops.dropFirst()), field: field) }
        var key: String { (hops.map(\.name) + [field.name]).joined(separator: ".").lowercased() }
    }

    enum Column: Sendable {
        case field(Path)
        case child(SObjectType.Child, SOQLQueryPlan)
    }

    struct Filter: Sendable {
        let path: Path
        let values: [SalesforceValue]
    }

    let object: SObjectType
    let columns: [Column]
    let filters: [Filter]
    let order: (path: Path, descending: Bool)?
    let limit: Int?

    static func resolve(_ statement: SOQLStatement, soql: String) throws(SalesforceFailure) -> SOQLQueryPlan {
        guard let object = SalesforceSchema.object(statement.object.text) else {
            throw .query(
                "INVALID_TYPE",
                soql,
                column: statement.object.column,
                """
                sObject type '\(statement.object.text)' is not supported. If you are attempting to use a custom object, be sure to \
                append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.
                """
            )
        }
        return try resolve(statement, object: object, soql: soql)
    }

    private static func resolve(_ statement: SOQLStatement, object: SObjectType, soql: String) throws(SalesforceFailure) -> SOQLQueryPlan {
        var columns: [Column] = []
        var selected: Set<String> = []
        for item in statement.items {
            switch item {
            case .field(let name):
                let path = try path(name, from: object, soql: soql)
                guard selected.insert(path.key).inserted else {
                    throw .query("MALFORMED_QUERY", soql, column: name.column, "duplicate field selected: \(name.text)")
                }
                columns.append(.field(path))
            case .subquery(let subquery):
                guard let child = object.child(subquery.object.text), let childObject = SalesforceSchema.object(child.object) else {
                    throw .query(
                        "INVALID_TYPE",
                        soql,
                        column: subquery.object.column,
                        """
                        Didn't understand relationship '\(subquery.object.text)' in FROM part of query call. If you are attempting to use a \
                        custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or \
                        the describe call for the appropriate names.
                        """
                    )
                }
                guard selected.insert(child.name.lowercased()).inserted else {
                    throw .query("MALFORMED_QUERY", soql, column: subquery.object.column, "duplicate field selected: \(child.name)")
                }
                columns.append(.child(child, try resolve(subquery, object: childObject, soql: soql)))
            }
        }
        var filters: [Filter] = []
        for condition in statement.conditions {
            let path = try path(condition.field, from: object, soql: soql)
            var values: [SalesforceValue] = []
            for (literal, column) in condition.values {
                values.append(try value(literal, for: path.field, soql: soql, column: column))
            }
            filters.append(Filter(path: path, values: values))
        }
        var order: (path: Path, descending: Bool)?
        if let ordering = statement.order {
            order = (try path(ordering.field, from: object, soql: soql), ordering.descending)
        }
        return SOQLQueryPlan(object: object, columns: columns, filters: filters, order: order, limit: statement.limit)
    }

    private static func path(_ name: SOQLStatement.Name, from object: SObjectType, soql: String) throws(SalesforceFailure) -> Path {
        let parts = name.text.split(separator: ".")
        var current = object
        var hops: [Hop] = []
        for part in parts.dropLast() {
            guard let (relationship, field) = current.parent(part), case .reference(let target) = field.kind,
                let next = SalesforceSchema.object(target)
            else {
                throw .query(
                    "INVALID_FIELD",
                    soql,
                    column: name.column,
                    """
                    Didn't understand relationship '\(part)' in field path. If you are attempting to use a custom relationship, be sure \
                    to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the \
                    appropriate names.
                    """
                )
            }
            hops.append(Hop(name: relationship, field: field, object: next))
            current = next
        }
        guard let last = parts.last, let field = current.field(last) else {
            throw .query(
                "INVALID_FIELD",
                soql,
                column: name.column,
                """
                No such column '\(parts.last ?? "")' on entity '\(current.name)'. If you are attempting to use a custom field, be sure \
                to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.
                """
            )
        }
        return Path(hops: hops, field: field)
    }

    /// The literal as a value of the field's type; ids in their 18-character form.
    private static func value(
        _ literal: SOQLStatement.Literal,
        for field: SObjectField,
        soql: String,
        column: Int
    ) throws(SalesforceFailure) -> SalesforceValue {
        func mismatch(_ type: String, quoted: Bool) -> SalesforceFailure {
            let quotes = quoted ? "should be enclosed in quotes" : "should not be enclosed in quotes"
            return .query(
                "INVALID_QUERY_FILTER_OPERATOR",
                soql,
                column: column,
                "value of filter criterion for field '\(field.name)' must be of type \(type) and \(quotes)"
            )
        }
        switch (field.kind, literal) {
        case (_, .null): return .null
        case (.id, .text(let text)), (.reference, .text(let text)):
            guard let id = SalesforceId(text) else {
                throw .query("INVALID_QUERY_FILTER_OPERATOR", soql, column: column, "invalid ID field: \(text)")
            }
            return .text(id.value)
        case (.id, _), (.reference, _): throw mismatch("id", quoted: true)
        case (.text, .text(let text)): return .text(text)
        case (.text, _): throw mismatch("string", quoted: true)
        case (.number, .number(let number)): return .number(number)
        case (.number, _): throw mismatch("double", quoted: false)
        case (.boolean, .boolean(let flag)): return .boolean(flag)
        case (.boolean, _): throw mismatch("boolean", quoted: false)
        case (.date, .date(let date)): return .date(date)
        case (.date, _): throw mismatch("date", quoted: false)
        case (.dateTime, _): throw mismatch("dateTime", quoted: false)
        }
    }
}
