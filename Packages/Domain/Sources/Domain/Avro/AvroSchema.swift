/// An Avro schema (Avro 1.11 specification), as far as decoding and encoding binary data needs it.
///
/// A reference to a named type is resolved when the schema is parsed, so a schema is a self-contained tree.
/// Recursive named types are refused; `logicalType` attributes are ignored, leaving the underlying type;
/// defaults, aliases, `doc` and `order` are not kept.
public enum AvroSchema: Sendable, Hashable {
    case null
    case boolean
    case int
    case long
    case float
    case double
    case bytes
    case string
    case record(Record)
    case enumeration(Enumeration)
    indirect case array(items: AvroSchema)
    indirect case map(values: AvroSchema)
    /// The branches, in the order their indexes on the wire count them.
    case union([AvroSchema])
    case fixed(Fixed)

    /// A name with the namespace it was declared in (nil for the null namespace).
    public struct Name: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        public let namespace: String?

        public init(name: String, namespace: String?) {
            self.name = name
            self.namespace = namespace
        }

        /// `namespace.name`, or `name` in the null namespace.
        public var fullName: String { namespace.map { "\($0).\(name)" } ?? name }

        public var description: String { fullName }
    }

    public struct Record: Sendable, Hashable {
        public struct Field: Sendable, Hashable {
            public let name: String
            public let type: AvroSchema

            public init(name: String, type: AvroSchema) {
                self.name = name
                self.type = type
            }
        }

        public let name: Name
        public let fields: [Field]

        public init(name: Name, fields: [Field]) {
            self.name = name
            self.fields = fields
        }
    }

    public struct Enumeration: Sendable, Hashable {
        public let name: Name
        public let symbols: [String]

        public init(name: Name, symbols: [String]) {
            self.name = name
            self.symbols = symbols
        }
    }

    public struct Fixed: Sendable, Hashable {
        public let name: Name
        public let size: Int

        public init(name: Name, size: Int) {
            self.name = name
            self.size = size
        }
    }

    /// The type's name as the specification spells it: a primitive's name, `record`, `enum`, `array`,
    /// `map`, `union` or `fixed`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .boolean: "boolean"
        case .int: "int"
        case .long: "long"
        case .float: "float"
        case .double: "double"
        case .bytes: "bytes"
        case .string: "string"
        case .record: "record"
        case .enumeration: "enum"
        case .array: "array"
        case .map: "map"
        case .union: "union"
        case .fixed: "fixed"
        }
    }

    /// The full name of a record, enum or fixed; nil for the other types.
    public var name: Name? {
        switch self {
        case .record(let record): record.name
        case .enumeration(let enumeration): enumeration.name
        case .fixed(let fixed): fixed.name
        default: nil
        }
    }
}
