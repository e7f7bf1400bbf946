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
        self = aliases[loose] ?? Self.knownCases.first { Self.isLoose(loose, spelling: $0.name) } ?? .unknown(text)
    }

    /// Whether `loose` (already loose) is `name` lower-cased; case names are ASCII letters.
    private static func isLoose(_ loose: String, spelling name: String) -> Bool {
        loose.utf8.elementsEqual(name.utf8.lazy.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 })
    }

    /// Lower-cased letters and digits only. ASCII text (nearly all provider values) takes a byte-wise path.
    static func loose(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 32)
                default: break
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(
            String.UnicodeScalarView(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil })
        )
    }

    public init(from decoder: any Decoder) throws {
        self.init(name: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
