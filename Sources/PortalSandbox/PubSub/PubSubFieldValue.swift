/// A field value of a Platform Event to publish, as a Flow would set it: what a JSON body can hold.
public enum PubSubFieldValue: Sendable, Hashable, Decodable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Int64.self) {
            self = .integer(number)
        } else if let number = try? container.decode(Double.self) {
            self = .double(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }
}

/// Why an event to publish was refused.
public enum PubSubPublishRefusal: Error, Sendable, Equatable {
    /// No topic `/event/{name}` exists.
    case unknownEvent(String)
    /// The event's schema has no such field.
    case unknownField(String)
    /// The value does not fit the field's type (`expected` names the Avro type).
    case wrongType(field: String, expected: String)
    /// A field that is neither optional nor filled in by the simulator has no value.
    case missingField(String)
}
