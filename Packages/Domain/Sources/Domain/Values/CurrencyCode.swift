/// An ISO 4217 alphabetic currency code with the number of minor-unit digits the standard assigns it.
public struct CurrencyCode: Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: String

    /// Codes whose minor unit is not the usual two digits (ISO 4217 list, current edition).
    private static let exceptionalMinorDigits: [String: Int] = [
        "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
        "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
        "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
        "CLF": 4, "UYW": 4,
    ]

    public static let jpy = CurrencyCode(validated: "JPY")

    /// Accepts three ASCII letters in either case; stores them upper-case.
    public init?(_ text: some StringProtocol) {
        let upper = text.uppercased()
        guard upper.utf8.count == 3, upper.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            return nil
        }
        code = upper
    }

    private init(validated code: String) {
        self.code = code
    }

    public var minorDigits: Int { Self.exceptionalMinorDigits[code] ?? 2 }

    public var description: String { code }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let code = CurrencyCode(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a currency code: \(text)")
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
