/// A Salesforce record id, always held in its 18-character, case-insensitive-safe form.
///
/// A 15-character id gains its checksum suffix; an 18-character id must carry the right one. Only
/// `[A-Za-z0-9]` is accepted, which also makes the id safe to place in a SOQL string literal.
public struct SalesforceId: Sendable, Hashable, Codable, CustomStringConvertible, TextCodable {
    public let value: String

    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 15 || bytes.count == 18, bytes.allSatisfy(Self.isAlphanumeric) else { return nil }
        let suffix = Self.checksum(of: bytes[0..<15])
        if bytes.count == 18 {
            guard Array(bytes[15..<18]) == suffix else { return nil }
        }
        value = String(decoding: bytes[0..<15] + suffix, as: UTF8.self)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }

    /// Each block of five characters contributes one suffix character: bit i is set when character i is upper-case.
    private static func checksum(of id: ArraySlice<UInt8>) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345".utf8)
        return stride(from: id.startIndex, to: id.startIndex + 15, by: 5).map { blockStart in
            var bits = 0
            for offset in 0..<5 where (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(id[blockStart + offset]) {
                bits |= 1 << offset
            }
            return alphabet[bits]
        }
    }

    public var description: String { value }

    static let expectedText = "a Salesforce id"

    init?(encodedText text: String) {
        self.init(text)
    }
}
