import Foundation

/// What WHMCS mappers need to know that a WHMCS payload does not say.
public struct WhmcsMappingContext: Sendable {
    /// The WHMCS instance (brand) the payload came from.
    public var instance: String
    /// The currency of amounts whose payload names none (GetInvoice, GetClientsProducts).
    public var defaultCurrency: CurrencyCode
    /// Which service custom fields hold the SIM's identifiers.
    public var simFields: SimFieldNames
    /// The WHMCS server's zone, in which its date-times (`2024-01-15 10:30:00`) are written.
    public var timeZone: TimeZone

    public init(
        instance: String = "default",
        defaultCurrency: CurrencyCode = .jpy,
        simFields: SimFieldNames = SimFieldNames(),
        timeZone: TimeZone = .japan
    ) {
        self.instance = instance
        self.defaultCurrency = defaultCurrency
        self.simFields = simFields
        self.timeZone = timeZone
    }
}

/// The names of the WHMCS service custom fields that hold a SIM's ICCID and line number.
public struct SimFieldNames: Sendable, Hashable {
    public var iccid: String
    public var account: String

    public init(iccid: String = "ICCID", account: String = "MSISDN") {
        self.iccid = iccid
        self.account = account
    }
}

extension TimeZone {
    /// Japan Standard Time (no daylight saving), available even where the zone database is not.
    public static let japan: TimeZone = TimeZone(identifier: "Asia/Tokyo") ?? TimeZone(secondsFromGMT: 9 * 3600) ?? .gmt
}
