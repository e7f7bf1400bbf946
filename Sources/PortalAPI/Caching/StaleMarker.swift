import Foundation

/// Marks a body served stale: `"stale":true` goes into its top-level `meta` object, when it has one. The
/// cached bytes are patched, not re-encoded, so every other byte (and number literal) stays as stored.
enum StaleMarker {
    static func marked(_ body: Data) -> Data {
        guard let offset = topLevelMetaObjectStart(body) else { return body }
        let isEmpty = body[body.index(after: offset)...].first(where: { !Self.isWhitespace($0) }) == UInt8(ascii: "}")
        var marked = body
        marked.insert(contentsOf: Array((isEmpty ? #""stale":true"# : #""stale":true,"#).utf8), at: body.index(after: offset))
        return marked
    }

    /// The offset of the `{` that opens the value of the top-level key `meta`.
    private static func topLevelMetaObjectStart(_ body: Data) -> Data.Index? {
        var depth = 0
        var index = body.startIndex
        var stringStart: Data.Index?
        var lastTopLevelKey: Data.SubSequence?
        while index < body.endIndex {
            let byte = body[index]
            if let start = stringStart {
                if byte == UInt8(ascii: "\\") {
                    index = body.index(index, offsetBy: 2, limitedBy: body.endIndex) ?? body.endIndex
                    continue
                }
                if byte == UInt8(ascii: "\"") {
                    if depth == 1 { lastTopLevelKey = body[body.index(after: start)..<index] }
                    stringStart = nil
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): stringStart = index
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    if depth == 1, byte == UInt8(ascii: "{"), let key = lastTopLevelKey, key.elementsEqual("meta".utf8) { return index }
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                case UInt8(ascii: ","): if depth == 1 { lastTopLevelKey = nil }
                default: break
                }
            }
            index = body.index(after: index)
        }
        return nil
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
