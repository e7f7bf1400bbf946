import Domain

/// A value placed in a SOQL statement. Text is escaped, ids are validated by their type, dates are dates:
/// nothing a caller supplies can change the statement's structure.
public enum SOQLLiteral: Sendable, Equatable {
    case text(String)
    case id(SalesforceId)
    case integer(Int)
    case boolean(Bool)
    case date(LocalDate)
    case null

    /// The literal as SOQL text.
    public var rendered: String {
        switch self {
        case .text(let text): "'\(Self.escape(text))'"
        case .id(let id): "'\(id.value)'"
        case .integer(let value): String(value)
        case .boolean(let value): value ? "true" : "false"
        case .date(let date): date.description
        case .null: "null"
        }
    }

    /// Salesforce's escapes for a quoted string literal.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "'": escaped += "\\'"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "\u{8}": escaped += "\\b"
            case "\u{C}": escaped += "\\f"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
