/// One decoded Avro datum.
///
/// A union's value keeps the index of its branch (`union(branch:value:)`), so that encoding it again picks
/// the same branch; the accessors below look through unions. A `fixed` value is `bytes` of the fixed size.
/// Records and maps keep the order of their entries (the order in which they are encoded).
public enum AvroValue: Sendable, Hashable {
    case null
    case boolean(Bool)
    case int(Int32)
    case long(Int64)
    case float(Float)
    case double(Double)
    case bytes([UInt8])
    case string(String)
    case array([AvroValue])
    case map([Entry])
    /// The fields of a record in the schema's order.
    case record([Field])
    case enumeration(symbol: String, index: Int)
    indirect case union(branch: Int, value: AvroValue)

    public struct Field: Sendable, Hashable {
        public let name: String
        public let value: AvroValue

        public init(_ name: String, _ value: AvroValue) {
            self.name = name
            self.value = value
        }
    }

    public struct Entry: Sendable, Hashable {
        public let key: String
        public let value: AvroValue

        public init(_ key: String, _ value: AvroValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value with any union wrapping removed.
    public var unwrapped: AvroValue {
        if case .union(_, let value) = self { value.unwrapped } else { self }
    }

    /// A short name of the value's kind, for error details.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .boolean: "boolean"
        case .int: "int"
        case .long: "long"
        case .float: "float"
        case .double: "double"
        case .bytes: "bytes"
        case .string: "string"
        case .array: "array"
        case .map: "map"
        case .record: "record"
        case .enumeration: "enum"
        case .union(_, let value): value.kindName
        }
    }

    public var isNull: Bool { unwrapped == .null }

    public var bool: Bool? {
        if case .boolean(let flag) = unwrapped { flag } else { nil }
    }

    public var int32: Int32? {
        if case .int(let number) = unwrapped { number } else { nil }
    }

    /// A `long`, or an `int` widened.
    public var int64: Int64? {
        switch unwrapped {
        case .long(let number): number
        case .int(let number): Int64(number)
        default: nil
        }
    }

    /// A `double`, or a `float` widened.
    public var double: Double? {
        switch unwrapped {
        case .double(let number): number
        case .float(let number): Double(number)
        default: nil
        }
    }

    public var string: String? {
        if case .string(let text) = unwrapped { text } else { nil }
    }

    public var bytes: [UInt8]? {
        if case .bytes(let bytes) = unwrapped { bytes } else { nil }
    }

    public var array: [AvroValue]? {
        if case .array(let elements) = unwrapped { elements } else { nil }
    }

    /// An enum's symbol.
    public var symbol: String? {
        if case .enumeration(let symbol, _) = unwrapped { symbol } else { nil }
    }

    public var fields: [Field]? {
        if case .record(let fields) = unwrapped { fields } else { nil }
    }

    public var entries: [Entry]? {
        if case .map(let entries) = unwrapped { entries } else { nil }
    }

    /// A record's field by name, or a map's value by key (the last entry with it); nil for anything else.
    public subscript(_ name: String) -> AvroValue? {
        switch unwrapped {
        case .record(let fields): fields.first { $0.name == name }?.value
        case .map(let entries): entries.last { $0.key == name }?.value
        default: nil
        }
    }
}
