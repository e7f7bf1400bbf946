/// A parsed JSON document as a provider sent it.
///
/// Numbers keep their literal text so that money and quantities stay exact: a payload's
/// `1.0816E7` or `"1200.00"` never passes through a binary floating-point value.
public enum RawJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([RawJSON])
    case object([String: RawJSON])

    /// A short name of the value's JSON type, for error details.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
