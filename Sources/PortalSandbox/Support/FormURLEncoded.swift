/// The server side of `application/x-www-form-urlencoded`: the parser of the WHATWG URL Standard
/// (https://url.spec.whatwg.org/#urlencoded-parsing), written for the sandbox on its own so that it
/// never shares a bug with the clients' encoder. It never fails: invalid percent sequences stay as they
/// are, bytes that are not UTF-8 become U+FFFD.
enum FormURLEncoded {
    /// The name-value pairs of a form body (or a URL query), in order, duplicates kept.
    static func parse(_ input: some Sequence<UInt8>) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        for sequence in Array(input).split(separator: ampersand, omittingEmptySubsequences: true) {
            let name: ArraySlice<UInt8>
            let value: ArraySlice<UInt8>
            if let equals = sequence.firstIndex(of: equalsSign) {
                name = sequence[..<equals]
                value = sequence[(equals + 1)...]
            } else {
                name = sequence
                value = []
            }
            pairs.append((decode(name), decode(value)))
        }
        return pairs
    }

    static func parse(_ input: String) -> [(name: String, value: String)] {
        parse(input.utf8)
    }

    /// `+` to space, then percent-decoding, then UTF-8 decoding without BOM handling.
    private static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == percentSign, index + 2 < bytes.endIndex, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(byte == plusSign ? space : byte)
                index += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static let ampersand = UInt8(ascii: "&")
    private static let equalsSign = UInt8(ascii: "=")
    private static let percentSign = UInt8(ascii: "%")
    private static let plusSign = UInt8(ascii: "+")
    private static let space = UInt8(ascii: " ")
}
