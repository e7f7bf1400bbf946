import Domain
import Foundation

/// Reads the JSON body of a create or update: known fields the operation may write, with values of their
/// type. Refusals are Salesforce's: `INVALID_FIELD`, `INVALID_FIELD_FOR_INSERT_UPDATE`, `MALFORMED_ID`,
/// `JSON_PARSER_ERROR`.
enum SalesforceRecordInput {
    static func fields(_ body: Data, object: SObjectType, creating: Bool) throws(SalesforceFailure) -> [String: SalesforceValue] {
        guard case .object(let members)? = try? RawJSON.parse(body) else {
            throw SalesforceFailure("JSON_PARSER_ERROR", "The request body must be a JSON object describing a \(object.name) record.")
        }
        return try fields(members, object: object, creating: creating)
    }

    /// The fields of one record's members (`attributes` aside).
    static func fields(_ members: [String: RawJSON], object: SObjectType, creating: Bool) throws(SalesforceFailure) -> [String: SalesforceValue] {
        var fields: [String: SalesforceValue] = [:]
        for (name, raw) in members.sorted(by: { $0.key < $1.key }) where name != "attributes" {
            guard let field = object.field(name) else {
                throw SalesforceFailure("INVALID_FIELD", "No such column '\(name)' on sobject of type \(object.name)")
            }
            let writable =
                switch field.access {
                case .readOnly: false
                case .create: creating
                case .createAndUpdate: true
                }
            guard writable else {
                throw SalesforceFailure(
                    "INVALID_FIELD_FOR_INSERT_UPDATE",
                    """
                    Unable to create/update fields: \(field.name). Please check the security settings of this field and verify that it \
                    is read/write for your profile or permission set.
                    """,
                    fields: [field.name]
                )
            }
            fields[field.name] = try value(raw, for: field)
        }
        return fields
    }

    private static func value(_ raw: RawJSON, for field: SObjectField) throws(SalesforceFailure) -> SalesforceValue {
        func unreadable(_ type: String) -> SalesforceFailure {
            SalesforceFailure("JSON_PARSER_ERROR", "Cannot deserialize instance of \(type) from \(raw.typeName) value for field \(field.name)")
        }
        switch (field.kind, raw) {
        case (_, .null): return .null
        case (.id, .string(let text)), (.reference, .string(let text)):
            guard let id = SalesforceId(text) else {
                throw SalesforceFailure("MALFORMED_ID", "\(field.name): id value of incorrect type: \(text)", fields: [field.name])
            }
            return .text(id.value)
        case (.id, _), (.reference, _): throw unreadable("reference")
        case (.text, .string(let text)): return .text(text)
        case (.text, _): throw unreadable("string")
        case (.number, .number(let text)), (.number, .string(let text)):
            guard ExactDecimal(text) != nil, let number = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw unreadable("double")
            }
            return .number(number)
        case (.number, _): throw unreadable("double")
        case (.boolean, .bool(let flag)): return .boolean(flag)
        case (.boolean, _): throw unreadable("boolean")
        case (.date, .string(let text)):
            guard let date = LocalDate(text) else { throw unreadable("date") }
            return .date(date)
        case (.date, _), (.dateTime, _): throw unreadable("date")
        }
    }
}
