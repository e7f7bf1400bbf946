import Domain
import Foundation

/// Turns a Flow's field values into an event payload written with the topic's current schema, filling
/// `CreatedDate` (epoch milliseconds) and `CreatedById` (the integration user) when absent, as Salesforce does.
struct PubSubEventEncoder {
    let schema: PubSubSchema
    let now: Date
    let createdById: String

    func payload(_ values: [String: PubSubFieldValue]) throws(PubSubPublishRefusal) -> [UInt8] {
        let names = Set(schema.fields.map(\.name))
        if let unknown = values.keys.sorted().first(where: { !names.contains($0) }) { throw .unknownField(unknown) }
        var filled = values
        if filled["CreatedDate"] == nil { filled["CreatedDate"] = .integer(Int64((now.timeIntervalSince1970 * 1000).rounded(.down))) }
        if filled["CreatedById"] == nil { filled["CreatedById"] = .string(createdById) }
        var fields: [AvroValue.Field] = []
        for field in schema.fields {
            fields.append(AvroValue.Field(field.name, try Self.value(filled[field.name], as: field.type, field: field.name)))
        }
        do {
            return try AvroEncoder(schema: schema.avro).encode(.record(fields))
        } catch {
            throw .wrongType(field: error.path, expected: error.detail)
        }
    }

    private static func value(_ given: PubSubFieldValue?, as type: AvroSchema, field: String) throws(PubSubPublishRefusal) -> AvroValue {
        guard let given else {
            if case .union(let branches) = type, let null = branches.firstIndex(of: .null) { return .union(branch: null, value: .null) }
            throw .missingField(field)
        }
        if case .union(let branches) = type {
            for (index, branch) in branches.enumerated() {
                if let value = plain(given, as: branch) { return .union(branch: index, value: value) }
            }
            throw .wrongType(field: field, expected: branches.map(\.typeName).joined(separator: "|"))
        }
        guard let value = plain(given, as: type) else { throw .wrongType(field: field, expected: type.typeName) }
        return value
    }

    private static func plain(_ given: PubSubFieldValue, as type: AvroSchema) -> AvroValue? {
        switch (type, given) {
        case (.null, .null): .null
        case (.boolean, .bool(let flag)): .boolean(flag)
        case (.int, .integer(let number)): Int32(exactly: number).map(AvroValue.int)
        case (.long, .integer(let number)): .long(number)
        case (.float, .integer(let number)): .float(Float(number))
        case (.float, .double(let number)): .float(Float(number))
        case (.double, .integer(let number)): .double(Double(number))
        case (.double, .double(let number)): .double(number)
        case (.string, .string(let text)): .string(text)
        default: nil
        }
    }
}
