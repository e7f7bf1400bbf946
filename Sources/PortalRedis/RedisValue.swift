/// A Redis reply (RESP2).
public enum RedisValue: Equatable, Sendable {
    case null
    case integer(Int64)
    /// A bulk string: binary-safe bytes.
    case bytes([UInt8])
    /// A status reply such as `OK`.
    case status(String)
    case error(String)
    case array([RedisValue])

    public var bytes: [UInt8]? {
        if case .bytes(let bytes) = self { return bytes }
        return nil
    }

    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    public var string: String? {
        switch self {
        case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
        case .status(let text): text
        default: nil
        }
    }
}
