/// An exact amount of money in one currency, held in the currency's minor units.
///
/// Encoded as `{"amount": "12.50", "currency": "USD"}` with exactly the currency's minor digits.
public struct Money: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Failure: Error, Equatable {
        case tooPrecise
        case tooLarge
    }

    public let minorUnits: Int64
    public let currency: CurrencyCode

    public init(minorUnits: Int64, currency: CurrencyCode) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Refuses amounts with non-zero digits below the currency's minor unit (`"1200.50"` yen) instead of
    /// rounding them away.
    public init(_ amount: ExactDecimal, currency: CurrencyCode) throws(Failure) {
        guard let minorUnits = amount.scaledInteger(scale: currency.minorDigits) else {
            throw amount.exponent + currency.minorDigits < 0 ? .tooPrecise : .tooLarge
        }
        self.init(minorUnits: minorUnits, currency: currency)
    }

    public static func zero(_ currency: CurrencyCode) -> Money { Money(minorUnits: 0, currency: currency) }

    /// The sum, or nil when the currencies differ or the sum overflows.
    public func adding(_ other: Money) -> Money? {
        guard currency == other.currency else { return nil }
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        return overflow ? nil : Money(minorUnits: sum, currency: currency)
    }

    public var amount: String {
        let digits = currency.minorDigits
        let magnitude = String(minorUnits.magnitude)
        let sign = minorUnits < 0 ? "-" : ""
        guard digits > 0 else { return sign + magnitude }
        let padded = String(repeating: "0", count: max(0, digits + 1 - magnitude.count)) + magnitude
        let split = padded.index(padded.endIndex, offsetBy: -digits)
        return sign + padded[..<split] + "." + padded[split...]
    }

    public var description: String { "\(amount) \(currency)" }

    private enum CodingKeys: String, CodingKey {
        case amount
        case currency
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let currency = try container.decode(CurrencyCode.self, forKey: .currency)
        let text = try container.decode(String.self, forKey: .amount)
        guard let decimal = ExactDecimal(text), let money = try? Money(decimal, currency: currency) else {
            throw DecodingError.dataCorruptedError(
                forKey: .amount,
                in: container,
                debugDescription: "not an amount of \(currency): \(text)"
            )
        }
        self = money
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(amount, forKey: .amount)
        try container.encode(currency, forKey: .currency)
    }
}
