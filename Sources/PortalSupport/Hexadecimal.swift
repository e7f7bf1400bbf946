extension Sequence<UInt8> {
    /// Lower-case hexadecimal, two digits per byte; written by hand because it runs for every response
    /// (ETags), where Foundation's `String(format:)` per byte is slow.
    public var hexadecimal: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
