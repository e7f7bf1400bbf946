/// The rules a contact detail a customer enters must meet. Each returns the value as it is stored
/// (trimmed, country and postcode normalised) or nil when it breaks the rule.
public enum ContactRules {
    public static let maximumLineLength = 100

    /// `local@domain.tld`: one `@`, no spaces or controls, a local part of at most 64 bytes, a domain of
    /// dot-separated letters, digits and hyphens ending in a label of two or more letters; 254 bytes at most.
    public static func email(_ text: String) -> String? {
        let trimmed = text.trimmed
        guard (3...254).contains(trimmed.utf8.count) else { return nil }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...64).contains(parts[0].utf8.count) else { return nil }
        let localAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-")
        guard parts[0].allSatisfy(localAllowed.contains), !parts[0].hasPrefix("."), !parts[0].hasSuffix("."), !parts[0].contains("..") else {
            return nil
        }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let top = labels.last, top.count >= 2, top.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        for label in labels {
            guard (1...63).contains(label.count), !label.hasPrefix("-"), !label.hasSuffix("-"),
                label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
            else { return nil }
        }
        return trimmed
    }

    /// 10 to 15 digits, optionally after a leading `+`, with spaces, hyphens or parentheses between
    /// (`090-1234-5678`, `+81 90 1234 5678`).
    public static func phone(_ text: String) -> String? {
        let trimmed = text.trimmed
        let body = trimmed.hasPrefix("+") ? trimmed.dropFirst() : Substring(trimmed)
        guard body.allSatisfy({ $0.isASCII && ($0.isNumber || " -()".contains($0)) }) else { return nil }
        let digits = body.filter(\.isNumber).count
        return (10...15).contains(digits) ? trimmed : nil
    }

    /// An assigned ISO 3166-1 alpha-2 code, in either case; answered in upper case.
    public static func country(_ text: String) -> String? {
        let code = text.trimmed.uppercased()
        return code.utf8.count == 2 && CountryCodes.isAssigned(code) ? code : nil
    }

    /// In Japan `NNN-NNNN`; elsewhere 2 to 12 letters, digits, spaces or hyphens (answered upper case).
    public static func postcode(_ text: String, country: String) -> String? {
        let trimmed = text.trimmed.uppercased()
        if country == "JP" {
            let bytes = Array(trimmed.utf8)
            let isDigit = { (byte: UInt8) in (0x30...0x39).contains(byte) }
            guard bytes.count == 8, bytes[3] == UInt8(ascii: "-"), bytes[..<3].allSatisfy(isDigit), bytes[4...].allSatisfy(isDigit) else {
                return nil
            }
            return trimmed
        }
        guard (2...12).contains(trimmed.count), trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || " -".contains($0)) }) else {
            return nil
        }
        return trimmed
    }

    /// A line of an address: 1 to `maximumLineLength` characters after trimming, no control characters.
    public static func line(_ text: String) -> String? {
        let trimmed = text.trimmed
        guard (1...maximumLineLength).contains(trimmed.count), !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return nil }
        return trimmed
    }
}
