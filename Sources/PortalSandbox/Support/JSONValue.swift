/// A JSON document a simulator writes, with the provider's own encoding style.
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// A number, written as this literal text.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Fields in the order they are written.
    case object([(String, JSONValue)])

    static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    enum Style {
        /// PHP's `json_encode` defaults, as WHMCS answers: non-ASCII as `\uXXXX` (surrogate pairs beyond the
        /// BMP) and `/` as `\/`.
        case php
        /// Plain UTF-8, as Salesforce and Freebit answer.
        case utf8
    }

    func encoded(_ style: Style) -> String {
        var output = ""
        write(into: &output, style: style)
        return output
    }

    private func write(into output: inout String, style: Style) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let literal): output += literal
        case .string(let text): Self.writeString(text, into: &output, style: style)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.write(into: &output, style: style)
            }
            output += "]"
        case .object(let fields):
            output += "{"
            for (index, (key, value)) in fields.enumerated() {
                if index > 0 { output += "," }
                Self.writeString(key, into: &output, style: style)
                output += ":"
                value.write(into: &output, style: style)
            }
            output += "}"
        }
    }

    private static func writeString(_ text: String, into output: inout String, style: Style) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "/" where style == .php: output += "\\/"
            case _ where scalar.value < 0x20: output += unicodeEscape(UInt16(scalar.value))
            case _ where scalar.value > 0x7E && style == .php:
                for unit in String(scalar).utf16 { output += unicodeEscape(unit) }
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    private static func unicodeEscape(_ unit: UInt16) -> String {
        let hex = String(unit, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
