/// Undoes the HTML escaping WHMCS applies to every request variable before storing it (PHP's
/// `htmlspecialchars` with `ENT_QUOTES`), so its free text reads as it was typed.
///
/// Decoded: the escapes `htmlspecialchars` writes (`&amp;` `&lt;` `&gt;` `&quot;` `&#039;`), `&apos;`, and
/// decimal or hexadecimal references to a printable character (`&#39;`, `&#x27;`). Anything else stays as
/// it is: unknown names, a missing `;`, a reference to no character or to a control character. One pass:
/// what a reference decodes to is not read again, so text typed as `&amp;` (stored `&amp;amp;`) reads `&amp;`.
enum HTMLEntities {
    private static let named: [String: Unicode.Scalar] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]
    /// Long enough for `&#x10FFFF;` and `&#0001114111;`; a longer run is not a reference.
    private static let longestBody = 12

    static func decoded(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "&", let (decoded, length) = reference(in: scalars, at: index) {
                result.append(decoded)
                index += length
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return String(result)
    }

    /// The character a reference starting at `start` (its `&`) stands for, and the reference's length.
    private static func reference(in scalars: [Unicode.Scalar], at start: Int) -> (Unicode.Scalar, Int)? {
        let bodyStart = start + 1
        let limit = min(scalars.count, bodyStart + longestBody + 1)
        guard let end = (bodyStart..<limit).first(where: { scalars[$0] == ";" }), end > bodyStart else { return nil }
        let body = String(String.UnicodeScalarView(scalars[bodyStart..<end]))
        let decoded = body.hasPrefix("#") ? numeric(body.dropFirst()) : named[body]
        return decoded.map { ($0, end - start + 1) }
    }

    private static func numeric(_ digits: Substring) -> Unicode.Scalar? {
        let isHex = digits.first == "x" || digits.first == "X"
        let number = isHex ? digits.dropFirst() : digits
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && (isHex ? $0.isHexDigit : $0.isNumber) }),
            let value = UInt32(number, radix: isHex ? 16 : 10), let scalar = Unicode.Scalar(value)
        else { return nil }
        let isControl = scalar.properties.generalCategory == .control && !["\t", "\n", "\r"].contains(scalar)
        return isControl || value == 0 ? nil : scalar
    }
}
