/// An exact decimal number: `coefficient × 10^exponent`, normalised so the coefficient has no trailing zeros.
///
/// Encoded as its shortest plain decimal text (`"2"`, `"2.5"`, `"-0.125"`), never in scientific notation.
public struct ExactDecimal: Sendable, Hashable, Codable, CustomStringConvertible, TextCodable {
    public let coefficient: Int64
    public let exponent: Int

    /// Exponents beyond this are refused: no amount or quantity in the portal comes close.
    static let exponentLimit = 30

    public init(coefficient: Int64, exponent: Int) {
        var coefficient = coefficient
        var exponent = exponent
        while coefficient != 0, coefficient % 10 == 0 {
            coefficient /= 10
            exponent += 1
        }
        self.coefficient = coefficient
        self.exponent = coefficient == 0 ? 0 : exponent
    }

    /// Parses JSON number syntax, also with a leading `+` and without a leading digit (`".5"`), as providers
    /// send numbers inside strings. Returns nil for anything else, or when the significant digits (leading and
    /// trailing zeros aside) do not fit a 64-bit integer.
    public init?(_ text: some StringProtocol) {
        var utf8 = Substring(text).utf8[...]
        var negative = false
        if let sign = utf8.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        var magnitude: UInt64 = 0
        var pendingZeros = 0
        var fractionDigits = 0
        var sawDigit = false
        var sawPoint = false
        while let byte = utf8.first {
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                sawDigit = true
                if sawPoint { fractionDigits += 1 }
                let digit = UInt64(byte - UInt8(ascii: "0"))
                if digit == 0 {
                    if magnitude != 0 { pendingZeros += 1 }
                } else {
                    guard let shifted = Self.appending(digit, to: magnitude, afterZeros: pendingZeros) else { return nil }
                    magnitude = shifted
                    pendingZeros = 0
                }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            utf8 = utf8.dropFirst()
        }
        guard sawDigit else { return nil }
        var exponent = 0
        if let marker = utf8.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            utf8 = utf8.dropFirst()
            guard let parsed = Self.exponent(&utf8) else { return nil }
            exponent = parsed
        }
        guard utf8.isEmpty else { return nil }
        guard let coefficient = Self.signed(magnitude, negative: negative) else { return nil }
        let value = ExactDecimal(coefficient: coefficient, exponent: exponent - fractionDigits + pendingZeros)
        guard abs(value.exponent) <= Self.exponentLimit else { return nil }
        self = value
    }

    /// `magnitude` followed by `zeros` zeros and then `digit`, or nil past `UInt64`.
    private static func appending(_ digit: UInt64, to magnitude: UInt64, afterZeros zeros: Int) -> UInt64? {
        var result = magnitude
        for _ in 0...zeros {
            let (product, overflow) = result.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            result = product
        }
        let (sum, overflow) = result.addingReportingOverflow(digit)
        return overflow ? nil : sum
    }

    private static func signed(_ magnitude: UInt64, negative: Bool) -> Int64? {
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    private static func exponent(_ utf8: inout Substring.UTF8View.SubSequence) -> Int? {
        var negative = false
        if let sign = utf8.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        var value = 0
        var sawDigit = false
        while let byte = utf8.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            sawDigit = true
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            guard value <= 1000 else { return nil }
            utf8 = utf8.dropFirst()
        }
        return sawDigit ? (negative ? -value : value) : nil
    }

    public init(_ integer: Int) {
        self.init(coefficient: Int64(integer), exponent: 0)
    }

    public var isZero: Bool { coefficient == 0 }

    /// The value scaled to `10^-scale` units (`12.5` at scale 2 is 1250), or nil when that would drop
    /// non-zero digits or overflow.
    public func scaledInteger(scale: Int) -> Int64? {
        let shift = exponent + scale
        if shift >= 0 {
            var result = coefficient
            for _ in 0..<shift {
                let (product, overflow) = result.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                result = product
            }
            return result
        }
        var result = coefficient
        for _ in 0..<(-shift) {
            guard result % 10 == 0 else { return nil }
            result /= 10
        }
        return result
    }

    public var description: String {
        let magnitude = String(coefficient.magnitude)
        let sign = coefficient < 0 ? "-" : ""
        if exponent >= 0 { return sign + magnitude + String(repeating: "0", count: exponent) }
        let fractionLength = -exponent
        if magnitude.count > fractionLength {
            let split = magnitude.index(magnitude.endIndex, offsetBy: -fractionLength)
            return sign + magnitude[..<split] + "." + magnitude[split...]
        }
        return sign + "0." + String(repeating: "0", count: fractionLength - magnitude.count) + magnitude
    }

    static let expectedText = "an exact decimal"

    init?(encodedText text: String) {
        self.init(text)
    }
}
