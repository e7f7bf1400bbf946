/// A closed set of values read from a provider's free-text field, with an `unknown` fallback that keeps
/// the raw text for logs. Encoded as the case name; every unknown value encodes as `"unknown"`.
public protocol ProviderEnum: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Every case but `unknown`.
    static var knownCases: [Self] { get }
    /// The encoded name of this value (`"unknown"` for the fallback).
    var name: String { get }
    /// The fallback for a value outside `knownCases`.
    static func unknown(_ raw: String) -> Self
}

extension ProviderEnum {
    public var description: String { name }

    /// The case with this name, or `unknown(name)`.
    public init(name: String) {
        self = Self.knownCases.first { $0.name == name } ?? .unknown(name)
    }

    /// Matches provider spellings loosely: case, spaces, hyphens and underscores are ignored, so WHMCS's
    /// `"Payment Pending"` and `"Semi-Annually"` find `paymentPending` and `semiannually`. `aliases` maps
    /// further loose spellings to cases.
    init(providerText text: String, aliases: [String: Self] = [:]) {
        let loose = Self.loose(text)
        self = aliases[loose] ?? Self.knownCases.first { Self.loose($0.name) == loose } ?? .unknown(text)
    }

    static func loose(_ text: String) -> String {
        String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }))
    }

    public init(from decoder: any Decoder) throws {
        self.init(name: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
